import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.ts';
import { testConfig } from '../../config.ts';
import { openPglite, openPostgres, type Db } from '../../db/database.ts';
import { createTestDatabase, type TestDatabase } from '../../db/test-database.ts';
import { HttpClient } from '../../testing/http-client.ts';
import { AuditService } from '../audit/service.ts';
import { ONE_FINGER_POLICY, ONE_FINGER_POLICY_ENV } from './testing.ts';

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'crash-child.ts');
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

interface ChildRun {
  signal: NodeJS.Signals | null;
  code: number | null;
  ready: { personId: string; curp: string; sessionId: string; simulated: string };
  stdout: string;
}

/** Runs crash-child.ts against the database and waits for it to end (by itself or by SIGKILL). */
function runChild(env: Record<string, string>): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent', SESSION_SECRET: 'crash-test-secret-crash-test-secret!', DEMO: 'false', ...ONE_FINGER_POLICY_ENV, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      const line = stdout.split('\n').find((l) => l.startsWith('READY '));
      if (!line) return reject(new Error(`child ended before READY (code ${code}, signal ${signal}):\n${stdout}\n${stderr}`));
      resolve({ code, signal, ready: JSON.parse(line.slice(6)), stdout });
    });
  });
}

async function tableCounts(db: Db, sessionId: string, personId: string) {
  const one = async (query: ReturnType<typeof sql<{ n: number }>>) => Number((await query.execute(db)).rows[0].n);
  return {
    enrollments: await one(sql`select count(*)::int as n from enrollments where person_id = ${personId}`),
    templates: await one(sql`select count(*)::int as n from enrollment_templates t join enrollments e on e.id = t.enrollment_id where e.person_id = ${personId}`),
    subjects: await one(sql`select count(*)::int as n from biometric_subjects where person_id = ${personId}`),
    completedAudit: await one(sql`select count(*)::int as n from audit_log where action = 'biometrics.enrollment.completed' and subject = ${`person:${personId}`}`),
    openSession: await one(sql`select count(*)::int as n from capture_sessions where id = ${sessionId} and status = 'abierta'`),
    captures: await one(sql`select count(*)::int as n from captures where session_id = ${sessionId}`),
  };
}

/**
 * Crash consistency: the enrollment process is SIGKILLed at a point inside the enrollment
 * transaction (and, second case, right after its commit). After a restart the person is either
 * not enrolled at all (and the enrollment can simply be completed again) or fully enrolled — and
 * the 1:N gallery, rebuilt from the database, agrees.
 */
describe('enrollment survives a SIGKILL: all or nothing', () => {
  const cleanup: Array<() => Promise<void> | void> = [];
  afterAll(async () => {
    for (const step of cleanup.reverse()) await step();
  });

  /** A database location a child process can open: a PGlite directory, or a PostgreSQL test database. */
  async function freshLocation(): Promise<{ env: Record<string, string>; open: () => Db }> {
    if (process.env.DATABASE_URL) {
      const test: TestDatabase = await createTestDatabase();
      cleanup.push(() => test.destroy());
      return { env: { DATABASE_URL: test.url! }, open: () => openPostgres(test.url!) };
    }
    const dir = mkdtempSync(path.join(tmpdir(), 'siap-crash-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    return { env: { DATA_DIR: dir }, open: () => openPglite(dir) };
  }

  async function restart(open: () => Db) {
    const db = open();
    const app = await buildApp({ config: testConfig({ biometrics: { ...testConfig().biometrics, enrollmentPolicy: ONE_FINGER_POLICY } }), db });
    const operator = new HttpClient(app);
    await operator.post('/api/auth/employee-login', { matricula: String(10_000_000 + 702), ooadCode: '35', password: 'Clave-segura-702' });
    await operator.csrf();
    return { db, app, operator, close: async () => { await app.close(); await db.destroy(); } };
  }

  it('killed inside the transaction → nothing of the enrollment exists; completing again enrolls', async () => {
    const location = await freshLocation();
    const run = await runChild({ ...location.env, SIAP_TEST_CRASH_POINT: 'enrollment.inside-transaction' });
    expect(run.signal).toBe('SIGKILL');
    expect(run.stdout).not.toContain('DONE');

    const after = await restart(location.open);
    try {
      expect(await tableCounts(after.db, run.ready.sessionId, run.ready.personId)).toEqual({
        enrollments: 0,
        templates: 0,
        subjects: 0,
        completedAudit: 0,
        openSession: 1,
        captures: 2,
      });
      expect(await new AuditService().verify(after.db)).toMatchObject({ ok: true });

      const done = await after.operator.post(`/api/biometrics/sessions/${run.ready.sessionId}/complete`);
      expect(done.statusCode, done.body).toBe(201);
      expect(done.json()).toMatchObject({ status: 'registrado', version: 1 });
      expect(await tableCounts(after.db, run.ready.sessionId, run.ready.personId)).toMatchObject({ enrollments: 1, templates: 2, subjects: 1, completedAudit: 1, openSession: 0 });
    } finally {
      await after.close();
    }
  }, 600_000);

  it('killed right after the commit → fully enrolled, and the rebuilt gallery finds the person', async () => {
    const location = await freshLocation();
    const run = await runChild({ ...location.env, SIAP_TEST_CRASH_POINT: 'enrollment.after-commit' });
    expect(run.signal).toBe('SIGKILL');

    const after = await restart(location.open);
    try {
      expect(await tableCounts(after.db, run.ready.sessionId, run.ready.personId)).toEqual({
        enrollments: 1,
        templates: 2,
        subjects: 1,
        completedAudit: 1,
        openSession: 0,
        captures: 2,
      });
      expect(await new AuditService().verify(after.db)).toMatchObject({ ok: true });
      const found = await after.operator.post('/api/biometrics/identify', {
        purpose: 'asistencia',
        fingerReaderId: run.ready.simulated,
        fingers: [{ position: 6, simulate: { identity: run.ready.curp } }],
      });
      expect(found.statusCode, found.body).toBe(200);
      expect(found.json()).toMatchObject({ decision: 'identificado', candidates: [expect.objectContaining({ personId: run.ready.personId })] });
    } finally {
      await after.close();
    }
  }, 600_000);
});
