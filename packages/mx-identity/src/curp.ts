import { isoDate, parseYymmdd } from './calendar-date.ts';
import { isCurpInconvenientWord } from './curp-inconvenient-words.ts';
import { isCurpStateCode } from './curp-states.ts';
import { fail, ok, type ValidationResult } from './validation-result.ts';

export interface CurpInfo {
  curp: string;
  /** YYYY-MM-DD */
  birthDate: string;
  /** H hombre, M mujer, X no binario (marker accepted by RENAPO since 2023). */
  sex: 'H' | 'M' | 'X';
  /** RENAPO entity code, e.g. 'DF', 'NE'. */
  stateCode: string;
}

export interface CurpValidationOptions {
  /** Birth dates after this day are rejected; defaults to the current date. */
  today?: string | Date;
}

const CODE = 'CURP_INVALID';

/**
 * Character values of the check-digit algorithm (RENAPO): the position in this dictionary, so
 * '0'→0 … '9'→9, 'A'→10 … 'N'→23, 'Ñ'→24, 'O'→25 … 'Z'→36. Ñ never appears in an issued CURP
 * (it is written X) but keeps its slot, which shifts every letter after N.
 */
const CHECK_DICTIONARY = '0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ';

/**
 * Position 18 of the CURP: weights 18, 17, …, 2 over the first 17 characters,
 * digit = (10 − sum mod 10) mod 10.
 * @throws RangeError when `first17` is not 17 characters of the dictionary.
 */
export function curpCheckDigit(first17: string): string {
  const text = first17.toUpperCase();
  if (text.length !== 17) throw new RangeError('curpCheckDigit expects exactly 17 characters');
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = CHECK_DICTIONARY.indexOf(text[i]);
    if (value < 0) throw new RangeError(`Unexpected character in CURP: ${text[i]}`);
    sum += value * (18 - i);
  }
  return String((10 - (sum % 10)) % 10);
}

const NAME_LETTERS = /^[A-Z][AEIOUX][A-Z]{2}$/;
const INTERNAL_CONSONANTS = /^[B-DF-HJ-NP-TV-Z]{3}$/;

/** Validates structure, birth date, sex, entity, inconvenient-word rule and check digit. */
export function validateCurp(
  input: string,
  options: CurpValidationOptions = {},
): ValidationResult<CurpInfo> {
  const curp = String(input ?? '').trim().toUpperCase();
  if (curp.length !== 18) {
    return fail(CODE, `La CURP debe tener 18 caracteres; se recibieron ${curp.length}.`);
  }
  if (!/^[A-Z0-9]{18}$/.test(curp)) {
    return fail(CODE, 'La CURP solo puede contener letras (sin Ñ ni acentos) y números.');
  }
  const nameLetters = curp.slice(0, 4);
  if (!NAME_LETTERS.test(nameLetters)) {
    return fail(
      CODE,
      'Los primeros cuatro caracteres de la CURP deben ser letras y el segundo una vocal o X.',
    );
  }
  if (isCurpInconvenientWord(nameLetters)) {
    return fail(
      CODE,
      `Las primeras cuatro letras de la CURP forman la palabra inconveniente «${nameLetters}»; RENAPO la sustituye con X en la segunda posición.`,
    );
  }
  const differentiator = curp[16];
  if (!/^[A-Z0-9]$/.test(differentiator)) {
    return fail(CODE, 'El carácter 17 de la CURP (diferenciador) debe ser una letra o un dígito.');
  }
  // RENAPO: a digit in position 17 for people born up to 1999, a letter from 2000 on.
  const century = /\d/.test(differentiator) ? 1900 : 2000;
  const date = parseYymmdd(curp.slice(4, 10), century);
  if (!date) {
    return fail(
      CODE,
      `La fecha de nacimiento de la CURP (${curp.slice(4, 10)}, formato AAMMDD) no es una fecha válida del calendario.`,
    );
  }
  const birthDate = isoDate(date.year, date.month, date.day);
  if (birthDate > todayIso(options.today)) {
    return fail(CODE, `La fecha de nacimiento de la CURP (${birthDate}) es posterior a hoy.`);
  }
  const sex = curp[10];
  if (sex !== 'H' && sex !== 'M' && sex !== 'X') {
    return fail(CODE, `El sexo de la CURP (carácter 11) debe ser H, M o X; se recibió «${sex}».`);
  }
  const stateCode = curp.slice(11, 13);
  if (!isCurpStateCode(stateCode)) {
    return fail(CODE, `La entidad de nacimiento «${stateCode}» de la CURP no existe en el catálogo de RENAPO.`);
  }
  if (!INTERNAL_CONSONANTS.test(curp.slice(13, 16))) {
    return fail(CODE, 'Los caracteres 14 a 16 de la CURP deben ser consonantes.');
  }
  if (!/\d/.test(curp[17])) {
    return fail(CODE, 'El último carácter de la CURP (dígito verificador) debe ser un número.');
  }
  const expected = curpCheckDigit(curp.slice(0, 17));
  if (curp[17] !== expected) {
    return fail(
      CODE,
      `El dígito verificador de la CURP no corresponde: termina en ${curp[17]} y debería terminar en ${expected}.`,
    );
  }
  return ok({ curp, birthDate, sex, stateCode });
}

function todayIso(today: string | Date | undefined): string {
  if (typeof today === 'string') return today.slice(0, 10);
  const d = today ?? new Date();
  return isoDate(d.getFullYear(), d.getMonth() + 1, d.getDate());
}
