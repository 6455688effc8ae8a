/**
 * One demo seed per test run instead of one per browser file.
 *
 * A fresh `npm start` spends most of its start-up seeding the demo (twenty simulated fingers
 * captured, extracted and deduplicated for the employer's and the signature's demo people). The
 * seed is the same for every file, so the global set-up starts the system once on an empty data
 * directory, stops it, and each file's server then starts on its own copy of that directory:
 * every file still gets the demo data exactly as a first start leaves it, and its own database,
 * and the restart path of `npm start` ("datos de demostración ya presentes") is what it runs.
 * A file that must show a first start (admin.e2e) asks for a fresh directory.
 *
 * With E2E_DATABASE_URL the servers share one PostgreSQL database, which a folder copy cannot
 * duplicate, so every file starts fresh as before.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import './data-dir.ts';
import { startServerIn } from './server.ts';

export default async function seedOnce(project: TestProject): Promise<() => Promise<void>> {
  if (process.env.E2E_DATABASE_URL) {
    project.provide('seededDataDir', null);
    return async () => {};
  }
  const dir = await mkdtemp(join(tmpdir(), 'siap-e2e-seeded-'));
  const server = await startServerIn(dir);
  // Stopped with SIGTERM: the server closes the embedded database cleanly before the copy.
  await server.stop({ keepData: true });
  project.provide('seededDataDir', dir);
  return async () => {
    await rm(dir, { recursive: true, force: true });
  };
}
