import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type CompiledQuery } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../db/test-database.ts';
import { AuditAnchors } from './anchors.ts';
import { entryHash, GENESIS_HASH } from './hash-chain.ts';
import { JobQueue } from '../jobs/service.ts';
import { AuditSealer } from './sealer.ts';
import { AuditService, SEAL_WINDOW_MS } from './service.ts';
import { runAuditVerify } from './verify-command.ts';

describe('audit log', () => {
  let test: TestDatabase;
  const audit = new AuditService();
  beforeAll(async () => {
    test = await createTestDatabase();
  });
  afterAll(() => test.destroy());

  it('chains entries written in transactions and verifies them', async () => {
    for (let i = 1; i <= 5; i += 1) {
      await test.db.transaction().execute((trx) =>
        audit.record(trx, {
          actor: 'system',
          action: 'test.write',
          subject: `person:${i}`,
          purpose: 'prueba de cadena',
          details: { i, nested: { b: 2, a: [1, 'x'] } },
        }),
      );
    }
    expect(await audit.sealAll(test.db)).toBe(5);
    const lines: string[] = [];
    expect(await runAuditVerify(test.db, (l) => lines.push(l))).toBe(0);
    expect(lines[0]).toContain('5 entradas');
  });

  it('does not record an entry whose transaction rolled back', async () => {
    await expect(
      test.db.transaction().execute(async (trx) => {
        await audit.record(trx, { actor: 'system', action: 'test.rollback', subject: 'x', purpose: 'p' });
        throw new Error('action failed');
      }),
    ).rejects.toThrow('action failed');
    expect(await audit.sealAll(test.db)).toBe(0);
    const result = await audit.verify(test.db);
    expect(result).toMatchObject({ ok: true, entries: 5 });
  });

  it('never forks under concurrent appends', async () => {
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        test.db.transaction().execute((trx) =>
          audit.record(trx, { actor: 'system', action: 'test.concurrent', subject: `c:${i}`, purpose: 'p' }),
        ),
      ),
    );
    await audit.sealAll(test.db);
    expect(await audit.verify(test.db)).toMatchObject({ ok: true, entries: 13 });
  });

  it('refuses UPDATE and DELETE in the database itself', async () => {
    await expect(sql`update audit_log set purpose = 'otro' where seq = 1`.execute(test.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log where seq = 1`.execute(test.db)).rejects.toThrow(/append-only/);
  });

  it('names exactly the altered entry', async () => {
    // Tampering needs the table owner to switch the append-only trigger off: the point of the
    // hash chain is that even someone with that power cannot alter history unnoticed.
    await sql`alter table audit_log disable trigger audit_log_append_only`.execute(test.db);
    await sql`update audit_log set purpose = 'finalidad inventada' where seq = 3`.execute(test.db);
    await sql`alter table audit_log enable trigger audit_log_append_only`.execute(test.db);

    const lines: string[] = [];
    expect(await runAuditVerify(test.db, (l) => lines.push(l))).toBe(1);
    expect(lines[0]).toContain('#3 ');
    expect(await audit.verify(test.db)).toMatchObject({ ok: false, firstBrokenSeq: 3, entries: 2 });
  });

  it('detects removal of the newest entries through the chain head', async () => {
    const other = await createTestDatabase();
    try {
      for (let i = 0; i < 3; i += 1) {
        await other.db.transaction().execute((trx) =>
          audit.record(trx, { actor: 'system', action: 'test', subject: 's', purpose: 'p' }),
        );
      }
      await audit.sealAll(other.db);
      await sql`alter table audit_log disable trigger audit_log_append_only`.execute(other.db);
      await sql`delete from audit_log where seq = 3`.execute(other.db);
      expect(await audit.verify(other.db)).toMatchObject({ ok: false, firstBrokenSeq: 3 });
    } finally {
      await other.destroy();
    }
  });
});

/**
 * Issue 19 item 9: a database owner who rewrites an entry and recomputes every later hash (and
 * the head) used to pass the verifier. They cannot without the audit key, and the anchors kept
 * outside the database catch even a chain rebuilt from its first entry.
 */
describe('audit chain against a database owner', () => {
  const key = { key: Buffer.from('clave-de-bitacora-de-prueba-9f3Kq7Lx2Vb8Nw4Rz6Ty1Hc5'), keyId: 'prueba' };
  const audit = new AuditService(undefined, key);

  async function chainOf(n: number): Promise<TestDatabase> {
    const test = await createTestDatabase();
    for (let i = 1; i <= n; i += 1) {
      await test.db.transaction().execute((trx) => audit.record(trx, { actor: 'system', action: 'test.write', subject: `s:${i}`, purpose: 'p', details: { i } }));
    }
    await audit.sealAll(test.db);
    return test;
  }

  /** What an attacker with table-owner rights and no key does: edit row `from`, re-hash onwards. */
  async function rewriteFrom(test: TestDatabase, from: number, asUnkeyed: boolean): Promise<void> {
    await sql`alter table audit_log disable trigger audit_log_append_only`.execute(test.db);
    await sql`update audit_log set purpose = 'finalidad inventada' where seq = ${from}`.execute(test.db);
    const rows = await test.db.selectFrom('audit_log').selectAll().orderBy('seq').execute();
    let prev = from === 1 ? GENESIS_HASH : rows[from - 2]!.hash;
    for (const row of rows.filter((r) => r.seq! >= from)) {
      // Without the key the attacker can only produce plain SHA-256 hashes (or guess the HMAC).
      const hash = entryHash(prev!, { seq: row.seq!, occurredAt: row.occurred_at, actor: row.actor, action: row.action, subject: row.subject, purpose: row.purpose, details: row.details });
      // An attacker making the entry look unkeyed also drops the writer's MAC (which would give it away).
      await sql`update audit_log set prev_hash = ${prev}, hash = ${hash}, key_id = ${asUnkeyed ? null : row.key_id}, entry_mac = ${asUnkeyed ? null : row.entry_mac} where seq = ${row.seq}`.execute(test.db);
      prev = hash;
    }
    await sql`update audit_chain_head set last_hash = ${prev} where id = 1`.execute(test.db);
    await sql`alter table audit_log enable trigger audit_log_append_only`.execute(test.db);
  }

  it('catches an entry rewritten with every later hash recomputed', async () => {
    for (const asUnkeyed of [false, true]) {
      const test = await chainOf(8);
      try {
        expect(await audit.verify(test.db)).toMatchObject({ ok: true, entries: 8 });
        await rewriteFrom(test, 5, asUnkeyed);
        const result = await audit.verify(test.db);
        expect(result).toMatchObject({ ok: false, firstBrokenSeq: 5 });
      } finally {
        await test.destroy();
      }
    }
  });

  it('catches a chain rebuilt from its first entry through the signed anchors outside the database', async () => {
    const test = await chainOf(6);
    const file = join(mkdtempSync(join(tmpdir(), 'siap-anchors-')), 'audit-anchors.jsonl');
    try {
      const anchors = new AuditAnchors(file, key, 5);
      expect(await anchors.checkpoint(test.db, new Date())).toMatchObject({ seq: 6 });
      const lines: string[] = [];
      expect(await runAuditVerify(test.db, (l) => lines.push(l), { key, anchorFile: file })).toBe(0);
      expect(lines.join('\n')).toContain('1 puntos de control coinciden');

      await rewriteFrom(test, 1, true);
      // Every row is now a consistent unkeyed chain: only the anchor can tell.
      expect(await audit.verify(test.db)).toMatchObject({ ok: true });
      const after: string[] = [];
      expect(await runAuditVerify(test.db, (l) => after.push(l), { key, anchorFile: file })).toBe(1);
      expect(after.join('\n')).toContain('#6');
    } finally {
      await test.destroy();
    }
  });
});

/**
 * Entries are written without the chain-head lock and sealed into the chain after commit
 * (README.md, "Sealing"). The chain must come out gapless, in the order entries were sealed,
 * whatever rolled back, crashed or was tampered with in between.
 */
describe('audit sealing', () => {
  const key = { key: Buffer.from('clave-de-sellado-de-prueba-4Hq8Zt2Wm6Pn1Xc9Rb3Lv7Ks'), keyId: 'sellado' };
  const write = (db: TestDatabase['db'], service: AuditService, subject: string, fail = false) =>
    db.transaction().execute(async (trx) => {
      await service.record(trx, { actor: 'system', action: 'test.seal', subject, purpose: 'p' });
      if (fail) throw new Error('rolled back');
    });

  it('seals concurrent appends in order, with no gap for the ones that rolled back', async () => {
    const test = await createTestDatabase();
    const audit = new AuditService(undefined, key);
    try {
      const waves: string[][] = [];
      for (let wave = 0; wave < 4; wave += 1) {
        const subjects = Array.from({ length: 12 }, (_, i) => `w${wave}:${i}`);
        // Every third writer rolls back (its identity value becomes a gap); sealer passes run
        // among the writers, as the in-process trigger and the job do.
        await Promise.all([
          ...subjects.map((subject, i) => write(test.db, audit, subject, i % 3 === 2).catch(() => undefined)),
          audit.seal(test.db),
          audit.seal(test.db),
        ]);
        waves.push(subjects.filter((_, i) => i % 3 !== 2));
        await audit.sealAll(test.db);
      }
      const rows = await test.db.selectFrom('audit_log').select(['seq', 'subject']).orderBy('seq').execute();
      expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 32 }, (_, i) => i + 1));
      expect(rows.map((r) => r.subject).sort()).toEqual(waves.flat().sort());
      // An entry committed before a pass is chained before every entry written after that pass.
      const seqOf = new Map(rows.map((r) => [r.subject, r.seq!]));
      for (let wave = 1; wave < waves.length; wave += 1) {
        expect(Math.max(...waves[wave - 1]!.map((s) => seqOf.get(s)!))).toBeLessThan(Math.min(...waves[wave]!.map((s) => seqOf.get(s)!)));
      }
      expect(await audit.verify(test.db)).toMatchObject({ ok: true, entries: 32, unsealed: { count: 0 } });
    } finally {
      await test.destroy();
    }
  });

  it('writes concurrent stand-alone entries in shared INSERTs (group commit), each call answered once its rows committed', async () => {
    const test = await createTestDatabase();
    const audit = new AuditService(undefined, key);
    let inserts = 0;
    let failNext = false;
    // Counts the INSERTs into the log, and can make the next one fail (as a lost connection would).
    // The INSERT is compiled once (repository.ts) and run with db.executeQuery, so it is counted there.
    const db = new Proxy(test.db, {
      get(target, property) {
        if (property !== 'executeQuery') return Reflect.get(target, property, target);
        return (query: CompiledQuery) => {
          if (/^\s*insert into audit_log\b/i.test(query.sql)) {
            inserts += 1;
            if (failNext) {
              failNext = false;
              return Promise.reject(new Error('conexión perdida'));
            }
          }
          return target.executeQuery(query);
        };
      },
    });
    const pair = (i: number) => [
      { actor: 'system' as const, action: 'test.read', subject: `g:${i}`, purpose: 'p' },
      { actor: 'system' as const, action: 'test.result', subject: `g:${i}`, purpose: 'p', details: { i } },
    ];
    try {
      const answered = await Promise.all(Array.from({ length: 20 }, (_, i) => audit.recordAlone(db, pair(i))));
      expect(answered.every((uids) => uids.length === 2)).toBe(true);
      // The first call goes alone; the 19 that arrived while it ran share the next INSERT.
      expect(inserts).toBe(2);
      const rows = await test.db.selectFrom('audit_log').select(['uid', 'action', 'subject']).orderBy('id').execute();
      expect(rows.map((r) => r.uid)).toEqual(answered.flat().map((a) => a.uid));
      // Each call's entries stay together and in order.
      expect(rows.map((r) => `${r.action} ${r.subject}`)).toEqual(Array.from({ length: 20 }, (_, i) => [`test.read g:${i}`, `test.result g:${i}`]).flat());

      // A failed INSERT fails every call it carried, and writes none of them.
      inserts = 0;
      const first = audit.recordAlone(db, pair(100));
      failNext = true;
      const grouped = [audit.recordAlone(db, pair(101)), audit.recordAlone(db, pair(102))];
      await expect(first).resolves.toHaveLength(2);
      for (const call of grouped) await expect(call).rejects.toThrow('conexión perdida');
      expect(await test.db.selectFrom('audit_log').select('subject').where('subject', 'in', ['g:101', 'g:102']).execute()).toEqual([]);
      // And the next call is written as usual.
      await expect(audit.recordAlone(db, pair(103))).resolves.toHaveLength(2);
      expect(await audit.sealAll(test.db)).toBe(44);
      expect(await audit.verify(test.db)).toMatchObject({ ok: true, entries: 44 });
    } finally {
      await test.destroy();
    }
  });

  it('seals after a crash between insert and seal: the job run at the next start chains what was left', async () => {
    const test = await createTestDatabase();
    try {
      const before = new AuditService(undefined, key);
      for (let i = 0; i < 3; i += 1) await write(test.db, before, `antes:${i}`);
      await before.sealAll(test.db);
      // Committed, never sealed: the process died before its sealer ran.
      for (let i = 0; i < 4; i += 1) await write(test.db, before, `caida:${i}`);
      expect(await before.verify(test.db)).toMatchObject({ ok: true, entries: 3, unsealed: { count: 4, overdue: 0 } });

      // The next start: a new service and sealer; the fallback job's handler seals them.
      const after = new AuditService(undefined, key);
      const jobs = new JobQueue(test.db);
      const sealer = new AuditSealer(test.db, after);
      sealer.defineJob(jobs);
      await jobs.start();
      try {
        await sealer.schedule(jobs);
        await vi.waitFor(async () => expect(await after.verify(test.db)).toMatchObject({ ok: true, entries: 7, unsealed: { count: 0 } }), { timeout: 20_000, interval: 200 });
      } finally {
        await jobs.stop();
      }
      const lines: string[] = [];
      expect(await runAuditVerify(test.db, (l) => lines.push(l), { key })).toBe(0);
      expect(lines[0]).toContain('7 entradas');
    } finally {
      await test.destroy();
    }
  });

  it('seals promptly through the in-process trigger after commit', async () => {
    const test = await createTestDatabase();
    const audit = new AuditService(undefined, key);
    const sealer = new AuditSealer(test.db, audit, { delayMs: 1, trailingMs: 50 }).attach();
    try {
      await Promise.all(Array.from({ length: 6 }, (_, i) => write(test.db, audit, `t:${i}`)));
      await vi.waitFor(async () => expect(await audit.verify(test.db)).toMatchObject({ ok: true, entries: 6, unsealed: { count: 0 } }), { timeout: 5_000, interval: 20 });
    } finally {
      await sealer.stop();
      await test.destroy();
    }
  });

  it('seals a steady stream of records in a few passes (one per minIntervalMs), not one per record', async () => {
    const test = await createTestDatabase();
    const audit = new AuditService(undefined, key);
    const sealer = new AuditSealer(test.db, audit, { delayMs: 1, minIntervalMs: 300, trailingMs: 50 }).attach();
    const passes = vi.spyOn(audit, 'sealAll');
    try {
      // 30 records, one every 20 ms: about 600 ms of traffic on a quiet machine, longer on a busy one.
      const started = performance.now();
      for (let i = 0; i < 30; i += 1) {
        await write(test.db, audit, `s:${i}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const traffic = performance.now() - started;
      await vi.waitFor(async () => expect(await audit.verify(test.db)).toMatchObject({ ok: true, entries: 30, unsealed: { count: 0 } }), { timeout: 5_000, interval: 50 });
      // At most one pass per 300 ms of the traffic as it took, plus the first and a trailing one
      // (5 on a quiet machine); a pass per record would be ~30.
      expect(passes.mock.calls.length).toBeLessThanOrEqual(Math.min(15, Math.ceil(traffic / 300) + 2));
    } finally {
      await sealer.stop();
      await test.destroy();
    }
  });

  it('detects tampering with a sealed entry and refuses changes to an unsealed one', async () => {
    const test = await createTestDatabase();
    const audit = new AuditService(undefined, key);
    try {
      for (let i = 0; i < 4; i += 1) await write(test.db, audit, `s:${i}`);
      await audit.sealAll(test.db);
      await write(test.db, audit, 'pendiente');
      // The trigger lets only the sealer's change through: content of an unsealed row is fixed.
      await expect(sql`update audit_log set purpose = 'otro' where subject = 'pendiente'`.execute(test.db)).rejects.toThrow(/append-only/);
      await expect(sql`delete from audit_log where subject = 'pendiente'`.execute(test.db)).rejects.toThrow(/append-only/);
      // A sealed entry cannot be re-sealed elsewhere in the chain either.
      await expect(sql`update audit_log set seq = 99 where seq = 2`.execute(test.db)).rejects.toThrow(/append-only/);

      await sql`alter table audit_log disable trigger audit_log_append_only`.execute(test.db);
      await sql`update audit_log set details = '{"cambiado": true}'::jsonb where seq = 2`.execute(test.db);
      await sql`alter table audit_log enable trigger audit_log_append_only`.execute(test.db);
      expect(await audit.verify(test.db)).toMatchObject({ ok: false, firstBrokenSeq: 2, entries: 1 });

      // Reordering two sealed entries (swapping their positions) breaks the chain too.
      const other = await createTestDatabase();
      try {
        for (let i = 0; i < 4; i += 1) await write(other.db, audit, `o:${i}`);
        await audit.sealAll(other.db);
        await sql`alter table audit_log disable trigger audit_log_append_only`.execute(other.db);
        await sql`update audit_log set seq = -seq where seq in (2, 3)`.execute(other.db);
        await sql`update audit_log set seq = case seq when -2 then 3 else 2 end where seq in (-2, -3)`.execute(other.db);
        await sql`alter table audit_log enable trigger audit_log_append_only`.execute(other.db);
        expect(await audit.verify(other.db)).toMatchObject({ ok: false, firstBrokenSeq: 2 });
      } finally {
        await other.destroy();
      }
    } finally {
      await test.destroy();
    }
  });

  it('chains an entry of this process from what it wrote, so a row altered before sealing is named by the verifier', async () => {
    const test = await createTestDatabase();
    const writer = new AuditService(undefined, key);
    try {
      await write(test.db, writer, 'antes');
      await write(test.db, writer, 'alterada');
      await sql`alter table audit_log disable trigger audit_log_append_only`.execute(test.db);
      await sql`update audit_log set purpose = 'otro' where subject = 'alterada'`.execute(test.db);
      await sql`alter table audit_log enable trigger audit_log_append_only`.execute(test.db);
      // This process wrote both: both are chained, the second from what was written, not from the row.
      expect(await writer.sealAll(test.db)).toBe(2);
      expect(await writer.verify(test.db)).toMatchObject({ ok: false, firstBrokenSeq: 2 });
    } finally {
      await test.destroy();
    }
    // Another process (or this one after a restart) has no memory of the entry: the full check
    // finds that the writer's MAC no longer holds and leaves the row unsealed, reported as forged.
    const other = await createTestDatabase();
    try {
      await write(other.db, new AuditService(undefined, key), 'alterada');
      await sql`alter table audit_log disable trigger audit_log_append_only`.execute(other.db);
      await sql`update audit_log set purpose = 'otro' where subject = 'alterada'`.execute(other.db);
      await sql`alter table audit_log enable trigger audit_log_append_only`.execute(other.db);
      const restarted = new AuditService(undefined, key);
      expect(await restarted.sealAll(other.db)).toBe(0);
      expect(await restarted.verify(other.db)).toMatchObject({ ok: false, entries: 0 });
    } finally {
      await other.destroy();
    }
  });

  it('never seals a row inserted without the key, and reports it as forged', async () => {
    const test = await createTestDatabase();
    const audit = new AuditService(undefined, key);
    try {
      await write(test.db, audit, 'real');
      await sql`insert into audit_log (occurred_at, actor, action, subject, purpose, details, key_id, uid, entry_mac)
        values (now(), 'system', 'test.seal', 'inventada', 'p', '{}'::jsonb, ${key.keyId}, gen_random_uuid(), ${'0'.repeat(64)})`.execute(test.db);
      expect(await audit.sealAll(test.db)).toBe(1);
      const result = await audit.verify(test.db);
      expect(result).toMatchObject({ ok: false, entries: 1, firstBrokenSeq: null });
      const lines: string[] = [];
      expect(await runAuditVerify(test.db, (l) => lines.push(l), { key })).toBe(1);
      expect(lines[0]).toContain('sin sellar no llevan la firma');
    } finally {
      await test.destroy();
    }
  });

  it('reports an entry left unsealed for longer than the sealing window', async () => {
    const test = await createTestDatabase();
    const written = new Date('2026-03-01T10:00:00Z');
    const audit = new AuditService(() => written, key);
    try {
      await write(test.db, audit, 'a');
      await audit.sealAll(test.db);
      await write(test.db, audit, 'b');
      // Within the window: reported, not a failure.
      const soon: string[] = [];
      expect(await runAuditVerify(test.db, (l) => soon.push(l), { key, now: new Date(written.getTime() + SEAL_WINDOW_MS - 1_000) })).toBe(0);
      expect(soon.join('\n')).toContain('sin sellar');
      // Past it: the sealer is not running (or was kept from it), and the check fails.
      const late: string[] = [];
      expect(await runAuditVerify(test.db, (l) => late.push(l), { key, now: new Date(written.getTime() + SEAL_WINDOW_MS + 1_000) })).toBe(1);
      expect(late.join('\n')).toMatch(/INCOMPLETA: 1 entradas llevan más de 300 s sin sellar/);
      expect(await audit.verify(test.db, { now: new Date(written.getTime() + SEAL_WINDOW_MS + 1_000) })).toMatchObject({ ok: true, unsealed: { count: 1, overdue: 1 } });
    } finally {
      await test.destroy();
    }
  });
});
