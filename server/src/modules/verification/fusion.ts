/**
 * Score fusion, one rule for 1:1 verification, 1:N identification and enrollment deduplication.
 *
 * 1. Several fingers → one finger score: the mean of the two best per-finger scores (the single
 *    score when one finger was compared). Two fingers must agree, which roughly squares the
 *    chance that an impostor reaches the threshold, while a genuine person with one poor finger
 *    still passes on the others; with one finger the matcher's own scale and threshold hold.
 *    (The gallery's own sum-of-best grows with every impostor finger compared, so it is not
 *    used for decisions.)
 * 2. Each modality is normalized so that its *impostor anchor* maps to 0 and its decision
 *    threshold to 1: z = (s − anchor) / (threshold − anchor). Anchors are typical impostor
 *    scores: 0 for the fingerprint matcher (its scale is 10 × −log10 FMR, so 0 is "any impostor"
 *    and the normalized score is −log10(FMR)/4 at the default threshold 40) and 0.5 for face
 *    cosine similarity (the ResNet embedding's impostor pairs sit around 0.4–0.7).
 * 3. Modalities are fused with the sum (mean) rule on normalized scores, which Kittler et al.
 *    (1998) and Ross & Jain (2003) found the most robust fixed rule. Accept iff the mean ≥ 1.
 *    With one modality this is exactly "score ≥ that modality's threshold".
 */
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

export function fingerEvidence(bestPerFinger: readonly number[]): number {
  if (bestPerFinger.length === 0) return 0;
  const sorted = [...bestPerFinger].sort((a, b) => b - a);
  return sorted.length === 1 ? sorted[0] : (sorted[0] + sorted[1]) / 2;
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
