import { isoDate, daysInMonth } from './calendar-date.ts';
import { composeCurp, composeRfcFisica } from './compose.ts';
import { nssCheckDigit } from './nss.ts';

/**
 * Deterministic synthetic people for demos, tests and benchmarks. Names are common Mexican names
 * (including compound ones, particles, accents and Ñ, which exercise the CURP/RFC rules); every
 * identifier is derived from the same data, so CURP, RFC and NSS agree with each other.
 * They are synthetic: any coincidence with a real person's identifiers is accidental.
 */
export interface DemoPerson {
  curp: string;
  nss: string;
  rfc: string;
  givenNames: string;
  firstSurname: string;
  secondSurname: string | null;
  /** YYYY-MM-DD */
  birthDate: string;
  sex: 'H' | 'M';
  stateCode: string;
}

const MALE_NAMES = [
  'José Luis', 'Juan', 'Miguel Ángel', 'Francisco', 'Jesús', 'Antonio', 'Alejandro', 'Pedro',
  'Roberto', 'Ricardo', 'Fernando', 'Jorge', 'Manuel', 'Eduardo', 'Arturo', 'Javier', 'Raúl',
  'Sergio', 'Óscar', 'Héctor', 'Juan Carlos', 'Luis Enrique', 'Ulises', 'Ignacio', 'Emiliano',
];
const FEMALE_NAMES = [
  'María Guadalupe', 'Guadalupe', 'María del Carmen', 'Juana', 'Margarita', 'Verónica', 'Leticia',
  'Rosa María', 'Patricia', 'Alejandra', 'Elizabeth', 'Gabriela', 'Adriana', 'Claudia', 'Ana Laura',
  'Martha', 'Silvia', 'Yolanda', 'Araceli', 'Itzel', 'Ximena', 'Sofía', 'Valeria', 'Ofelia', 'Irma',
];
const SURNAMES = [
  'Hernández', 'García', 'Martínez', 'López', 'González', 'Pérez', 'Rodríguez', 'Sánchez',
  'Ramírez', 'Cruz', 'Flores', 'Gómez', 'Morales', 'Vázquez', 'Reyes', 'Jiménez', 'Torres',
  'Díaz', 'Gutiérrez', 'Ruiz', 'Mendoza', 'Aguilar', 'Ortiz', 'Moreno', 'Castillo', 'Romero',
  'Álvarez', 'Méndez', 'Chávez', 'Rivera', 'Juárez', 'Ramos', 'Domínguez', 'Herrera', 'Medina',
  'Castro', 'Vargas', 'Guzmán', 'Velázquez', 'Muñoz', 'Peña', 'Ibáñez', 'de la Cruz', 'del Ángel',
  'Uribe', 'Ochoa', 'Xolalpa', 'Puente',
];
/** Birth entities, weighted by repetition towards the most populous ones. */
const STATES = [
  'AS', 'BC', 'BS', 'CC', 'CL', 'CM', 'CS', 'CH', 'DF', 'DF', 'DF', 'DG', 'GT', 'GT', 'GR', 'HG',
  'JC', 'JC', 'MC', 'MC', 'MC', 'MN', 'MS', 'NT', 'NL', 'NL', 'OC', 'PL', 'PL', 'QT', 'QR', 'SP',
  'SL', 'SR', 'TC', 'TS', 'TL', 'VZ', 'VZ', 'YN', 'ZS', 'NE',
];

/** mulberry32: a tiny, well-distributed 32-bit PRNG, enough for reproducible demo data. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const EARLIEST_BIRTH_YEAR = 1950;
const LATEST_BIRTH_YEAR = 2005;
/** Fixed (not "today") so that a seed gives the same person on every run and every date. */
const LATEST_REGISTRATION_YEAR = 2024;

export function makeDemoPerson(seed: number): DemoPerson {
  const random = prng(Math.trunc(seed) ^ 0x5eed5eed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const int = (min: number, max: number): number => min + Math.floor(random() * (max - min + 1));

  const sex: 'H' | 'M' = random() < 0.5 ? 'H' : 'M';
  const givenNames = pick(sex === 'H' ? MALE_NAMES : FEMALE_NAMES);
  const firstSurname = pick(SURNAMES);
  // About 1 in 20 Mexicans is registered with a single surname.
  const secondSurname = random() < 0.05 ? null : pick(SURNAMES);
  const year = int(EARLIEST_BIRTH_YEAR, LATEST_BIRTH_YEAR);
  const month = int(1, 12);
  const birthDate = isoDate(year, month, int(1, daysInMonth(year, month)));
  const stateCode = pick(STATES);
  const differentiator = year >= 2000 ? 'ABC'[int(0, 2)] : String(int(0, 2));
  const name = { givenNames, firstSurname, secondSurname };

  const curp = composeCurp({ ...name, birthDate, sex, stateCode, differentiator });
  const rfc = composeRfcFisica({ ...name, birthDate });

  const registrationYear = Math.min(year + int(16, 30), LATEST_REGISTRATION_YEAR);
  const first10 =
    String(int(1, 60)).padStart(2, '0') +
    String(registrationYear % 100).padStart(2, '0') +
    String(year % 100).padStart(2, '0') +
    String(int(0, 9999)).padStart(4, '0');
  const nss = first10 + nssCheckDigit(first10);

  return { curp, nss, rfc, givenNames, firstSurname, secondSurname, birthDate, sex, stateCode };
}
