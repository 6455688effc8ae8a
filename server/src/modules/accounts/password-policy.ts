import { AppError } from '../../shared/app-error.ts';

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 128;

/** The passwords people pick first (Spanish and English); rejected whatever else they satisfy. */
const COMMON = new Set([
  'contraseña1', 'contrasena1', 'contraseña123', 'password123', 'password1', '1234567890',
  'qwerty1234', 'imss123456', 'mexico1234', 'bienvenido1', 'admin12345', '12345678910',
]);

/**
 * NIST SP 800-63B §5.1.1.2: length over composition, and a blocklist. We add "a letter and a digit"
 * because staff are used to that rule and it costs little, and refuse passwords containing the
 * person's own identifiers.
 */
export function passwordProblems(password: string, identifiers: string[] = []): string[] {
  const problems: string[] = [];
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) problems.push(`La contraseña debe tener al menos ${PASSWORD_MIN_LENGTH} caracteres.`);
  if (length > PASSWORD_MAX_LENGTH) problems.push(`La contraseña debe tener como máximo ${PASSWORD_MAX_LENGTH} caracteres.`);
  if (!/\p{L}/u.test(password) || !/\p{Nd}/u.test(password)) {
    problems.push('La contraseña debe incluir al menos una letra y un número.');
  }
  if (COMMON.has(password.toLowerCase())) problems.push('La contraseña es demasiado común; elija otra.');
  const upper = password.toUpperCase();
  if (identifiers.some((id) => id.length >= 4 && upper.includes(id.toUpperCase()))) {
    problems.push('La contraseña no debe contener su CURP ni su matrícula.');
  }
  return problems;
}

export function assertPasswordPolicy(password: string, identifiers: string[] = []): void {
  const problems = passwordProblems(password, identifiers);
  if (problems.length > 0) {
    throw new AppError('PASSWORD_POLICY', problems[0], 400, { problems });
  }
}
