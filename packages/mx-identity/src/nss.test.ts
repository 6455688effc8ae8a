import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nssCheckDigit, nssYearsArePlausible, validateNss } from './nss.ts';

const TODAY = { today: '2026-06-01' };

function reasonOf(input: string, options = TODAY): string {
  const result = validateNss(input, options);
  if (result.ok) throw new Error(`expected ${input} to be rejected`);
  expect(result.code).toBe('NSS_INVALID');
  return result.reason;
}

describe('nssCheckDigit — hand-checked', () => {
  it('84966311213 (published example of the francerz/mx-imss library)', () => {
    // Weights 1,2,1,2…; doubled digits above 9 lose 9:
    // 8 + (4·2=8) + 9 + (6·2=12→3) + 6 + (3·2=6) + 1 + (1·2=2) + 2 + (1·2=2) = 47 → 10 − 7 = 3.
    expect(nssCheckDigit('8496631121')).toBe('3');
  });

  it('12345678903 (the example in many NSS validators)', () => {
    // 1 + 4 + 3 + 8 + 5 + (12→3) + 7 + (16→7) + 9 + 0 = 47 → 3.
    expect(nssCheckDigit('1234567890')).toBe('3');
  });

  it('gives 0 when the sum is a multiple of ten', () => {
    // Zeros, then 1 (weight 1) + (9·2=18→9) = 10 → 0.
    expect(nssCheckDigit('0000000019')).toBe('0');
  });

  it('rejects anything but 10 digits', () => {
    expect(() => nssCheckDigit('849663112')).toThrow(RangeError);
    expect(() => nssCheckDigit('84966311A1')).toThrow(RangeError);
  });
});

describe('validateNss', () => {
  it('accepts a valid NSS and splits it into its parts', () => {
    expect(validateNss('84966311213', TODAY)).toEqual({
      ok: true,
      value: { nss: '84966311213', subdelegation: '84', registrationYear: '96', birthYear: '63' },
    });
  });

  it('tolerates spaces and hyphens as printed on documents', () => {
    expect(validateNss(' 8496-63-1121-3 ', TODAY).ok).toBe(true);
  });

  it('rejects a wrong check digit and says which one is expected', () => {
    expect(reasonOf('84966311215')).toMatch(/termina en 5 y debería terminar en 3/);
  });

  it('rejects wrong length and non-digits', () => {
    expect(reasonOf('8496631121')).toMatch(/11 dígitos; se recibieron 10/);
    expect(reasonOf('84966311A13')).toMatch(/solo puede contener dígitos/);
  });

  it('rejects years no reading of which is possible; accepts them once they are', () => {
    // 12345678903 has a right check digit, but registration "34" with birth "56" means 1934 (before
    // birth in 1956 and before the IMSS existed) or 2034 (the future).
    expect(reasonOf('12345678903')).toMatch(/año de afiliación \(34\).*año de nacimiento \(56\)/);
    expect(validateNss('12345678903', { today: '2040-01-01' }).ok).toBe(true);
  });

  it('reads two-digit years across the century: born 1985, registered 2003', () => {
    const first10 = '3103850123';
    expect(validateNss(first10 + nssCheckDigit(first10), TODAY).ok).toBe(true);
  });

  it('never throws', () => {
    fc.assert(fc.property(fc.string({ maxLength: 15 }), (s) => {
      expect(typeof validateNss(s, TODAY).ok).toBe('boolean');
    }));
  });
});

describe('nssYearsArePlausible', () => {
  it('needs registration ≥ 1943, ≥ birth and ≤ this year under some choice of centuries', () => {
    expect(nssYearsArePlausible(96, 63, 2026)).toBe(true);
    expect(nssYearsArePlausible(3, 85, 2026)).toBe(true);
    expect(nssYearsArePlausible(30, 40, 2026)).toBe(false); // 1930 < 1943, 2030 future
    expect(nssYearsArePlausible(42, 42, 2026)).toBe(false); // 1942 < 1943; 2042 future
    expect(nssYearsArePlausible(43, 43, 2026)).toBe(true);
  });
});

describe('properties', () => {
  const first10 = fc
    .tuple(fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 26 }), fc.integer({ min: 0, max: 26 }), fc.integer({ min: 0, max: 9999 }))
    .filter(([, reg, birth]) => birth <= reg) // 20xx registration of a 20xx birth: always plausible
    .map(([sub, reg, birth, seq]) =>
      [sub, reg, birth].map((n) => String(n).padStart(2, '0')).join('') + String(seq).padStart(4, '0'),
    );

  it('appending the check digit always validates; any other last digit never does', () => {
    fc.assert(fc.property(first10, fc.integer({ min: 1, max: 9 }), (body, shift) => {
      const check = nssCheckDigit(body);
      expect(validateNss(body + check, TODAY).ok).toBe(true);
      expect(validateNss(body + String((Number(check) + shift) % 10), TODAY).ok).toBe(false);
    }));
  });

  it('detects every single-digit typo (the point of Luhn)', () => {
    fc.assert(fc.property(first10, fc.integer({ min: 0, max: 9 }), fc.integer({ min: 1, max: 9 }), (body, pos, shift) => {
      const nss = body + nssCheckDigit(body);
      const typo = nss.slice(0, pos) + String((Number(nss[pos]) + shift) % 10) + nss.slice(pos + 1);
      expect(nssCheckDigit(typo.slice(0, 10))).not.toBe(typo[10]);
    }));
  });
});
