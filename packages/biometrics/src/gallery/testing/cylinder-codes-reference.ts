/**
 * The cylinders and index codes as cylinder-codes.ts computed them before its speed-ups (commit
 * c728ad0), kept verbatim as the reference the faster code must reproduce bit for bit
 * (cylinder-codes-equivalence.test.ts). Not used by the engine.
 */
import type { FingerprintTemplate, Minutia } from '../../fingerprint/types.ts';
import { mulberry32 } from '../../primitives/random.ts';
import { CYLINDER_INDEX, DIRECTION_BINS, DIRECTION_SHIFT } from '../parameters.ts';
import type { CylinderParameters, OrientedCylinder } from '../cylinder-codes.ts';

interface Layout {
  /** Cell centres (cylinder frame) of the cells inside the disc. */
  cellX: Float64Array;
  cellY: Float64Array;
  /** For each function, its `hashBits` bit indices into the (disc cells × sections) vector. */
  picks: Int32Array;
  bitsPerCylinder: number;
}

const TWO_PI = 2 * Math.PI;
const layouts = new Map<string, Layout>();

function layoutOf(p: CylinderParameters): Layout {
  const key = JSON.stringify(p);
  let layout = layouts.get(key);
  if (layout) return layout;
  const size = (2 * p.radius) / p.cells;
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < p.cells; i++) {
    for (let j = 0; j < p.cells; j++) {
      const x = -p.radius + (i + 0.5) * size;
      const y = -p.radius + (j + 0.5) * size;
      // Only cells whose centre is inside the disc: the corners of the square see neighbours the
      // other impression may not have at all.
      if (Math.hypot(x, y) <= p.radius) {
        xs.push(x);
        ys.push(y);
      }
    }
  }
  const bitsPerCylinder = xs.length * p.sections;
  const random = mulberry32(p.seed);
  const picks = new Int32Array(p.hashes * p.hashBits);
  for (let h = 0; h < p.hashes; h++) {
    const chosen = new Set<number>();
    while (chosen.size < p.hashBits) chosen.add(Math.floor(random() * bitsPerCylinder));
    [...chosen].sort((a, b) => a - b).forEach((bit, k) => (picks[h * p.hashBits + k] = bit));
  }
  layout = { cellX: Float64Array.from(xs), cellY: Float64Array.from(ys), picks, bitsPerCylinder };
  layouts.set(key, layout);
  return layout;
}

/** Cells of the disc in a cylinder of parameters p (the length of orientedCylinders' `valid`). */
export function cylinderCells(p: CylinderParameters): number {
  return layoutOf(p).cellX.length;
}

/**
 * The binary cylinders of a template's minutiae (those valid enough), one Uint8Array each: bit 0 of
 * a value is the cylinder's bit, bit 1 says it is uncertain (near the threshold).
 */
export function cylinders(template: FingerprintTemplate, p: CylinderParameters): Uint8Array[] {
  return orientedCylinders(template, p).map((c) => c.bits);
}

/**
 * Cylinders with the direction (radians, matcher's convention) of their central minutia and their
 * valid cells (1 per cell of the disc, in layout order; the second stage, mcc-similarity.ts,
 * compares two cylinders only where both are valid).
 */
export function orientedCylinders(template: FingerprintTemplate, p: CylinderParameters): OrientedCylinder[] {
  const layout = layoutOf(p);
  const m = template.minutiae;
  const hull = convexHull(m);
  const out: OrientedCylinder[] = [];
  const nCells = layout.cellX.length;
  const sectionWidth = TWO_PI / p.sections;
  const reach = p.radius + 3 * p.sigmaSpatial;
  const spatialNorm = 1 / (p.sigmaSpatial * Math.sqrt(TWO_PI));
  const directionalNorm = sectionWidth / (p.sigmaDirection * Math.sqrt(TWO_PI));
  const directional = new Float64Array(p.sections);
  const reach2 = 9 * p.sigmaSpatial * p.sigmaSpatial;
  const sums = new Float64Array(nCells * p.sections);
  const cellWorldX = new Float64Array(nCells);
  const cellWorldY = new Float64Array(nCells);
  const valid = new Uint8Array(nCells);
  for (let c = 0; c < m.length; c++) {
    const centre = m[c];
    const theta = matchingDirection(centre);
    // Cylinder frame: x along the minutia's direction (cos θ, −sin θ in image coordinates).
    const cos = Math.cos(theta);
    const sin = Math.sin(theta);
    let validCells = 0;
    for (let k = 0; k < nCells; k++) {
      const wx = centre.x + layout.cellX[k] * cos + layout.cellY[k] * sin;
      const wy = centre.y - layout.cellX[k] * sin + layout.cellY[k] * cos;
      cellWorldX[k] = wx;
      cellWorldY[k] = wy;
      valid[k] = distanceOutsideHull(hull, wx, wy) <= p.hullMargin ? 1 : 0;
      validCells += valid[k];
    }
    if (validCells < p.minValidFraction * nCells) continue;
    sums.fill(0);
    let neighbours = 0;
    for (let n = 0; n < m.length; n++) {
      if (n === c) continue;
      const dx = m[n].x - centre.x;
      const dy = m[n].y - centre.y;
      const d = Math.hypot(dx, dy);
      if (d > reach) continue;
      if (d <= p.radius) neighbours++;
      const relative = wrapAngle(matchingDirection(m[n]) - theta);
      // The directional factor depends on the neighbour only: once per section, not per cell.
      for (let sec = 0; sec < p.sections; sec++) {
        const diff = wrapSigned(relative - Math.PI - (-Math.PI + (sec + 0.5) * sectionWidth));
        // Area of the direction Gaussian over the section, approximated by its value × width.
        directional[sec] = Math.exp(-(diff * diff) / (2 * p.sigmaDirection * p.sigmaDirection)) * directionalNorm;
      }
      for (let k = 0; k < nCells; k++) {
        if (!valid[k]) continue;
        const ex = m[n].x - cellWorldX[k];
        const ey = m[n].y - cellWorldY[k];
        const d2 = ex * ex + ey * ey;
        if (d2 > reach2) continue;
        const spatial = spatialNorm * Math.exp(-d2 / (2 * p.sigmaSpatial * p.sigmaSpatial));
        for (let sec = 0; sec < p.sections; sec++) sums[k * p.sections + sec] += spatial * directional[sec];
      }
    }
    if (neighbours < p.minNeighbors) continue;
    const bits = new Uint8Array(layout.bitsPerCylinder);
    const low = p.bitThreshold / p.uncertainRatio;
    const high = p.bitThreshold * p.uncertainRatio;
    for (let b = 0; b < bits.length; b++) {
      const v = sums[b];
      bits[b] = (v >= p.bitThreshold ? 1 : 0) | (v >= low && v < high ? 2 : 0);
    }
    out.push({ bits, valid: valid.slice(), direction: wrapAngle(theta), x: centre.x, y: centre.y });
  }
  return out;
}

