import { BiometricError } from '../../errors.ts';
import {
  MAX_DECLARED_DPI,
  MAX_IMAGE_BYTES,
  MAX_IMAGE_SIDE_PX,
  MAX_WORKING_SIDE_PX,
  MIN_DECLARED_DPI,
  MIN_IMAGE_SIDE_PX,
} from '../extraction-parameters.ts';

/** Rejects inputs by size before anything is decoded (a hostile header must not cost memory). */
export function checkEncodedSize(byteLength: number): void {
  if (byteLength === 0) {
    throw new BiometricError('IMAGE_EMPTY', 'La imagen está vacía (0 bytes). Capture la huella de nuevo.');
  }
  if (byteLength > MAX_IMAGE_BYTES) {
    throw new BiometricError(
      'IMAGE_TOO_LARGE',
      `El archivo de la imagen es demasiado grande (${byteLength} bytes; máximo ${MAX_IMAGE_BYTES}).`,
      { byteLength, maxBytes: MAX_IMAGE_BYTES },
    );
  }
}

export function checkSourceDimensions(width: number, height: number): void {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new BiometricError('IMAGE_CORRUPT', 'La imagen está dañada: sus dimensiones no son válidas.', { width, height });
  }
  if (width > MAX_IMAGE_SIDE_PX || height > MAX_IMAGE_SIDE_PX) {
    throw new BiometricError(
      'IMAGE_TOO_LARGE',
      `La imagen es demasiado grande (${width}×${height} px; máximo ${MAX_IMAGE_SIDE_PX}×${MAX_IMAGE_SIDE_PX}).`,
      { width, height, maxSide: MAX_IMAGE_SIDE_PX },
    );
  }
}

/** Checked at 500 dpi, after rescaling: what matters is the physical area of skin imaged. */
export function checkWorkingDimensions(width: number, height: number): void {
  if (width < MIN_IMAGE_SIDE_PX || height < MIN_IMAGE_SIDE_PX) {
    throw new BiometricError(
      'IMAGE_TOO_SMALL',
      `La imagen es demasiado pequeña (${width}×${height} px a 500 dpi; mínimo ${MIN_IMAGE_SIDE_PX}×${MIN_IMAGE_SIDE_PX}).`,
      { width, height, minSide: MIN_IMAGE_SIDE_PX },
    );
  }
  if (width > MAX_WORKING_SIDE_PX || height > MAX_WORKING_SIDE_PX) {
    throw new BiometricError(
      'IMAGE_TOO_LARGE',
      `La imagen es demasiado grande a 500 dpi (${width}×${height} px; máximo ${MAX_WORKING_SIDE_PX}×${MAX_WORKING_SIDE_PX}): revise la resolución declarada.`,
      { width, height, maxSide: MAX_WORKING_SIDE_PX, atDpi: 500 },
    );
  }
}

export function checkDeclaredDpi(dpi: number): void {
  if (!Number.isFinite(dpi) || dpi < MIN_DECLARED_DPI || dpi > MAX_DECLARED_DPI) {
    throw new BiometricError(
      'IMAGE_DPI_INVALID',
      `La resolución declarada (${dpi} dpi) no es válida; debe estar entre ${MIN_DECLARED_DPI} y ${MAX_DECLARED_DPI} dpi.`,
      { dpi },
    );
  }
}
