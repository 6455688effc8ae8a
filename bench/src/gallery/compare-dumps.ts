/**
 * Two bench:gallery --dump files compared search by search (issue 18: the NATS run must give the
 * in-process run's results): for each search, the 20 best candidates (ids and scores, in order),
 * the mate's score, the best candidate, how many subjects the matcher scored, and the decision
 * decideIdentification takes at each file's operating point.
 *
 *   npm run bench:gallery-compare -- A.json B.json
 *
 * Prints the count of identical and differing searches, and the first differences found; exits
 * with 1 when any search differs (or the two files do not hold the same searches).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decideIdentification, type OperatingPoint } from '@siap/biometrics/gallery';
import type { DumpedOutcome } from './run-searches.ts';

export interface Dump {
  entries: number;
  operating: OperatingPoint;
  outcomes: DumpedOutcome[];
}

export interface Comparison {
  identical: number;
  differing: number;
  /** Per differing search: its index, finger and which fields differ. */
  differences: { index: number; finger: string; fields: string[] }[];
}

const decisionOf = (o: DumpedOutcome, point: OperatingPoint) => {
  const d = decideIdentification(o.top, point);
  return JSON.stringify(d);
};

/** Field by field, search by search; latency is the only field left out (it is a timing). */
export function compareDumps(a: Dump, b: Dump): Comparison {
  if (a.outcomes.length !== b.outcomes.length) throw new Error(`different numbers of searches: ${a.outcomes.length} vs ${b.outcomes.length}`);
  const result: Comparison = { identical: 0, differing: 0, differences: [] };
  a.outcomes.forEach((x, index) => {
    const y = b.outcomes[index];
    if (x.finger !== y.finger || x.mate !== y.mate || x.source !== y.source) throw new Error(`search ${index} is not the same search in both files (${x.finger} vs ${y.finger})`);
    const fields: string[] = [];
    if (JSON.stringify(x.top) !== JSON.stringify(y.top)) fields.push('top');
    if (x.mateScore !== y.mateScore) fields.push('mateScore');
    if (x.mateCompared !== y.mateCompared) fields.push('mateCompared');
    if (x.bestSubject !== y.bestSubject || x.bestScore !== y.bestScore) fields.push('best');
    if (x.compared !== y.compared) fields.push('compared');
    if (decisionOf(x, a.operating) !== decisionOf(y, b.operating)) fields.push('decision');
    if (fields.length === 0) result.identical++;
    else {
      result.differing++;
      result.differences.push({ index, finger: x.finger, fields });
    }
  });
  return result;
}

function main(): void {
  const [fileA, fileB] = process.argv.slice(2);
  if (!fileA || !fileB) {
    console.error('Uso: npm run bench:gallery-compare -- A.json B.json');
    process.exit(2);
  }
  const a = JSON.parse(readFileSync(fileA, 'utf8')) as Dump;
  const b = JSON.parse(readFileSync(fileB, 'utf8')) as Dump;
  const samePoint = JSON.stringify(a.operating) === JSON.stringify(b.operating);
  console.log(`${fileA}: ${a.entries} fingers, ${a.outcomes.length} searches; ${fileB}: ${b.entries} fingers, ${b.outcomes.length} searches; operating point ${samePoint ? 'the same' : 'DIFFERENT'}`);
  const c = compareDumps(a, b);
  console.log(`searches identical: ${c.identical}, differing: ${c.differing}`);
  const byField = new Map<string, number>();
  for (const d of c.differences) for (const f of d.fields) byField.set(f, (byField.get(f) ?? 0) + 1);
  if (byField.size) console.log(`differing fields: ${[...byField].map(([f, n]) => `${f} ${n}`).join(', ')}`);
  for (const d of c.differences.slice(0, 10)) console.log(`  search ${d.index} (${d.finger}): ${d.fields.join(', ')}`);
  if (c.differing > 0 || a.entries !== b.entries || !samePoint) process.exit(1);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) main();
