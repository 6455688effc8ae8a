import { BiometricError } from '../errors.ts';
import { Calibration } from './calibration.ts';

/** An embedding with the model that produced it: templates of different models never compare. */
export interface FaceTemplate {
  model: string;
  embedding: Float32Array;
}

export interface Verification {
  /** Cosine similarity of the two embeddings, −1..1. */
  score: number;
  decision: 'match' | 'no-match';
  threshold: number;
  /** The false-accept rate the threshold was calibrated for (e.g. 0.001). */
  targetFar: number;
}

export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError(`embeddings differ in length: ${a.length} vs ${b.length}`);
  let dot = 0, na = 0, nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}

/**
 * 1:1 verification. The threshold is the model's calibrated one for a false-accept rate of
 * 0.1 % (see calibration.ts for where it was measured) unless the caller passes its own.
 */
export function verifyFace(a: FaceTemplate, b: FaceTemplate, options: { threshold?: number } = {}): Verification {
  if (a.model !== b.model) {
    throw new BiometricError('FACE_TEMPLATE_MISMATCH', 'Las plantillas faciales provienen de modelos distintos y no se pueden comparar.', {
      a: a.model,
      b: b.model,
    });
  }
  const cal = Calibration[a.model];
  if (!cal && options.threshold === undefined) {
    throw new BiometricError('FACE_TEMPLATE_MISMATCH', 'No hay un umbral calibrado para este modelo facial.', { model: a.model });
  }
  const threshold = options.threshold ?? cal.threshold;
  const score = cosine(a.embedding, b.embedding);
  return { score, decision: score >= threshold ? 'match' : 'no-match', threshold, targetFar: cal?.targetFar ?? Number.NaN };
}
