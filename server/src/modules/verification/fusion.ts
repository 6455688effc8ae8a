/**
 * Score fusion, one rule for 1:1 verification, 1:N identification and enrollment deduplication.
 *
 * 1. Several fingers → one fingerprint score on the matcher's own scale (10 × −log10 FMR): the
 *    library's calibrated fusion (@siap/biometrics/gallery fusion.ts). Each finger's best score
 *    becomes the chance an impostor reaches it over the comparisons it had (a finger of unknown
 *    position is compared with every enrolled finger and pays for it), and Fisher's method turns
 *    the k fingers into one impostor probability. One finger keeps its score; two fingers at 45
 *    give ≈ 77; a strong finger and a poor one still pass; impostor fingers do not add up.
 *    In 1:N the gallery computes it per candidate with the same function.
 * 2. Each modality is normalized so that its *impostor anchor* maps to 0 and its decision
 *    threshold to 1: z = (s − anchor) / (threshold − anchor). Anchors are typical impostor
 *    scores: 0 for the fingerprint matcher (its scale is 10 × −log10 FMR, so 0 is "any impostor"
 *    and the normalized score is −log10(FMR)/4 at the default threshold 40) and 0.5 for face
 *    cosine similarity (the ResNet embedding's impostor pairs sit around 0.4–0.7). In 1:N both
 *    thresholds are operating points derived from the target FPIR and the gallery's size
 *    (enrollment/service.ts deduplicate).
 * 3. Modalities are fused with the sum (mean) rule on normalized scores, which Kittler et al.
 *    (1998) and Ross & Jain (2003) found the most robust fixed rule. Accept iff the mean ≥ 1.
 *    With one modality this is exactly "score ≥ that modality's threshold".
 */
import { fuseCalibrated } from '@siap/biometrics/gallery';

export const FINGER_IMPOSTOR_ANCHOR = 0;
export const FACE_IMPOSTOR_ANCHOR = 0.5;

export interface ModalityScore {
  score: number;
  threshold: number;
}

export interface FusedDecision {
  /** Normalized fused score; 1 is the decision threshold. */
  score: number;
  threshold: 1;
  match: boolean;
  finger: (ModalityScore & { normalized: number }) | null;
  face: (ModalityScore & { normalized: number }) | null;
}

/** Per finger: its best score and how many enrolled fingers it was compared with to get it. */
export function fingerEvidence(fingers: readonly { score: number; compared: number }[]): number {
  return fuseCalibrated(
    fingers.map((f) => f.score),
    fingers.map((f) => f.compared),
  );
}

export function fuse(finger: ModalityScore | null, face: ModalityScore | null): FusedDecision {
  const f = finger ? { ...finger, normalized: normalize(finger, FINGER_IMPOSTOR_ANCHOR) } : null;
  const c = face ? { ...face, normalized: normalize(face, FACE_IMPOSTOR_ANCHOR) } : null;
  const parts = [f?.normalized, c?.normalized].filter((v): v is number => v !== undefined);
  const score = parts.length ? parts.reduce((a, b) => a + b, 0) / parts.length : 0;
  return { score: round(score), threshold: 1, match: parts.length > 0 && score >= 1, finger: f, face: c };
}

function normalize(m: ModalityScore, anchor: number): number {
  const span = m.threshold - anchor;
  return round(span > 0 ? (m.score - anchor) / span : m.score >= m.threshold ? 1 : 0);
}

function round(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}
