/**
 * A secret counts as strong when it is long enough and looks random: at least 32 characters and
 * an estimated ≥ 128 bits (length × Shannon entropy per character of the string itself). A random
 * 32-byte key in base64 (44 characters) scores ≈ 220 bits; `x` repeated scores 0; an English
 * sentence of 32 characters ≈ 120. This is a floor against mistakes, not a proof of randomness.
 */
export const MIN_SECRET_LENGTH = 32;
export const MIN_SECRET_BITS = 128;

export function estimatedEntropyBits(secret: string): number {
  const counts = new Map<string, number>();
  for (const char of secret) counts.set(char, (counts.get(char) ?? 0) + 1);
  const length = [...secret].length;
  let perChar = 0;
  for (const count of counts.values()) {
    const p = count / length;
    perChar -= p * Math.log2(p);
  }
  return perChar * length;
}

export function assertStrongSecret(name: string, secret: string, error: (name: string, problem: string) => Error): void {
  if ([...secret].length < MIN_SECRET_LENGTH) throw error(name, `debe tener al menos ${MIN_SECRET_LENGTH} caracteres`);
  if (estimatedEntropyBits(secret) < MIN_SECRET_BITS) {
    throw error(name, 'es demasiado predecible: genere uno aleatorio, p. ej. `openssl rand -base64 32`');
  }
}