/** Sorted distinct LSH codes of a template's cylinders: its index entry (gallery and probe alike). */
export function cylinderCodes(template: FingerprintTemplate, p: CylinderParameters, computed?: Uint8Array[]): Uint32Array {
  const layout = layoutOf(p);
  const codes = new Set<number>();
  const mask = p.codeBits >= 32 ? 0xffffffff : (1 << p.codeBits) - 1;
  for (const bits of computed ?? cylinders(template, p)) {
    for (let h = 0; h < p.hashes; h++) {
      let key = 0;
      let ones = 0;
      for (let k = 0; k < p.hashBits; k++) {
        const bit = bits[layout.picks[h * p.hashBits + k]] & 1;
        key = (key << 1) | bit;
        ones += bit;
      }
      if (ones >= p.minKeyOnes) codes.add((mix(h, key >>> 0) & mask) >>> 0);
    }
  }
  return Uint32Array.from(codes).sort();
}

/** A probe's codes: cylinderCodes plus, with probeFlips, the keys of its uncertain bits flipped. */
export function cylinderProbeCodes(template: FingerprintTemplate, p: CylinderParameters, computed?: Uint8Array[]): Uint32Array {
  if (p.probeFlips <= 0) return cylinderCodes(template, p, computed);
  const layout = layoutOf(p);
  const codes = new Set<number>();
  const mask = p.codeBits >= 32 ? 0xffffffff : (1 << p.codeBits) - 1;
  const uncertain: number[] = [];
  const emit = (h: number, key: number, ones: number) => {
    if (ones >= p.minKeyOnes) codes.add((mix(h, key >>> 0) & mask) >>> 0);
  };
  for (const bits of computed ?? cylinders(template, p)) {
    for (let h = 0; h < p.hashes; h++) {
      let key = 0;
      let ones = 0;
      uncertain.length = 0;
      for (let k = 0; k < p.hashBits; k++) {
        const v = bits[layout.picks[h * p.hashBits + k]];
        key = (key << 1) | (v & 1);
        ones += v & 1;
        if (v & 2) uncertain.push(p.hashBits - 1 - k);
      }
      emit(h, key, ones);
      for (let a = 0; a < uncertain.length; a++) {
        const fa = 1 << uncertain[a];
        const da = key & fa ? -1 : 1;
        emit(h, key ^ fa, ones + da);
        if (p.probeFlips < 2) continue;
        for (let b = a + 1; b < uncertain.length; b++) {
          const fb = 1 << uncertain[b];
          emit(h, key ^ fa ^ fb, ones + da + (key & fb ? -1 : 1));
        }
      }
    }
  }
  return Uint32Array.from(codes).sort();
}

/**
 * The gallery's index entry of an enrolled template: its oriented codes (CYLINDER_INDEX), each
 * stored as code << DIRECTION_SHIFT | direction bin in one sorted Uint32Array.
 */
export function indexCodes(template: FingerprintTemplate, computed?: OrientedCylinder[]): Uint32Array {
  const { codes, directions } = orientedCodes(template, CYLINDER_INDEX, DIRECTION_BINS, false, computed);
  const out = new Uint32Array(codes.length);
  for (let i = 0; i < codes.length; i++) out[i] = (codes[i] << DIRECTION_SHIFT) | directions[i];
  return out.sort();
}

