import { describe, expect, it } from 'vitest';
import { localInstantLabel, personLabel, shiftLabel } from './export-labels.ts';

describe('export labels', () => {
  it('writes a shift named after its hours once, and a named shift with its hours', () => {
    expect(shiftLabel({ name: '08:00–16:00', start: '08:00', end: '16:00' })).toBe('08:00–16:00');
    expect(shiftLabel({ name: '08:00 - 16:00', start: '08:00', end: '16:00' })).toBe('08:00 - 16:00');
    expect(shiftLabel({ name: 'Matutina', start: '08:00', end: '16:00' })).toBe('Matutina 08:00–16:00');
  });

  it('writes instants on the workplace wall clock, not as UTC ISO', () => {
    // 14:05 UTC is 08:05 in Mexico City (UTC−6, no daylight saving since 2022).
    expect(localInstantLabel('2026-11-17T14:05:09.000Z', 'America/Mexico_City')).toBe('17/11/2026 08:05');
  });

  it('names the person with matrícula and OOAD', () => {
    expect(personLabel({ fullName: 'Ana López Ruiz', matricula: '10000001', ooad: { code: '35', name: 'Jalisco' } })).toBe('Ana López Ruiz · matrícula 10000001 · OOAD 35 Jalisco');
    expect(personLabel({ fullName: 'Ana López Ruiz', matricula: null, ooad: null })).toBe('Ana López Ruiz');
  });
});
