import type { Pairing } from './pairing.ts';

/**
 * How much of the area both impressions share, and how many minutiae each has there. A pairing
 * of 8 minutiae means little when 60 minutiae of each print lie in the shared area and only 8
 * agree; it means a lot when the two prints overlap in a sliver holding 10. The template's share
 * of its whole minutia list (pairedFraction) cannot tell those apart; this can.
 *
 * A print's area is approximated by the convex hull of its minutiae (templates carry no mask,
 * and ISO/ANSI records from other extractors carry none either). The two frames are related by
 * the least-squares rigid motion of the paired minutiae: elastic distortion makes it only
 * approximate near the hull's edge, which moves a count by a minutia or two at most.
 */

/** A convex polygon, with its bounding box for a quick rejection. */
export interface Hull {
  /** x0, y0, x1, y1, … in one turning direction, the first vertex not repeated. */
  readonly vertices: Float64Array;
  readonly minX: number;
  readonly minY: number;
  readonly maxX: number;
  readonly maxY: number;
}

/**
 * Convex hull of the points (Andrew's monotone chain). Fewer than three points, or points on one
 * line, give a degenerate hull that contains nothing: its box is empty. Points are taken in order
 * of x, then y, then index; the hull visits them in that order, then back in reverse.
 * Runs for every template prepared (every gallery candidate of a search), so it works in module
 * scratch: the sort, with closures over an array of indices, was most of its time.
 */
export function convexHull(x: Float64Array, y: Float64Array): Hull {
  const n = x.length;
  sortByPosition(x, y, n);
  const order = hullOrder;
  const chain = hullChain;
  const cross = (o: number, a: number, b: number) => (x[a] - x[o]) * (y[b] - y[o]) - (y[a] - y[o]) * (x[b] - x[o]);
  let size = 0;
  // Lower chain over the points in order, then upper chain over them in reverse; each drops its
  // last point, which the other chain starts with.
  for (let pass = 0; pass < 2; pass++) {
    const start = size;
    for (let k = 0; k < n; k++) {
      const p = order[pass === 0 ? k : n - 1 - k];
      while (size >= start + 2 && cross(chain[size - 2], chain[size - 1], p) <= 0) size--;
      chain[size++] = p;
    }
    if (size > 0) size--;
  }
  const vertices = new Float64Array(2 * size);
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let k = 0; k < size; k++) {
    const p = chain[k];
    vertices[2 * k] = x[p];
    vertices[2 * k + 1] = y[p];
    minX = Math.min(minX, x[p]);
    minY = Math.min(minY, y[p]);
    maxX = Math.max(maxX, x[p]);
    maxY = Math.max(maxY, y[p]);
  }
  return size < 3
    ? { vertices, minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity }
    : { vertices, minX, minY, maxX, maxY };
}

/** Room for the points of the largest hull computed without allocating (MAX_MINUTIAE). */
const HULL_SCRATCH = 128;
let hullOrder = new Int32Array(HULL_SCRATCH);
/** The lower and the upper chain together hold at most every point plus two. */
let hullChain = new Int32Array(2 * HULL_SCRATCH + 2);
const hullKeys = new Float64Array(HULL_SCRATCH);

/**
 * Leaves in hullOrder the indices 0 .. n − 1 by x, then y, then index. Whole-pixel positions in
 * 0 .. 65535 (every decoded template) are packed with the index into one number, exact below
 * 2^53, and sorted by the typed array's native numeric sort; other positions take a comparison
 * sort, stable, so ties keep index order just the same.
 */
function sortByPosition(x: Float64Array, y: Float64Array, n: number): void {
  if (n > HULL_SCRATCH) {
    hullOrder = new Int32Array(n);
    hullChain = new Int32Array(2 * n + 2);
  }
  let packable = n <= HULL_SCRATCH;
  for (let i = 0; i < n && packable; i++) {
    const xi = x[i];
    const yi = y[i];
    packable = xi >= 0 && xi < 65536 && yi >= 0 && yi < 65536 && Math.floor(xi) === xi && Math.floor(yi) === yi;
  }
  if (packable) {
    for (let i = 0; i < n; i++) hullKeys[i] = (x[i] * 65536 + y[i]) * HULL_SCRATCH + i;
    const keys = hullKeys.subarray(0, n).sort();
    for (let k = 0; k < n; k++) hullOrder[k] = keys[k] % HULL_SCRATCH;
    return;
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => x[a] - x[b] || y[a] - y[b]);
  for (let k = 0; k < n; k++) hullOrder[k] = order[k];
}

