/**
 * What every validator of this package returns: the parsed value, or a stable error code plus a
 * Spanish (es-MX) reason that tells the person exactly what is wrong with what they typed.
 */
export type ValidationResult<T> =
  | { ok: true; value: T }
  | { ok: false; code: string; reason: string };

export function ok<T>(value: T): ValidationResult<T> {
  return { ok: true, value };
}

export function fail<T>(code: string, reason: string): ValidationResult<T> {
  return { ok: false, code, reason };
}
