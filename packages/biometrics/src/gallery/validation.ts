/** Edge validation of what reaches a shard: every message may come from another process. */
import { BiometricError } from '../errors.ts';
import type { GalleryRecord, SearchOptions, SearchProbe } from './protocol.ts';

/** Ten fingers, and room for a second capture of each when positions are unknown. */
const MAX_PROBE_FINGERS = 20;
const MAX_SUBJECT_ID_LENGTH = 256;

export function validateRecord(record: GalleryRecord, index: number): void {
  if (typeof record.subjectId !== 'string' || record.subjectId.length === 0 || record.subjectId.length > MAX_SUBJECT_ID_LENGTH) {
    throw new BiometricError('GALLERY_RECORD_INVALID', 'Un registro no tiene un identificador de persona válido.', { index });
  }
  if (!isFingerPosition(record.finger)) {
    throw new BiometricError('GALLERY_RECORD_INVALID', 'Un registro tiene una posición de dedo inválida.', { index });
  }
  if (!(record.template instanceof Uint8Array) || record.template.length === 0) {
    throw new BiometricError('GALLERY_TEMPLATE_INVALID', 'Una plantilla está vacía o no es binaria.', { index });
  }
}

export function validateSearch(probes: readonly SearchProbe[], options: SearchOptions): void {
  if (!Array.isArray(probes) || probes.length === 0 || probes.length > MAX_PROBE_FINGERS) {
    throw new BiometricError('GALLERY_SEARCH_INVALID', `La búsqueda necesita entre 1 y ${MAX_PROBE_FINGERS} dedos.`);
  }
  if (!Number.isInteger(options.maxCandidates) || options.maxCandidates < 1) {
    throw new BiometricError('GALLERY_SEARCH_INVALID', 'El número máximo de candidatos debe ser un entero positivo.');
  }
  if (options.minScore !== undefined && !Number.isFinite(options.minScore)) {
    throw new BiometricError('GALLERY_SEARCH_INVALID', 'La puntuación mínima debe ser un número.');
  }
  probes.forEach((p, i) => {
    if (p.finger !== undefined && !isFingerPosition(p.finger)) {
      throw new BiometricError('GALLERY_SEARCH_INVALID', 'Un dedo de la búsqueda tiene una posición inválida.', { index: i });
    }
    if (!(p.template instanceof Uint8Array) || p.template.length === 0) {
      throw new BiometricError('GALLERY_TEMPLATE_INVALID', 'Una plantilla de la búsqueda está vacía o no es binaria.', { index: i });
    }
  });
}

function isFingerPosition(value: unknown): boolean {
  return Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 10;
}