const ON_EDGE = 1e-6;
/** Wider than any point the edge test lets in (ON_EDGE over an edge ≥ 1 px: minutiae sit on whole pixels). */
const BOX_MARGIN = 1e-3;

/** Whether (px, py) lies inside or on the convex hull. */
export function insideHull(hull: Hull, px: number, py: number): boolean {
  // Most points that miss the hull miss its box: two comparisons instead of a walk round it.
  if (px < hull.minX - BOX_MARGIN || px > hull.maxX + BOX_MARGIN || py < hull.minY - BOX_MARGIN || py > hull.maxY + BOX_MARGIN) return false;
  const v = hull.vertices;
  const count = v.length / 2;
  for (let k = 0; k < count; k++) {
    const ax = v[2 * k];
    const ay = v[2 * k + 1];
    const next = k + 1 === count ? 0 : k + 1;
    const bx = v[2 * next];
    const by = v[2 * next + 1];
    // The monotone chain leaves the hull counterclockwise in x-right/y-up axes, so every
    // inside point is on the left of (or on) each edge; ON_EDGE absorbs the rounding of a point
    // that a rigid motion puts exactly on an edge.
    if ((bx - ax) * (py - ay) - (by - ay) * (px - ax) < -ON_EDGE) return false;
  }
  return true;
}

/** Minutia positions and hull of a prepared template: what overlap counting reads. */
export interface OverlapShape {
  readonly count: number;
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly hull: Hull;
}

export interface OverlapCounts {
  /** Probe minutiae that fall inside the candidate's hull once mapped into its frame. */
  probeInside: number;
  /** Candidate minutiae that fall inside the probe's hull once mapped into its frame. */
  candidateInside: number;
}

/**
 * Counts each template's minutiae inside the other's hull, the frames related by the
 * least-squares rigid motion (rotation + translation) of the pairing's minutiae. With fewer than
 * two pairs there is no motion to speak of and every minutia counts as shared.
 */
export function overlapCounts(probe: OverlapShape, candidate: OverlapShape, pairing: Pairing, out: OverlapCounts): void {
  const k = pairing.count;
  if (k < 2) {
    out.probeInside = probe.count;
    out.candidateInside = candidate.count;
    return;
  }
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
  // Rotation taking candidate offsets onto probe offsets (2-D Procrustes: the angle of Σ c̄·p̄).
  let dot = 0;
  let crs = 0;
  for (let t = 0; t < k; t++) {
    const ax = candidate.x[pairing.candidate[t]] - ccx;
    const ay = candidate.y[pairing.candidate[t]] - ccy;
    const bx = probe.x[pairing.probe[t]] - pcx;
    const by = probe.y[pairing.probe[t]] - pcy;
    dot += ax * bx + ay * by;
    crs += ax * by - ay * bx;
  }
  const norm = Math.hypot(dot, crs) || 1;
  const cos = dot / norm;
  const sin = crs / norm;
  let candidateInside = 0;
  for (let j = 0; j < candidate.count; j++) {
    const ax = candidate.x[j] - ccx;
    const ay = candidate.y[j] - ccy;
    if (insideHull(probe.hull, pcx + cos * ax - sin * ay, pcy + sin * ax + cos * ay)) candidateInside++;
  }
  let probeInside = 0;
  for (let i = 0; i < probe.count; i++) {
    const bx = probe.x[i] - pcx;
    const by = probe.y[i] - pcy;
    if (insideHull(candidate.hull, ccx + cos * bx + sin * by, ccy - sin * bx + cos * by)) probeInside++;
  }
  out.probeInside = probeInside;
  out.candidateInside = candidateInside;
}
