import type { Static } from 'typebox';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { IncapacidadView } from '../../../server/src/modules/incapacity/schema.ts';
import type { RetentionCategory as ServerRetentionCategory } from '../../../server/src/modules/privacy/schema.ts';
import type { Incapacidad } from '../api/incapacidades.ts';
import type { QuincenaAttendance } from '../api/attendance.ts';
import type { RetentionCategory } from '../api/privacy.ts';
import { matchRoute, type FakeRoutes, type WireResponses } from './wire.ts';

/**
 * The web's wire types are the server's schemas: these checks run under `npm run typecheck`
 * (tsc -p web/tsconfig.json), which is where a drifted response or fake fails.
 */
describe('wire types shared with the server', () => {
  it('types the web and its fakes by the server schema, so a fake that drifts does not compile', () => {
    expectTypeOf<RetentionCategory>().toEqualTypeOf<Static<typeof ServerRetentionCategory>>();
    expectTypeOf<WireResponses['PUT /api/privacy/retention/:category']>().toEqualTypeOf<Static<typeof ServerRetentionCategory>>();
    expectTypeOf<Incapacidad>().toEqualTypeOf<Static<typeof IncapacidadView>>();
    const drifted: FakeRoutes = {
      // @ts-expect-error -- `days` is not the server's `dias`: a fake answering an old shape is a type error.
      'PUT /api/privacy/retention/:category': () => ({ category: 'biometricos', days: 30, desde: 'ultimo_uso', descripcion: '', defaultDias: 1825, change: null }),
      // @ts-expect-error -- the server sends `quincena` as an object, not its id.
      'GET /api/attendance/quincenas/:id': (): QuincenaAttendance => ({ quincena: '2026-Q21' }),
      // @ts-expect-error -- 'vencida' is not one of the server's proof statuses (vigente, por_vencer, en_riesgo).
      'GET /api/pension/staff/pensioners': () => [{ curp: 'GOMC600101MDFMRR08', name: 'Carmen', ooadCode: null, status: 'vencida', nextDueDate: '2026-11-20', daysLeft: -16, biometricStatus: 'completo' }],
    };
    expect(Object.keys(drifted)).toHaveLength(3);
  });

  it('routes a request to the fake whose method and path pattern match, with its params decoded', () => {
    const routes: FakeRoutes = { 'PUT /api/privacy/retention/:category': () => new Response(null), 'GET /api/attendance/quincenas/:id': () => new Response(null) };
    expect(matchRoute(routes, 'PUT', '/api/privacy/retention/bit%C3%A1cora')?.params).toEqual({ category: 'bitácora' });
    expect(matchRoute(routes, 'GET', '/api/attendance/quincenas/2026-Q21?x=1')?.params).toEqual({ id: '2026-Q21' });
    expect(matchRoute(routes, 'GET', '/api/privacy/retention/biometricos')).toBeNull();
    expect(matchRoute(routes, 'GET', '/api/attendance/quincenas/2026-Q21/export.pdf')).toBeNull();
  });
});
