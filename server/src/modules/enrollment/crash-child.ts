/**
 * Child process of crash.test.ts: a real app on a PGlite data directory (DATA_DIR) or a
 * PostgreSQL database (DATABASE_URL) that sets up a station, an operator and a person, captures
 * two simulated fingers over HTTP and completes the enrollment — with SIAP_TEST_CRASH_POINT set,
 * the enrollment SIGKILLs this process at that point. Prints `READY <json>` before completing.
 */
import { buildApp } from '../../app.ts';
import { loadConfig } from '../../config.ts';
import { openDatabase } from '../../db/database.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import type { TestApp } from '../../testing/test-app.ts';
import { HttpClient } from '../../testing/http-client.ts';
import { createStation, loggedIn, registerPerson, giveConsent } from './testing.ts';

const config = loadConfig();
const db = openDatabase(config);
await migrateToLatest(db);
const app = await buildApp({ config, db });
const t = { app, services: app.services, config, database: { db }, client: () => new HttpClient(app) } as unknown as TestApp;

const admin = await loggedIn(t, 701, 'admin');
const operator = await loggedIn(t, 702, 'operador');
const station = await createStation(admin, 'CRASH-01');
const person = await registerPerson(t, 711);
await giveConsent(operator, person.curp, station.id);
const session = (await operator.post('/api/biometrics/sessions', { curp: person.curp, stationId: station.id })).json();
await operator.post(`/api/biometrics/sessions/${session.id}/reader`, { readerId: station.simulated });
for (const position of [1, 6]) {
  const capture = await operator.post(`/api/biometrics/sessions/${session.id}/fingers/${position}`, { simulate: {} });
  if (capture.statusCode !== 201) throw new Error(capture.body);
}
console.log(`READY ${JSON.stringify({ personId: person.id, curp: person.curp, sessionId: session.id, stationId: station.id, simulated: station.simulated })}`);
const done = await operator.post(`/api/biometrics/sessions/${session.id}/complete`);
console.log(`DONE ${done.statusCode} ${done.body}`);
await app.close();
await db.destroy();
