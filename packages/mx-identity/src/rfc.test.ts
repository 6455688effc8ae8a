import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoDate } from './calendar-date.ts';
import { composeRfcFisica } from './compose.ts';
import { rfcHomonymKey } from './rfc-homonym.ts';
import { RFC_INCONVENIENT_WORDS } from './rfc-inconvenient-words.ts';
import { rfcCheckDigit, validateRfc } from './rfc.ts';

const TODAY = { today: '2026-06-01' };

function reasonOf(input: string): string {
  const result = validateRfc(input, TODAY);
  if (result.ok) throw new Error(`expected ${input} to be rejected`);
  expect(result.code).toBe('RFC_INVALID');
  return result.reason;
}

describe('rfcCheckDigit — hand-checked', () => {
  it('SAT’s example persona física GODE561231GR8 (Emma Gómez Díaz)', () => {
    // G16·13=208 O25·12=300 D13·11=143 E14·10=140 5·9=45 6·8=48 1·7=7 2·6=12 3·5=15 1·4=4
    // G16·3=48 R28·2=56 → 1026; 1026 mod 11 = 3; 11 − 3 = 8.
    expect(rfcCheckDigit('GODE561231GR')).toBe('8');
  });

  it('SAT’s CFDI test persona moral EKU9003173C9 (left-padded with a space worth 37)', () => {
    // ␠37·13=481 E14·12=168 K20·11=220 U31·10=310 9·9=81 0 0 3·6=18 1·5=5 7·4=28 3·3=9 C12·2=24
    // → 1344; 1344 mod 11 = 2; 11 − 2 = 9.
    expect(rfcCheckDigit('EKU9003173C')).toBe('9');
  });

  it('writes 10 as A and remainder 0 as 0', () => {
    // Over a hundred homoclaves of GODE561231 both special cases occur; the result is always 0–9 or A.
    const digits = ['1', '2', '3', '4', '5', '6', '7', '8', '9', 'A', 'B', 'C'].flatMap((a) =>
      ['1', '2', '3', '4', '5', '6', '7', '8', '9'].map((b) => rfcCheckDigit(`GODE561231${a}${b}`)),
    );
    expect(digits).toContain('A');
    expect(digits).toContain('0');
    expect(digits.every((d) => /^[0-9A]$/.test(d))).toBe(true);
  });

  it('rejects wrong lengths', () => {
    expect(() => rfcCheckDigit('GODE561231')).toThrow(RangeError);
  });
});

describe('validateRfc — examples', () => {
  it('accepts SAT’s examples and reports kind and date', () => {
    expect(validateRfc('GODE561231GR8', TODAY)).toEqual({
      ok: true,
      value: { rfc: 'GODE561231GR8', kind: 'fisica', date: '1956-12-31' },
    });
    expect(validateRfc(' eku9003173c9 ', TODAY)).toEqual({
      ok: true,
      value: { rfc: 'EKU9003173C9', kind: 'moral', date: '1990-03-17' },
    });
  });

  it('accepts the generic RFCs XAXX010101000 and XEXX010101000, which do not follow the check digit', () => {
    expect(rfcCheckDigit('XAXX01010100')).not.toBe('0'); // why they must be listed by name
    expect(validateRfc('XAXX010101000', TODAY).ok).toBe(true);
    expect(validateRfc('XEXX010101000', TODAY).ok).toBe(true);
  });

  it('rejects wrong check digits, including the widespread test value AAA010101AAA', () => {
    expect(reasonOf('GODE561231GR9')).toMatch(/termina en 9 y debería terminar en 8/);
    expect(reasonOf('AAA010101AAA')).toMatch(/debería terminar en 1/);
  });

  it('decides the century so that the date is not in the future', () => {
    const rfc = composeRfcFisica({ givenNames: 'Ana', firstSurname: 'Ruiz', secondSurname: 'Paz', birthDate: '2024-02-29' });
    const r = validateRfc(rfc, TODAY);
    expect(r.ok && r.value.date).toBe('2024-02-29');
    const old = composeRfcFisica({ givenNames: 'Ana', firstSurname: 'Ruiz', secondSurname: 'Paz', birthDate: '1928-02-29' });
    const o = validateRfc(old, TODAY);
    expect(o.ok && o.value.date).toBe('1928-02-29');
  });

  it('names the failing part', () => {
    expect(reasonOf('GODE561231G')).toMatch(/13 caracteres .* o 12 .*se recibieron 11/);
    expect(reasonOf('GOD3561231GR8')).toMatch(/persona física debe tener 4 letras/);
    expect(reasonOf('EK19003173C9')).toMatch(/persona moral debe tener 3 letras/);
    const badDate = 'GODE561331GR';
    expect(reasonOf(badDate + rfcCheckDigit(badDate))).toMatch(/fecha del RFC \(561331/);
    const word = 'PEDO561231GR';
    expect(reasonOf(word + rfcCheckDigit(word))).toMatch(/palabra inconveniente «PEDO»/);
  });

  it('never throws', () => {
    fc.assert(fc.property(fc.string({ maxLength: 20 }), (s) => {
      expect(typeof validateRfc(s, TODAY).ok).toBe('boolean');
    }));
  });
});

describe('RFC of personas físicas from names', () => {
  it('reproduces SAT’s example completely, homonymy key included', () => {
    const name = { givenNames: 'Emma', firstSurname: 'Gómez', secondSurname: 'Díaz' };
    expect(rfcHomonymKey(name)).toBe('GR');
    expect(composeRfcFisica({ ...name, birthDate: '1956-12-31' })).toBe('GODE561231GR8');
  });

  it('applies SAT’s exceptions: single surname, short surname, compound given name, inconvenient word', () => {
    const f = (givenNames: string, firstSurname: string, secondSurname: string | null): string =>
      composeRfcFisica({ givenNames, firstSurname, secondSurname, birthDate: '1980-01-01' }).slice(0, 4);
    expect(f('Juan', 'Martínez', null)).toBe('MAJU');
    expect(f('Juan', 'Ek', 'Chan')).toBe('ECJU');
    expect(f('José Luis', 'Pérez', 'López')).toBe('PELL');
    expect(f('Óscar', 'Puente', 'Torres')).toBe('PUTX');
  });

  const word = fc.stringMatching(/^[A-ZÑ]{1,10}$/);
  const person = fc.record({
    givenNames: word,
    firstSurname: word,
    secondSurname: fc.option(word, { nil: null }),
    birthDate: fc
      .date({ min: new Date('1927-01-01T00:00:00Z'), max: new Date('2026-05-31T00:00:00Z'), noInvalidDate: true })
      .map((d) => isoDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate())),
  });

  it('every composed RFC validates, with its birth date, and never spells an inconvenient word', () => {
    fc.assert(fc.property(person, (p) => {
      const rfc = composeRfcFisica(p);
      expect(validateRfc(rfc, TODAY)).toEqual({ ok: true, value: { rfc, kind: 'fisica', date: p.birthDate } });
      expect(RFC_INCONVENIENT_WORDS.has(rfc.slice(0, 4))).toBe(false);
    }));
  });

  it('any other check digit makes it invalid', () => {
    fc.assert(fc.property(person, fc.constantFrom(...'0123456789A'), (p, other) => {
      const rfc = composeRfcFisica(p);
      fc.pre(other !== rfc[12]);
      expect(validateRfc(rfc.slice(0, 12) + other, TODAY).ok).toBe(false);
    }));
  });
});
