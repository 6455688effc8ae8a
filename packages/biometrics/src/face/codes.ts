import { BiometricError } from '../errors.ts';

/**
 * Stable codes of the face engine and their messages for people (es-MX). Callers switch on the
 * code; the message is shown as is.
 */
export const FaceMessages = {
  FACE_IMAGE_EMPTY: 'La imagen está vacía.',
  FACE_IMAGE_TOO_LARGE: 'La imagen es demasiado grande. Envíe una foto de menos de 15 MB y 40 megapíxeles.',
  FACE_IMAGE_CORRUPT: 'No se pudo leer la imagen. Envíe una foto JPEG, PNG o WebP válida.',
  FACE_NOT_FOUND: 'No se encontró ningún rostro en la imagen.',
  FACE_MULTIPLE: 'Se encontró más de un rostro. La foto debe mostrar solo a la persona que se registra.',
  FACE_QUALITY_LOW: 'La foto del rostro no cumple los requisitos de calidad.',
  FACE_TOO_SMALL: 'El rostro se ve muy pequeño. Acérquese a la cámara.',
  FACE_CROPPED: 'El rostro está cortado por el borde de la imagen. Centre su cara en la foto.',
  FACE_POSE_YAW: 'Mire de frente a la cámara (la cabeza está girada hacia un lado).',
  FACE_POSE_PITCH: 'Mire de frente a la cámara (la cabeza está inclinada hacia arriba o hacia abajo).',
  FACE_POSE_ROLL: 'Mantenga la cabeza derecha (está ladeada).',
  FACE_BLURRY: 'La foto está borrosa. Mantenga la cámara quieta y enfocada.',
  FACE_TOO_DARK: 'El rostro está muy oscuro. Busque un lugar con más luz.',
  FACE_TOO_BRIGHT: 'El rostro está sobreexpuesto. Evite la luz directa o el flash.',
  FACE_EYES_CLOSED: 'Mantenga los ojos abiertos.',
  FACE_LIVENESS_FAILED: 'No se pudo confirmar que la foto sea de una persona presente.',
  FACE_CHALLENGE_EXPIRED: 'El reto de vida expiró. Inicie uno nuevo.',
  FACE_CHALLENGE_INVALID: 'El reto de vida no es válido.',
  FACE_ENGINE_UNAVAILABLE: 'El servicio de reconocimiento facial no está disponible. Intente más tarde.',
} as const;

export type FaceCode = keyof typeof FaceMessages;

export function faceError(code: FaceCode, details?: Record<string, unknown>): BiometricError {
  return new BiometricError(code, FaceMessages[code], details);
}
