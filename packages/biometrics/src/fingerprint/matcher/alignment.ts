import type { Pairing } from './pairing.ts';
import type { PreparedTemplate } from './prepared-template.ts';
import { insideHull } from './convex-hull.ts';
import { ALIGNMENT_TOLERANCE, ALIGNMENT_TOLERANCE_PER_PIXEL, OVERLAP_MARGIN } from '../matcher-parameters.ts';

/**
 * Global check of a grown pairing. The pairing tree only demands local consistency, so a chance
 * chain of locally similar edges in two different fingers can wander across the print; a
 * least-squares rigid fit (Procrustes) of the paired positions exposes such chains, while true
 * pairs stay close to the fit up to the elastic stretch, which grows with the distance from the
 * fit's centre. The fit also tells which minutiae of each print lie where the other print has
 * ridges (inside its convex hull), so the paired share is judged against the common area rather
 * than against whole templates — partial overlap is then no longer punished as non-match.
 *
 * Results go to module state (no allocation per comparison).
 */
export const alignment = {
  /** Pairs that stay within the elastic tolerance of the rigid fit. */
  consistent: 0,
  /** Probe minutiae that fall inside the candidate's area after alignment, and vice versa. */
  probeInOverlap: 0,
  candidateInOverlap: 0,
};

export function alignPairing(probe: PreparedTemplate, candidate: PreparedTemplate, pairing: Pairing): void {
  const k = pairing.count;
  let pcx = 0;
  let pcy = 0;
  let ccx = 0;
  let ccy = 0;
  for (let t = 0; t < k; t++) {
    pcx += probe.x[pairing.probe[t]];
    pcy += probe.y[pairing.probe[t]];
    ccx += candidate.x[pairing.candidate[t]];
    ccy += candidate.y[pairing.candidate[t]];
  }
  pcx /= k;
  pcy /= k;
  ccx /= k;
  ccy /= k;
  let dot = 0;
  let cross = 0;
  for (let t = 0; t < k; t++) {
    const px = probe.x[pairing.probe[t]] - pcx;
    const py = probe.y[pairing.probe[t]] - pcy;
    const cx = candidate.x[pairing.candidate[t]] - ccx;
    const cy = candidate.y[pairing.candidate[t]] - ccy;
    dot += px * cx + py * cy;
    cross += px * cy - py * cx;
  }
  const norm = Math.hypot(dot, cross);
  const cos = norm > 0 ? dot / norm : 1;
  const sin = norm > 0 ? cross / norm : 0;

  let consistent = 0;
  for (let t = 0; t < k; t++) {
    const px = probe.x[pairing.probe[t]] - pcx;
    const py = probe.y[pairing.probe[t]] - pcy;
    const dx = cos * px - sin * py + ccx - candidate.x[pairing.candidate[t]];
    const dy = sin * px + cos * py + ccy - candidate.y[pairing.candidate[t]];
    const tolerance = ALIGNMENT_TOLERANCE + ALIGNMENT_TOLERANCE_PER_PIXEL * Math.sqrt(px * px + py * py);
    if (dx * dx + dy * dy <= tolerance * tolerance) consistent++;
  }
  alignment.consistent = k < 3 ? k : consistent;

  let probeIn = 0;
  for (let i = 0; i < probe.count; i++) {
    const px = probe.x[i] - pcx;
    const py = probe.y[i] - pcy;
    if (insideHull(candidate.hull, cos * px - sin * py + ccx, sin * px + cos * py + ccy, OVERLAP_MARGIN)) probeIn++;
  }
  let candidateIn = 0;
  for (let j = 0; j < candidate.count; j++) {
    const cx = candidate.x[j] - ccx;
    const cy = candidate.y[j] - ccy;
    if (insideHull(probe.hull, cos * cx + sin * cy + pcx, -sin * cx + cos * cy + pcy, OVERLAP_MARGIN)) candidateIn++;
  }
  alignment.probeInOverlap = probeIn;
  alignment.candidateInOverlap = candidateIn;
}