/**
 * A probe's oriented codes (with multi-probe flips) written into `mask`, indexed by code: bit b
 * set when a probe cylinder of direction bin b has that code. Returns the codes written, so the
 * caller can clear exactly those afterwards and reuse the (code-space sized) array.
 */
export function fillProbeMask(template: FingerprintTemplate, mask: Uint32Array, computed?: OrientedCylinder[]): Uint32Array {
  const { codes, directions } = orientedCodes(template, CYLINDER_INDEX, DIRECTION_BINS, true, computed);
  for (let i = 0; i < codes.length; i++) mask[codes[i]] |= 1 << directions[i];
  // (1 << 31 is negative as an int32; the Uint32Array stores it as bit 31 all the same.)
  return codes;
}

/**
 * Codes with the direction of the cylinder that produced them, quantised to `directionBins`: a
 * mated probe's shared codes agree on one rotation (enrolled minus probe direction), chance
 * collisions spread over all of them, so a score can count only the codes of the best rotation.
 * Distinct (code, direction) pairs; probe side with multi-probe flips when `probe` is set.
 */
export function orientedCodes(
  template: FingerprintTemplate,
  p: CylinderParameters,
  directionBins: number,
  probe: boolean,
  computed?: readonly { bits: Uint8Array; direction: number }[],
): { codes: Uint32Array; directions: Uint8Array } {
  const seen = new Set<number>();
  const codes: number[] = [];
  const directions: number[] = [];
  for (const c of computed ?? orientedCylinders(template, p)) {
    const bin = Math.floor((c.direction / TWO_PI) * directionBins) % directionBins;
    const one = probe ? cylinderProbeCodes(template, p, [c.bits]) : cylinderCodes(template, p, [c.bits]);
    for (const code of one) {
      const key = code * directionBins + bin;
      if (seen.has(key)) continue;
      seen.add(key);
      codes.push(code);
      directions.push(bin);
    }
  }
  return { codes: Uint32Array.from(codes), directions: Uint8Array.from(directions) };
}

/** Function index and key → a well-spread 32-bit value (murmur3's finaliser). */
function mix(h: number, key: number): number {
  let x = (Math.imul(h + 1, 0x9e3779b1) ^ key) >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/** Bifurcations turned by π, as the matcher does: ending/bifurcation readings swap between impressions. */
function matchingDirection(m: Minutia): number {
  return m.type === 'bifurcation' ? m.direction + Math.PI : m.direction;
}

function wrapAngle(a: number): number {
  const r = a % TWO_PI;
  return r < 0 ? r + TWO_PI : r;
}

/** Angle in (−π, π]. */
function wrapSigned(a: number): number {
  const r = wrapAngle(a + Math.PI);
  return r - Math.PI;
}

/** Convex hull (Andrew's monotone chain), counter-clockwise in a y-up sense; fewer than 3 points: as given. */
function convexHull(m: readonly Minutia[]): { x: number; y: number }[] {
  const pts = m.map((p) => ({ x: p.x, y: p.y })).sort((a, b) => a.x - b.x || a.y - b.y);
  if (pts.length < 3) return pts;
  const cross = (o: { x: number; y: number }, a: { x: number; y: number }, b: { x: number; y: number }) =>
    (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
  const lower: { x: number; y: number }[] = [];
  for (const p of pts) {
    while (lower.length >= 2 && cross(lower[lower.length - 2], lower[lower.length - 1], p) <= 0) lower.pop();
    lower.push(p);
  }
  const upper: { x: number; y: number }[] = [];
  for (let i = pts.length - 1; i >= 0; i--) {
    const p = pts[i];
    while (upper.length >= 2 && cross(upper[upper.length - 2], upper[upper.length - 1], p) <= 0) upper.pop();
    upper.push(p);
  }
  return lower.slice(0, -1).concat(upper.slice(0, -1));
}

/** 0 inside the hull, else the distance to its nearest edge. */
function distanceOutsideHull(hull: readonly { x: number; y: number }[], x: number, y: number): number {
  if (hull.length === 0) return Infinity;
  if (hull.length < 3) return Math.min(...hull.map((p) => Math.hypot(p.x - x, p.y - y)));
  let inside = true;
  for (let i = 0; i < hull.length && inside; i++) {
    const a = hull[i];
    const b = hull[(i + 1) % hull.length];
    if ((b.x - a.x) * (y - a.y) - (b.y - a.y) * (x - a.x) < 0) inside = false;
  }
  if (inside) return 0;
  let best = Infinity;
  for (let i = 0; i < hull.length; i++) {
    const a = hull[i];
    const b = hull[(i + 1) % hull.length];
    const ex = b.x - a.x;
    const ey = b.y - a.y;
    const t = Math.max(0, Math.min(1, ((x - a.x) * ex + (y - a.y) * ey) / (ex * ex + ey * ey)));
    const dx = a.x + t * ex - x;
    const dy = a.y + t * ey - y;
    best = Math.min(best, dx * dx + dy * dy);
  }
  return Math.sqrt(best);
}
