import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../db/test-database.ts';
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
