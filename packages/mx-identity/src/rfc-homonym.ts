import { normalizeName, type PersonName } from './name-keys.ts';

/**
 * The two "homonimia" characters of a persona física's homoclave (SAT, Anexo 1–2 of the RFC
 * instructivo): the full name "SURNAME1 SURNAME2 GIVEN NAMES" becomes a digit string with two
 * digits per character (prefixed with "0"); each overlapping pair of digits (as a two-digit number)
 * is multiplied by the second digit of the pair; the last three digits of the sum, divided by 34,
 * give quotient and remainder, each mapped through HOMONYM_ALPHABET.
 * SAT may assign another pair to resolve real homonyms, so this is what SAT computes first, not a
 * rule a validator can enforce; demo people use it so that their RFCs look like issued ones.
 */
const HOMONYM_ALPHABET = '123456789ABCDEFGHIJKLMNPQRSTUVWXYZ';

function twoDigitCode(c: string): string {
  if (c === ' ') return '00';
  if (/[0-9]/.test(c)) return `0${c}`;
  if (c === '&' || c === 'Ñ') return '10';
  const code = c.charCodeAt(0);
  if (c >= 'A' && c <= 'I') return String(code - 'A'.charCodeAt(0) + 11);
  if (c >= 'J' && c <= 'R') return String(code - 'J'.charCodeAt(0) + 21);
  if (c >= 'S' && c <= 'Z') return String(code - 'S'.charCodeAt(0) + 32);
  return '00';
}

export function rfcHomonymKey(name: PersonName): string {
  const full = normalizeName(
    [name.firstSurname, name.secondSurname ?? '', name.givenNames].filter(Boolean).join(' '),
  );
  const digits = '0' + [...full].map(twoDigitCode).join('');
  let sum = 0;
  for (let i = 0; i < digits.length - 1; i++) {
    sum += Number(digits.slice(i, i + 2)) * Number(digits[i + 1]);
  }
  const last3 = sum % 1000;
  return HOMONYM_ALPHABET[Math.floor(last3 / 34)] + HOMONYM_ALPHABET[last3 % 34];
}
