import { fail, ok, type ValidationResult } from './validation-result.ts';

/**
 * Número de Seguridad Social (IMSS): 11 digits = subdelegation (2) · year of registration (2) ·
 * year of birth (2) · sequence (4) · check digit (1).
 */
export interface NssInfo {
  nss: string;
  subdelegation: string;
  registrationYear: string;
  birthYear: string;
}

export interface NssValidationOptions {
  /** Registration and birth years after this date's year are impossible; defaults to now. */
  today?: string | Date;
}

const CODE = 'NSS_INVALID';

/** The IMSS started registering workers in 1943 (Ley del Seguro Social of 19 January 1943). */
export const IMSS_FIRST_REGISTRATION_YEAR = 1943;
/** Nobody alive and affiliated was born before this year; bounds the two-digit birth year. */
const EARLIEST_BIRTH_YEAR = 1900;

/**
 * Luhn (ISO/IEC 7812-1 annex B) over the first 10 digits, which is how the IMSS computes the 11th:
 * digits at even positions from the left (2nd, 4th, …) are doubled, 2-digit products summed as
 * digits, check = (10 − sum mod 10) mod 10.
 * @throws RangeError when `first10` is not 10 digits.
 */
export function nssCheckDigit(first10: string): string {
  if (!/^\d{10}$/.test(first10)) throw new RangeError('nssCheckDigit expects exactly 10 digits');
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    let d = Number(first10[i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

/**
 * Whether some reading of the two-digit years fits reality. With two digits the century is
 * ambiguous ("85" then "03" is born 1985, registered 2003), so a combination is rejected only when
 * NO choice of centuries gives: 1900 ≤ birth ≤ registration ≤ this year and registration ≥ 1943.
 * That catches, e.g., registration "30" with birth "40" (1930 < 1943, 2030 is in the future).
 */
export function nssYearsArePlausible(registrationYY: number, birthYY: number, currentYear: number): boolean {
  for (const birth of [1900 + birthYY, 2000 + birthYY]) {
    for (const registration of [1900 + registrationYY, 2000 + registrationYY]) {
      if (
        birth >= EARLIEST_BIRTH_YEAR &&
        birth <= registration &&
        registration >= IMSS_FIRST_REGISTRATION_YEAR &&
        registration <= currentYear
      ) {
        return true;
      }
    }
  }
  return false;
}

export function validateNss(input: string, options: NssValidationOptions = {}): ValidationResult<NssInfo> {
  const nss = String(input ?? '').trim().replace(/[\s-]/g, '');
  if (!/^\d+$/.test(nss)) {
    return fail(CODE, 'El NSS solo puede contener dígitos.');
  }
  if (nss.length !== 11) {
    return fail(CODE, `El NSS debe tener 11 dígitos; se recibieron ${nss.length}.`);
  }
  const subdelegation = nss.slice(0, 2);
  const registrationYear = nss.slice(2, 4);
  const birthYear = nss.slice(4, 6);
  const currentYear = yearOf(options.today);
  if (!nssYearsArePlausible(Number(registrationYear), Number(birthYear), currentYear)) {
    return fail(
      CODE,
      `El año de afiliación (${registrationYear}) y el año de nacimiento (${birthYear}) del NSS son incompatibles: la afiliación no puede ser anterior al nacimiento, a 1943 ni posterior a ${currentYear}.`,
    );
  }
  const expected = nssCheckDigit(nss.slice(0, 10));
  if (nss[10] !== expected) {
    return fail(
      CODE,
      `El dígito verificador del NSS no corresponde: termina en ${nss[10]} y debería terminar en ${expected}.`,
    );
  }
  return ok({ nss, subdelegation, registrationYear, birthYear });
}

function yearOf(today: string | Date | undefined): number {
  if (typeof today === 'string') return Number(today.slice(0, 4));
  return (today ?? new Date()).getFullYear();
}
