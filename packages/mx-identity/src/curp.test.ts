import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { composeCurp } from './compose.ts';
import { curpCheckDigit, validateCurp } from './curp.ts';
import { CURP_INCONVENIENT_WORDS } from './curp-inconvenient-words.ts';
import { CURP_STATE_CODES } from './curp-states.ts';
import { isoDate } from './calendar-date.ts';

const TODAY = { today: '2026-06-01' };

/** Replaces the check digit of a 17-character body so only the property under test can fail. */
const withCheck = (first17: string): string => first17 + curpCheckDigit(first17);

function reasonOf(input: string): string {
  const result = validateCurp(input, TODAY);
  if (result.ok) throw new Error(`expected ${input} to be rejected`);
  expect(result.code).toBe('CURP_INVALID');
  return result.reason;
}

describe('curpCheckDigit', () => {
  it('matches RENAPO’s published example HEGG560427MVZRRL04 (Gloria Hernández García)', () => {
    // By hand, values from "0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ" times weights 18..2:
    // H17·18=306 E14·17=238 G16·16=256 G16·15=240 5·14=70 6·13=78 0·12=0 4·11=44 2·10=20 7·9=63
    // M22·8=176 V32·7=224 Z36·6=216 R28·5=140 R28·4=112 L21·3=63 0·2=0 → 2246; 10 − 6 = 4.
    expect(curpCheckDigit('HEGG560427MVZRRL0')).toBe('4');
  });

  it('keeps Ñ’s slot between N and O, so O is worth 25', () => {
    // Same body with O first: 2246 − H(17·18=306) + O(25·18=450) = 2390 → 0. Were O worth 24
    // (no Ñ slot) the sum would be 2372 → 8.
    expect(curpCheckDigit('OEGG560427MVZRRL0')).toBe('0');
  });

  it('rejects inputs that are not 17 dictionary characters', () => {
    expect(() => curpCheckDigit('HEGG560427MVZRRL')).toThrow(RangeError);
    expect(() => curpCheckDigit('HEGG560427MVZRR-0')).toThrow(RangeError);
  });
});

describe('validateCurp — hand-checked examples', () => {
  it('accepts the RENAPO example and reports its data', () => {
    expect(validateCurp('HEGG560427MVZRRL04', TODAY)).toEqual({
      ok: true,
      value: { curp: 'HEGG560427MVZRRL04', birthDate: '1956-04-27', sex: 'M', stateCode: 'VZ' },
    });
  });

  it('trims and uppercases', () => {
    const result = validateCurp('  hegg560427mvzrrl04 ', TODAY);
    expect(result.ok && result.value.curp).toBe('HEGG560427MVZRRL04');
  });

  it('rejects the example with a wrong check digit and says which digit is expected', () => {
    expect(reasonOf('HEGG560427MVZRRL05')).toMatch(/dígito verificador.*termina en 5.*debería terminar en 4/);
  });

  it('reads the century from the 17th character: a letter means 2000s', () => {
    const curp = withCheck('SARS030715MJCMMFA');
    const result = validateCurp(curp, TODAY);
    expect(result.ok && result.value.birthDate).toBe('2003-07-15');
  });

  it('checks the calendar, including leap years per century', () => {
    expect(validateCurp(withCheck('HEGG000229MVZRRLA'), TODAY).ok).toBe(true); // 2000 is leap
    expect(reasonOf(withCheck('HEGG000229MVZRRL0'))).toMatch(/no es una fecha válida/); // 1900 is not
    expect(reasonOf(withCheck('HEGG561327MVZRRL0'))).toMatch(/fecha/);
    expect(reasonOf(withCheck('HEGG560431MVZRRL0'))).toMatch(/fecha/);
  });

  it('rejects births after today', () => {
    expect(reasonOf(withCheck('HEGG270101MVZRRLA'))).toMatch(/posterior a hoy/);
  });

  it('accepts the non-binary marker X and people born abroad (NE)', () => {
    const x = validateCurp(withCheck('HEGG560427XNERRL0'), TODAY);
    expect(x.ok && x.value).toMatchObject({ sex: 'X', stateCode: 'NE' });
  });

  it('names the failing part', () => {
    expect(reasonOf('HEGG560427MVZRRL0')).toMatch(/18 caracteres; se recibieron 17/);
    expect(reasonOf('HEGG560427MVZRRÑ04')).toMatch(/letras .*y números/);
    expect(reasonOf(withCheck('HBGG560427MVZRRL0'))).toMatch(/segundo una vocal o X/);
    expect(reasonOf(withCheck('HEGG560427QVZRRL0'))).toMatch(/sexo.*«Q»/);
    expect(reasonOf(withCheck('HEGG560427MZZRRL0'))).toMatch(/entidad de nacimiento «ZZ»/);
    expect(reasonOf(withCheck('HEGG560427MVZRAL0'))).toMatch(/consonantes/);
    expect(reasonOf('HEGG560427MVZRRL0A')).toMatch(/dígito verificador\) debe ser un número/);
  });

  it('rejects a CURP whose first four letters form an inconvenient word, even with a right check digit', () => {
    expect(reasonOf(withCheck('PUTO800229HDFNRS0'))).toMatch(/palabra inconveniente «PUTO»/);
    expect(validateCurp(withCheck('PXTO800229HDFNRS0'), TODAY).ok).toBe(true);
  });

  it('never throws, whatever it is given', () => {
    fc.assert(fc.property(fc.string({ maxLength: 30 }), (s) => {
      expect(typeof validateCurp(s, TODAY).ok).toBe('boolean');
    }));
  });
});

const word = fc.stringMatching(/^[A-ZÑ]{1,10}$/);
const person = fc.record({
  givenNames: fc.oneof(word, fc.tuple(word, word).map(([a, b]) => `${a} ${b}`), fc.constant('María José')),
  firstSurname: fc.oneof(word, word.map((w) => `de la ${w}`)),
  secondSurname: fc.option(word, { nil: null }),
  birthDate: fc
    .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2026-05-31T00:00:00Z'), noInvalidDate: true })
    .map((d) => isoDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate())),
  sex: fc.constantFrom('H' as const, 'M' as const, 'X' as const),
  stateCode: fc.constantFrom(...CURP_STATE_CODES),
});

describe('validateCurp — properties', () => {
  it('every CURP composed from any person validates and gives back the person’s data', () => {
    fc.assert(fc.property(person, (p) => {
      const curp = composeCurp(p);
      const result = validateCurp(curp, TODAY);
      expect(result).toEqual({ ok: true, value: { curp, birthDate: p.birthDate, sex: p.sex, stateCode: p.stateCode } });
    }));
  });

  it('no composed CURP starts with an inconvenient word', () => {
    fc.assert(fc.property(person, (p) => {
      expect(CURP_INCONVENIENT_WORDS.has(composeCurp(p).slice(0, 4))).toBe(false);
    }));
  });

  it('any other check digit makes it invalid', () => {
    fc.assert(fc.property(person, fc.integer({ min: 1, max: 9 }), (p, shift) => {
      const curp = composeCurp(p);
      const wrong = curp.slice(0, 17) + String((Number(curp[17]) + shift) % 10);
      const result = validateCurp(wrong, TODAY);
      expect(result.ok).toBe(false);
      expect(!result.ok && result.reason).toMatch(/dígito verificador/);
    }));
  });
});
