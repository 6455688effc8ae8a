import { validateCurp } from '@siap/mx-identity';

/** What the person types, as a CURP is written: upper case, no spaces. */
export function normalizeCurpInput(raw: string): string {
  return raw.toUpperCase().replace(/\s+/g, '').slice(0, 18);
}

/** Why the CURP cannot be right (the same Spanish reason the server would give), or null. */
export function curpProblem(curp: string): string | null {
  if (!curp.trim()) return 'Escriba su CURP.';
  const result = validateCurp(curp);
  return result.ok ? null : result.reason;
}
