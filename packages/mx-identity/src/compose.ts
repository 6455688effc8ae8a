import { curpCheckDigit } from './curp.ts';
import { applyCurpInconvenientWordRule } from './curp-inconvenient-words.ts';
import { curpInternalConsonants, curpNameLetters, rfcNameLetters, type PersonName } from './name-keys.ts';
import { applyRfcInconvenientWordRule } from './rfc-inconvenient-words.ts';
import { rfcCheckDigit } from './rfc.ts';
import { rfcHomonymKey } from './rfc-homonym.ts';

/** Builds identifiers the way RENAPO and SAT derive them from a person's data. */
export interface CurpInput extends PersonName {
  /** YYYY-MM-DD */
  birthDate: string;
  sex: 'H' | 'M' | 'X';
  stateCode: string;
  /**
   * Position 17, assigned by RENAPO to tell homonyms apart: a digit for births up to 1999, a letter
   * from 2000. Defaults to the first one ('0' or 'A').
   */
  differentiator?: string;
}

const yymmdd = (birthDate: string): string => birthDate.slice(2, 4) + birthDate.slice(5, 7) + birthDate.slice(8, 10);

export function composeCurp(input: CurpInput): string {
  const born2000s = Number(input.birthDate.slice(0, 4)) >= 2000;
  const differentiator = input.differentiator ?? (born2000s ? 'A' : '0');
  if (born2000s !== /^[A-Z]$/.test(differentiator)) {
    throw new RangeError('The CURP differentiator is a digit up to 1999 and a letter from 2000');
  }
  const first17 =
    applyCurpInconvenientWordRule(curpNameLetters(input)) +
    yymmdd(input.birthDate) +
    input.sex +
    input.stateCode +
    curpInternalConsonants(input) +
    differentiator;
  return first17 + curpCheckDigit(first17);
}

export interface RfcFisicaInput extends PersonName {
  /** YYYY-MM-DD */
  birthDate: string;
}

/** RFC of a persona física: name letters, birth date, homonymy key and check digit. */
export function composeRfcFisica(input: RfcFisicaInput): string {
  const first12 =
    applyRfcInconvenientWordRule(rfcNameLetters(input)) + yymmdd(input.birthDate) + rfcHomonymKey(input);
  return first12 + rfcCheckDigit(first12);
}
