import { describe, expect, it } from 'vitest';
import { findOoad, OOADS } from './ooad.ts';

describe('OOAD catalogue', () => {
  it('has IMSS’s 35 OOADs with unique two-digit codes and names', () => {
    expect(OOADS).toHaveLength(35);
    expect(new Set(OOADS.map((o) => o.code)).size).toBe(35);
    expect(new Set(OOADS.map((o) => o.name)).size).toBe(35);
    expect(OOADS.every((o) => /^\d{2}$/.test(o.code))).toBe(true);
  });

  it('splits Ciudad de México, Estado de México and Veracruz in two', () => {
    const names = OOADS.map((o) => o.name);
    for (const n of ['Ciudad de México Norte', 'Ciudad de México Sur', 'Estado de México Oriente',
      'Estado de México Poniente', 'Veracruz Norte', 'Veracruz Sur']) {
      expect(names).toContain(n);
    }
  });

  it('finds by code, padded or not, and resolves the merged Federal District codes', () => {
    expect(findOoad('14')?.name).toBe('Jalisco');
    expect(findOoad('1')?.name).toBe('Aguascalientes');
    expect(findOoad('36')?.name).toBe('Ciudad de México Norte');
    expect(findOoad('38')?.name).toBe('Ciudad de México Sur');
  });

  it('has no OOAD for Oficinas Centrales (09) or unknown codes', () => {
    expect(findOoad('09')).toBeUndefined();
    expect(findOoad('99')).toBeUndefined();
    expect(findOoad('abc')).toBeUndefined();
    expect(findOoad('')).toBeUndefined();
  });

  it('cannot be modified by a caller', () => {
    expect(Object.isFrozen(OOADS)).toBe(true);
    expect(Object.isFrozen(OOADS[0])).toBe(true);
  });
});
