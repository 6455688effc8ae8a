import type { CompiledQuery, QueryResult } from 'kysely';
import type { Executor } from './database.ts';

/**
 * A statement of fixed shape, built and compiled by Kysely once and then run with new parameter
 * values. Kysely builds a query as a tree of frozen nodes and compiles it on every call: for the
 * statements of each 1:1 verification (the consent gate, the template read) that was ~0.15–0.2 ms
 * of the event loop per statement and call, ~10 % of its time per verification (CPU profile under
 * load), for SQL text that never changes.
 *
 * `build` is called once, with a placeholder in place of each argument; the placeholders must come
 * out as parameters (never as SQL, never dropped), which is checked then. So `build` must use its
 * arguments only as values: no branching on them, no lists whose length varies.
 */
export function compiledOnce<Args extends unknown[], Row>(build: (db: Executor, ...args: Args) => CompiledQuery<Row>): (db: Executor, ...args: Args) => Promise<QueryResult<Row>> {
  let compiled: { query: CompiledQuery<Row>; slots: Array<{ parameter: number; argument: number }> } | null = null;
  return async (db, ...args) => {
    if (!compiled) {
      const placeholders = args.map((_, index) => new Placeholder(index)) as Args;
      const query = build(db, ...placeholders);
      const slots = query.parameters.flatMap((value, parameter) => (value instanceof Placeholder ? [{ parameter, argument: value.index }] : []));
      for (let index = 0; index < args.length; index++) {
        if (!slots.some((slot) => slot.argument === index)) throw new Error(`compiledOnce: argument ${index} is not a parameter of the statement`);
      }
      compiled = { query, slots };
    }
    const parameters = compiled.query.parameters.slice();
    for (const { parameter, argument } of compiled.slots) parameters[parameter] = args[argument];
    return db.executeQuery<Row>({ ...compiled.query, parameters });
  };
}

/** Stands for argument `index` while the statement is built. */
class Placeholder {
  constructor(readonly index: number) {}
}
