import { describe, expect, it } from 'vitest';
import { businessDaysAfter } from './business-days.ts';
import { registroCheckDigit, validateRegistroPatronal, withCheckDigit } from './registro-patronal.ts';
import { vigenciaOn, type VigenciaMovement } from './vigencia.ts';

let seq = 0;
const m = (registroId: string, kind: VigenciaMovement['kind'], effectiveDate: string): VigenciaMovement => ({ registroId, kind, effectiveDate, seq: (seq += 1) });

describe('vigencia de derechos (LSS art. 109)', () => {
  it('is vigente while employed and not before the alta', () => {
    const history = [m('A', 'alta', '2026-01-10')];
    expect(vigenciaOn(history, '2026-03-01')).toMatchObject({ vigente: true, registroId: 'A', from: '2026-01-10', to: null });
    expect(vigenciaOn(history, '2026-01-09')).toMatchObject({ vigente: false, registroId: null });
  });

  it('conserves rights 8 weeks after a baja with at least 8 uninterrupted weeks', () => {
    const history = [m('A', 'alta', '2026-01-01'), m('A', 'baja', '2026-02-25')]; // 56 days = 8 weeks
    expect(vigenciaOn(history, '2026-04-22')).toMatchObject({ vigente: true, conservacion: { weeksContributed: 8, until: '2026-04-22' } });
    expect(vigenciaOn(history, '2026-04-23')).toMatchObject({ vigente: false, to: '2026-04-22' });
  });

  it('gives no conservation under 8 weeks, but joins touching periods in different registros', () => {
    const short = [m('A', 'alta', '2026-01-01'), m('A', 'baja', '2026-02-24')]; // 55 days
    expect(vigenciaOn(short, '2026-02-26')).toMatchObject({ vigente: false, conservacion: null });
    const joined = [m('B', 'alta', '2025-12-01'), m('B', 'baja', '2025-12-31'), m('A', 'alta', '2026-01-01'), m('A', 'baja', '2026-01-31')];
    expect(vigenciaOn(joined, '2026-02-10')).toMatchObject({ vigente: true, registroId: 'A', conservacion: { weeksContributed: 8 } });
    const gap = [m('B', 'alta', '2025-12-01'), m('B', 'baja', '2025-12-30'), m('A', 'alta', '2026-01-02'), m('A', 'baja', '2026-01-31')];
    expect(vigenciaOn(gap, '2026-02-10').vigente).toBe(false);
  });
});

describe('registro patronal and legal terms', () => {
  it('validates format and check digit', () => {
    const good = withCheckDigit('Y541234510');
    expect(validateRegistroPatronal(` ${good.slice(0, 3)}-${good.slice(3)} `)).toEqual({ ok: true, registro: good });
    const bad = `${good.slice(0, 10)}${(registroCheckDigit(good.slice(0, 10)) + 1) % 10}`;
    expect(validateRegistroPatronal(bad)).toMatchObject({ ok: false, reason: expect.stringMatching(/dígito verificador/) });
    expect(validateRegistroPatronal(bad, { checkDigit: false }).ok).toBe(true);
    expect(validateRegistroPatronal('Y54123451').ok).toBe(false);
    expect(validateRegistroPatronal('YY541234510').ok).toBe(false);
  });

  it('counts business days Monday to Friday', () => {
    expect(businessDaysAfter('2026-06-12', '2026-06-15')).toBe(1); // Friday → Monday
    expect(businessDaysAfter('2026-06-22', '2026-07-03')).toBe(9);
  });
});
