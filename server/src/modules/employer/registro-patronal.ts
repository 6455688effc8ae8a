/**
 * Registro patronal (IMSS employer registration number): 11 characters — a letter or digit and two
 * digits for the municipality/subdelegación key, five digits for the progressive number, two digits
 * for the modalidad de aseguramiento, and one check digit. Structure as described in "¿Cómo obtener
 * el número de registro patronal ante el IMSS?" (lacompraideal.com.mx) and visible on every SUA and
 * IDSE document.
 *
 * IMSS does not publish the check-digit algorithm. We use the Luhn mod-10 scheme IMSS publishes
 * for the NSS (weights 1,2,1,2… from the left, digits of products summed, 10 − sum mod 10),
 * applied to the first ten characters with a leading letter taken as its position in the
 * alphabet (A = 1 … Z = 26) reduced mod 10. This is our choice, flagged in the README: an
 * installation that meets a real registro failing it can switch the check off (`checkDigit: false`).
 */
export type RegistroResult = { ok: true; registro: string } | { ok: false; reason: string };

const FORMAT = /^[A-Z0-9]\d{2}\d{5}\d{2}\d$/;

function charValue(c: string): number {
  if (/\d/.test(c)) return Number(c);
  return (c.charCodeAt(0) - 64) % 10;
}

export function registroCheckDigit(first10: string): number {
  let sum = 0;
  for (let i = 0; i < 10; i += 1) {
    const product = charValue(first10[i]!) * (i % 2 === 0 ? 1 : 2);
    sum += Math.floor(product / 10) + (product % 10);
  }
  return (10 - (sum % 10)) % 10;
}

export function validateRegistroPatronal(input: string, options: { checkDigit?: boolean } = {}): RegistroResult {
  const registro = input.replace(/[\s-]/g, '').toUpperCase();
  if (!FORMAT.test(registro)) {
    return { ok: false, reason: 'El registro patronal debe tener 11 caracteres: una letra o dígito, nueve dígitos y el dígito verificador.' };
  }
  if (options.checkDigit !== false && registroCheckDigit(registro.slice(0, 10)) !== Number(registro[10])) {
    return { ok: false, reason: 'El dígito verificador del registro patronal no corresponde.' };
  }
  return { ok: true, registro };
}

/** Completes a 10-character registro with its check digit (demo data and tests). */
export function withCheckDigit(first10: string): string {
  return `${first10}${registroCheckDigit(first10)}`;
}
