/**
 * The letters of a CURP and an RFC that come from a person's name. RENAPO (Instructivo Normativo
 * para la Asignación de la CURP) and SAT (Instructivo para la formación de la clave del RFC) share
 * the core rules: first letter and first internal vowel of the first surname, first letter of the
 * second surname, first letter of the given name; compound given names skip a leading MARÍA/JOSÉ;
 * surnames skip particles (DE, DEL, LA, …). They differ in edge cases, handled below.
 */

/** Particles skipped in compound names (both catalogues list these). */
const PARTICLES = new Set([
  'DA', 'DAS', 'DE', 'DEL', 'DER', 'DI', 'DIE', 'DD', 'EL', 'LA', 'LAS', 'LE', 'LES', 'LOS',
  'MAC', 'MC', 'VAN', 'VON', 'Y',
]);

/** Leading given names so common that the next given name is used instead. */
const COMMON_GIVEN_NAMES = new Set(['MARIA', 'MA', 'M', 'JOSE', 'J']);

const VOWELS = 'AEIOU';

/** Uppercase, accents removed (Ñ kept: it is a letter, not an accented N), spaces collapsed. */
export function normalizeName(name: string): string {
  return name
    .toUpperCase()
    // Protect Ñ from NFD, which would split it into N + combining tilde.
    .replace(/Ñ/g, '\uE000')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/\uE000/g, 'Ñ')
    .replace(/[^A-ZÑ ]/g, ' ') // 'MA.' → 'MA'; apostrophes, hyphens and digits split words
    .replace(/\s+/g, ' ')
    .trim();
}

/** The word of a (possibly compound) surname that carries the key: particles are skipped. */
export function keySurnameWord(surname: string): string {
  const words = normalizeName(surname).split(' ').filter((w) => w && !PARTICLES.has(w));
  return words[0] ?? '';
}

/** The given name that carries the key: a leading MARÍA or JOSÉ is skipped when another follows. */
export function keyGivenName(givenNames: string): string {
  const words = normalizeName(givenNames).split(' ').filter((w) => w && !PARTICLES.has(w));
  if (words.length > 1 && COMMON_GIVEN_NAMES.has(words[0])) return words[1];
  return words[0] ?? '';
}

export function firstInternalVowel(word: string): string | undefined {
  return [...word.slice(1)].find((c) => VOWELS.includes(c));
}

export function firstInternalConsonant(word: string): string | undefined {
  return [...word.slice(1)].find((c) => /[A-ZÑ]/.test(c) && !VOWELS.includes(c));
}

export interface PersonName {
  givenNames: string;
  firstSurname: string;
  secondSurname: string | null;
}

/** RENAPO writes Ñ (and anything outside A–Z) as X in the CURP. */
const curpLetter = (c: string | undefined): string => (c && /^[A-Z]$/.test(c) ? c : 'X');

/** Positions 1–4 of the CURP, before the inconvenient-word rule. */
export function curpNameLetters(name: PersonName): string {
  const first = keySurnameWord(name.firstSurname);
  const second = name.secondSurname ? keySurnameWord(name.secondSurname) : '';
  const given = keyGivenName(name.givenNames);
  return (
    curpLetter(first[0]) + curpLetter(firstInternalVowel(first)) + curpLetter(second[0]) + curpLetter(given[0])
  );
}

/** Positions 14–16 of the CURP: first internal consonant of each name part, X when there is none. */
export function curpInternalConsonants(name: PersonName): string {
  const first = keySurnameWord(name.firstSurname);
  const second = name.secondSurname ? keySurnameWord(name.secondSurname) : '';
  const given = keyGivenName(name.givenNames);
  return [first, second, given].map((w) => curpLetter(firstInternalConsonant(w))).join('');
}

/**
 * The four letters of an RFC for a persona física, before the inconvenient-word rule. SAT's
 * exceptions: a single surname gives its first two letters plus the first two of the given name;
 * a first surname of one or two letters gives its initial, the second surname's initial and the
 * first two letters of the given name.
 */
export function rfcNameLetters(name: PersonName): string {
  const first = keySurnameWord(name.firstSurname);
  const second = name.secondSurname ? keySurnameWord(name.secondSurname) : '';
  const given = keyGivenName(name.givenNames);
  const at = (word: string, i: number): string => word[i] ?? 'X';
  if (!second) return at(first, 0) + at(first, 1) + at(given, 0) + at(given, 1);
  if (first.length <= 2) return at(first, 0) + at(second, 0) + at(given, 0) + at(given, 1);
  return first[0] + (firstInternalVowel(first) ?? 'X') + second[0] + at(given, 0);
}
