import { BiometricError } from '../errors.ts';

/**
 * A WSQ file that is truncated, garbled or inconsistent. Same code as any other unreadable image
 * (`IMAGE_CORRUPT`), so callers need no WSQ-specific branch; `details.reason` says what failed.
 */
export function wsqCorrupt(reason: string, details: Record<string, unknown> = {}): BiometricError {
  return new BiometricError(
    'IMAGE_CORRUPT',
    'No se pudo leer la imagen WSQ: el archivo está dañado, incompleto o no sigue la especificación WSQ del FBI.',
    { format: 'WSQ', reason, ...details },
  );
}

/**
 * A well-formed WSQ file that uses an option of the specification this codec does not implement
 * (even-length filters, restart intervals). Distinct from IMAGE_CORRUPT: the file is not broken,
 * the reader should send it in another format.
 */
export function wsqUnsupported(reason: string, details: Record<string, unknown> = {}): BiometricError {
  return new BiometricError(
    'WSQ_UNSUPPORTED',
    'La imagen WSQ usa una opción de la especificación que este sistema no admite. Envíe la huella en PNG, BMP o TIFF.',
    { format: 'WSQ', reason, ...details },
  );
}
