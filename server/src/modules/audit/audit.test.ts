import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../db/test-database.ts';
import { AuditAnchors } from './anchors.ts';
import { entryHash, GENESIS_HASH } from './hash-chain.ts';
import { AuditService } from './service.ts';
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
    return test;
  }

  /** What an attacker with table-owner rights and no key does: edit row `from`, re-hash onwards. */
  async function rewriteFrom(test: TestDatabase, from: number, asUnkeyed: boolean): Promise<void> {
    await sql`alter table audit_log disable trigger audit_log_append_only`.execute(test.db);
    await sql`update audit_log set purpose = 'finalidad inventada' where seq = ${from}`.execute(test.db);
    const rows = await test.db.selectFrom('audit_log').selectAll().orderBy('seq').execute();
    let prev = from === 1 ? GENESIS_HASH : rows[from - 2]!.hash;
    for (const row of rows.filter((r) => r.seq >= from)) {
      // Without the key the attacker can only produce plain SHA-256 hashes (or guess the HMAC).
      const hash = entryHash(prev, { seq: row.seq, occurredAt: row.occurred_at, actor: row.actor, action: row.action, subject: row.subject, purpose: row.purpose, details: row.details });
      await sql`update audit_log set prev_hash = ${prev}, hash = ${hash}, key_id = ${asUnkeyed ? null : row.key_id} where seq = ${row.seq}`.execute(test.db);
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
