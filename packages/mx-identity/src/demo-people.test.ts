import { describe, expect, it } from 'vitest';
import { curpInternalConsonants, curpNameLetters, rfcNameLetters } from './name-keys.ts';
import { applyCurpInconvenientWordRule } from './curp-inconvenient-words.ts';
import { applyRfcInconvenientWordRule } from './rfc-inconvenient-words.ts';
import { makeDemoPerson } from './demo-people.ts';
import { validateCurp } from './curp.ts';
import { validateNss } from './nss.ts';
import { validateRfc } from './rfc.ts';

const TODAY = { today: '2026-06-01' };
const SEEDS = Array.from({ length: 300 }, (_, i) => i * 7919 - 1000);

describe('makeDemoPerson', () => {
  it('is deterministic', () => {
    expect(makeDemoPerson(42)).toEqual(makeDemoPerson(42));
    expect(makeDemoPerson(42)).not.toEqual(makeDemoPerson(43));
  });

  it('gives valid, mutually consistent identifiers for many seeds', () => {
    for (const seed of SEEDS) {
      const p = makeDemoPerson(seed);
      const curp = validateCurp(p.curp, TODAY);
      const rfc = validateRfc(p.rfc, TODAY);
      const nss = validateNss(p.nss, TODAY);
      if (!curp.ok || !rfc.ok || !nss.ok) throw new Error(`seed ${seed}: ${JSON.stringify({ p, curp, rfc, nss })}`);

      expect(curp.value).toMatchObject({ birthDate: p.birthDate, sex: p.sex, stateCode: p.stateCode });
      expect(p.curp.slice(0, 4)).toBe(applyCurpInconvenientWordRule(curpNameLetters(p)));
      expect(p.curp.slice(13, 16)).toBe(curpInternalConsonants(p));
      expect(rfc.value).toEqual({ rfc: p.rfc, kind: 'fisica', date: p.birthDate });
      expect(p.rfc.slice(0, 4)).toBe(applyRfcInconvenientWordRule(rfcNameLetters(p)));
      expect(p.rfc.slice(4, 10)).toBe(p.curp.slice(4, 10));
      expect(nss.value.birthYear).toBe(p.birthDate.slice(2, 4));
    }
  });

  it('produces a varied, realistic population', () => {
    const people = SEEDS.map(makeDemoPerson);
    expect(new Set(people.map((p) => p.curp)).size).toBeGreaterThan(290);
    expect(new Set(people.map((p) => p.sex))).toEqual(new Set(['H', 'M']));
    expect(people.some((p) => p.secondSurname === null)).toBe(true);
    expect(people.some((p) => p.birthDate >= '2000')).toBe(true);
    expect(people.some((p) => /ñ/i.test(`${p.firstSurname} ${p.secondSurname}`))).toBe(true);
  });
});

describe('name letters (RENAPO/SAT rules)', () => {
  it('skip particles and a leading María/José', () => {
    const p = { givenNames: 'María Guadalupe', firstSurname: 'de la Cruz', secondSurname: 'Muñoz' };
    expect(curpNameLetters(p)).toBe('CUMG');
    expect(curpInternalConsonants(p)).toBe('RXD'); // Ñ of Muñoz is written X
  });

  it('use X for a missing second surname in the CURP', () => {
    expect(curpNameLetters({ givenNames: 'Juan', firstSurname: 'Ek', secondSurname: null })).toBe('EXXJ');
  });
});
