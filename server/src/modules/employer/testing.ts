import { makeDemoPerson } from '@siap/mx-identity';
import type { HttpClient } from '../../testing/http-client.ts';
import type { TestApp } from '../../testing/test-app.ts';
import { withCheckDigit } from './registro-patronal.ts';
import { giveConsent } from '../enrollment/testing.ts';

/** Enrolls a registered person with two simulated fingers through the real enrollment routes. */
export async function enrollSimulated(operator: HttpClient, curp: string, stationId: string, readerId: string): Promise<void> {
  const api = '/api/biometrics';
  await giveConsent(operator, curp, stationId);
  const session = await operator.post(`${api}/sessions`, { curp, stationId });
  if (session.statusCode !== 201) throw new Error(`session: ${session.body}`);
  const id = session.json().id as string;
  await operator.post(`${api}/sessions/${id}/reader`, { readerId });
  for (const position of [2, 7]) {
    const capture = await operator.post(`${api}/sessions/${id}/fingers/${position}`, { simulate: {} });
    if (capture.statusCode !== 201) throw new Error(`capture: ${capture.body}`);
  }
  const done = await operator.post(`${api}/sessions/${id}/complete`);
  if (done.statusCode !== 201 || done.json().status !== 'registrado') throw new Error(`complete: ${done.body}`);
}

/** An employer for the patrón with demo seed `ownerSeed`, with one registro patronal. */
export async function createEmployerFor(t: TestApp, ownerSeed: number, registro10 = 'Y5412345101'.slice(0, 10)) {
  const owner = makeDemoPerson(ownerSeed);
  const registro = withCheckDigit(registro10);
  await t.services.employer.createEmployer(
    {
      rfc: owner.rfc,
      name: `${owner.givenNames} ${owner.firstSurname}`,
      ownerCurp: owner.curp,
      registros: [{ registro, ooadCode: '35', subdelegacion: 'Centro', activityClass: 1, riskPremium: '0.54355', wageZone: 'general' }],
    },
    'system',
  );
  return { registro, rfc: owner.rfc };
}

/** Moves a test clock to a fixed instant (the tables cover known years only). */
export function setClock(t: TestApp, iso: string): void {
  t.clock.advance(Date.parse(iso) - t.clock().getTime());
}
