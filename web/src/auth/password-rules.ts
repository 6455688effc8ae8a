/**
 * The password rules the server enforces (server/src/modules/accounts/password-policy.ts), checked
 * here first so people see every rule they miss at once instead of one per round trip. The server
 * stays the judge (it also rejects common passwords).
 */
export const PASSWORD_MIN_LENGTH = 10;

export function newPasswordProblems(password: string, confirmation: string, curp: string): string[] {
  const problems: string[] = [];
  if ([...password].length < PASSWORD_MIN_LENGTH) problems.push(`Debe tener al menos ${PASSWORD_MIN_LENGTH} caracteres.`);
  if (!/\p{L}/u.test(password) || !/\p{Nd}/u.test(password)) problems.push('Debe incluir al menos una letra y un número.');
  if (curp.length >= 4 && password.toUpperCase().includes(curp.toUpperCase())) problems.push('No debe contener su CURP.');
  if (password !== confirmation) problems.push('La confirmación no coincide con la nueva contraseña.');
  return problems;
}
