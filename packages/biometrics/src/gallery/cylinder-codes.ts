/**
 * The pre-filter's index codes: locality-sensitive hashes of binary minutia cylinders, after the
 * Minutia Cylinder-Code indexing of Cappelli, Ferrara & Maltoni (IEEE TPAMI 2011). Written from the
 * paper's description, with this engine's conventions and parameters measured on our data
 * (bench/logs/prefilter-study.md).
 *
 * A cylinder describes the neighbourhood of one minutia in the minutia's own frame (so it is
 * unchanged by moving or rotating the finger): a disc of radius R cut into square cells, each with
 * a few direction sections; a bit is set where a neighbouring minutia sits close to the cell with a
 * direction, relative to the central one, in that section. Two impressions of the same minutia give
 * cylinders that differ in a few bits; unrelated minutiae differ in many.
 *
 * Locality-sensitive hashing of the bit vector: each of `hashes` functions reads `hashBits` fixed,
 * randomly chosen bit positions. Two cylinders agree on a function with probability ≈ (bits in
 * common / bits)^hashBits, which falls much faster for unrelated cylinders than for mated ones.
 * Each (function, value) pair is folded into one 2^codeBits code; a template's index entry is the
 * sorted set of its codes, and the pre-filter score counts shared codes, exactly like the former
 * triangle cells, so the shard's scan is unchanged.
 */
import type { FingerprintTemplate, Minutia } from '../fingerprint/types.ts';
import { mulberry32 } from '../primitives/random.ts';
import { prefilterScore } from './descriptor.ts';
import { CYLINDER_INDEX, DIRECTION_BINS, DIRECTION_SHIFT, INDEX_PROBE_CYLINDERS, ROTATION_WINDOW } from './parameters.ts';

export interface CylinderParameters {
  /** Cylinder radius (px at 500 dpi). */
  radius: number;
  /** Cells along the cylinder's side (the square of side 2R is cut into cells × cells). */
  cells: number;
  /** Direction sections per cell. */
  sections: number;
  /** Spatial spread of a neighbour's contribution (Gaussian σ, px). */
  sigmaSpatial: number;
  /** Directional spread (Gaussian σ, radians). */
  sigmaDirection: number;
  /** A bit is set where the summed contributions reach this. */
  bitThreshold: number;
  /** Cylinders with fewer neighbours within the radius describe too little and are skipped. */
  minNeighbors: number;
  /** Cells are valid when within this margin (px) of the minutiae's convex hull. */
  hullMargin: number;
  /** Cylinders with fewer valid cells (fraction of those in the disc) are skipped. */
  minValidFraction: number;
  /** LSH functions per cylinder, and bits each reads. */
  hashes: number;
  hashBits: number;
  /** Hash values with fewer set bits than this are not indexed (near-empty keys collide by chance). */
  minKeyOnes: number;
  /** Codes live in [0, 2^codeBits). */
  codeBits: number;
  /**
   * Multi-probe: a probe also emits the keys that flipping up to this many *uncertain* bits of a
   * hash function's input gives (0: none). Uncertain bits are those whose sum lies within a factor
   * `uncertainRatio` of the threshold, the ones a second impression most often reads the other way.
   * Only the probe side grows: enrolled entries (memory, scan) are unchanged.
   */
  probeFlips: number;
  uncertainRatio: number;
  /** Seed of the bit positions each function reads (fixed: gallery and probe must agree). */
  seed: number;
}

/** One minutia's binary cylinder (bit 0: the bit, bit 1: uncertain), its valid cells, direction and position. */
export interface OrientedCylinder {
  bits: Uint8Array;
  valid: Uint8Array;
  direction: number;
  x: number;
  y: number;
}

interface Layout {
  /** Cell centres (cylinder frame) of the cells inside the disc. */
  cellX: Float64Array;
  cellY: Float64Array;
  /** Distance of each cell centre from the cylinder's centre. */
  cellRadius: Float64Array;
  /** Layout index of the cell in column i, row j of the square (i × cells + j), −1 outside the disc. */
  grid: Int32Array;
  /** For each function, its `hashBits` bit indices into the (disc cells × sections) vector. */
  picks: Int32Array;
  bitsPerCylinder: number;
}

const TWO_PI = 2 * Math.PI;
const layouts = new Map<string, Layout>();
/** The same layouts by parameter object: the JSON key cost more than a small template's codes. */
const layoutsByObject = new WeakMap<CylinderParameters, Layout>();

function layoutOf(p: CylinderParameters): Layout {
  let layout = layoutsByObject.get(p);
  if (layout) return layout;
  const key = JSON.stringify(p);
  layout = layouts.get(key);
  if (layout) {
    layoutsByObject.set(p, layout);
    return layout;
  }
  const size = (2 * p.radius) / p.cells;
  const xs: number[] = [];
  const ys: number[] = [];
  const grid = new Int32Array(p.cells * p.cells).fill(-1);
  for (let i = 0; i < p.cells; i++) {
    for (let j = 0; j < p.cells; j++) {
      const x = -p.radius + (i + 0.5) * size;
      const y = -p.radius + (j + 0.5) * size;
      // Only cells whose centre is inside the disc: the corners of the square see neighbours the
      // other impression may not have at all.
      if (Math.hypot(x, y) <= p.radius) {
        grid[i * p.cells + j] = xs.length;
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
  const cellRadius = Float64Array.from(xs, (x, k) => Math.hypot(x, ys[k]));
  layout = { cellX: Float64Array.from(xs), cellY: Float64Array.from(ys), cellRadius, grid, picks, bitsPerCylinder };
  layouts.set(key, layout);
  layoutsByObject.set(p, layout);
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
  // Every value below is computed by the same float64 expressions, in the same order per sum, as
  // the straightforward version (testing/cylinder-codes-reference.ts; the equivalence test compares
  // them bit for bit). What changed is only what is skipped or hoisted: angle wrapping without the
  // floating modulo where it is exact, a neighbour's directional factors only once it reaches a
  // cell, and only the cells of the square around the neighbour examined.
  const layout = layoutOf(p);
  const m = template.minutiae;
  const count = m.length;
  const hull = flatHull(convexHull(m));
  const polygon = hull.length >= 6;
  const safeRadius = p.hullMargin - 1e-6 * (1 + p.hullMargin);
  const out: OrientedCylinder[] = [];
  const { cellX, cellY, cellRadius, grid } = layout;
  const nCells = cellX.length;
  const sections = p.sections;
  const sectionWidth = TWO_PI / sections;
  const reach = p.radius + 3 * p.sigmaSpatial;
  const spatialNorm = 1 / (p.sigmaSpatial * Math.sqrt(TWO_PI));
  const directionalNorm = sectionWidth / (p.sigmaDirection * Math.sqrt(TWO_PI));
  const directionalDenominator = 2 * p.sigmaDirection * p.sigmaDirection;
  const spatialDenominator = 2 * p.sigmaSpatial * p.sigmaSpatial;
  const directional = new Float64Array(sections);
  const reach2 = 9 * p.sigmaSpatial * p.sigmaSpatial;
  // The square of cells a neighbour can reach: its frame position ± 3σ, plus a margin far above
  // the rounding between frame and image coordinates (the exact test is still d2 > reach2).
  const cellSize = (2 * p.radius) / p.cells;
  const boxReach = 3 * p.sigmaSpatial + 1e-6 * (1 + p.radius);
  const sums = new Float64Array(nCells * sections);
  const cellWorldX = new Float64Array(nCells);
  const cellWorldY = new Float64Array(nCells);
  const valid = new Uint8Array(nCells);
  const xs = new Float64Array(count);
  const ys = new Float64Array(count);
  const thetas = new Float64Array(count);
  for (let n = 0; n < count; n++) {
    xs[n] = m[n].x;
    ys[n] = m[n].y;
    thetas[n] = matchingDirection(m[n]);
  }
  for (let c = 0; c < count; c++) {
    const cx = xs[c];
    const cy = ys[c];
    const theta = thetas[c];
    // Cylinder frame: x along the minutia's direction (cos θ, −sin θ in image coordinates).
    const cos = Math.cos(theta);
    const sin = Math.sin(theta);
    let validCells = 0;
    for (let k = 0; k < nCells; k++) {
      const wx = cx + cellX[k] * cos + cellY[k] * sin;
      const wy = cy - cellX[k] * sin + cellY[k] * cos;
      cellWorldX[k] = wx;
      cellWorldY[k] = wy;
      // A cell nearer the central minutia than the margin is valid without the hull test: the
      // minutia lies in the hull polygon (3 or more corners), so the cell is at most that far from
      // it; 1e-6 covers the rounding of both distances.
      valid[k] = (polygon && cellRadius[k] < safeRadius) || distanceOutsideFlatHull(hull, wx, wy) <= p.hullMargin ? 1 : 0;
      validCells += valid[k];
    }
    if (validCells < p.minValidFraction * nCells) continue;
    // The neighbour count decides whether the cylinder is kept at all: counted first.
    let neighbours = 0;
    for (let n = 0; n < count; n++) {
      if (n !== c && withinDistance(xs[n] - cx, ys[n] - cy, p.radius)) neighbours++;
    }
    if (neighbours < p.minNeighbors) continue;
    sums.fill(0);
    for (let n = 0; n < count; n++) {
      if (n === c) continue;
      const nx = xs[n];
      const ny = ys[n];
      const dx = nx - cx;
      const dy = ny - cy;
      if (!withinDistance(dx, dy, reach)) continue;
      // The neighbour in the cylinder frame, and the columns / rows of cells within reach of it.
      const u = dx * cos - dy * sin;
      const v = dx * sin + dy * cos;
      const i0 = Math.max(0, Math.ceil((u - boxReach + p.radius) / cellSize - 0.5));
      const i1 = Math.min(p.cells - 1, Math.floor((u + boxReach + p.radius) / cellSize - 0.5));
      const j0 = Math.max(0, Math.ceil((v - boxReach + p.radius) / cellSize - 0.5));
      const j1 = Math.min(p.cells - 1, Math.floor((v + boxReach + p.radius) / cellSize - 0.5));
      let relative = -1;
      for (let i = i0; i <= i1; i++) {
        for (let j = j0; j <= j1; j++) {
          const k = grid[i * p.cells + j];
          if (k < 0 || !valid[k]) continue;
          const ex = nx - cellWorldX[k];
          const ey = ny - cellWorldY[k];
          const d2 = ex * ex + ey * ey;
          if (d2 > reach2) continue;
          if (relative < 0) {
            relative = wrapAngle(thetas[n] - theta);
            // The directional factor depends on the neighbour only: once per section, not per cell.
            for (let sec = 0; sec < sections; sec++) {
              const diff = wrapSigned(relative - Math.PI - (-Math.PI + (sec + 0.5) * sectionWidth));
              // Area of the direction Gaussian over the section, approximated by its value × width.
              directional[sec] = Math.exp(-(diff * diff) / directionalDenominator) * directionalNorm;
            }
          }
          const spatial = spatialNorm * Math.exp(-d2 / spatialDenominator);
          const at = k * sections;
          for (let sec = 0; sec < sections; sec++) sums[at + sec] += spatial * directional[sec];
        }
      }
    }
    const bits = new Uint8Array(layout.bitsPerCylinder);
    const low = p.bitThreshold / p.uncertainRatio;
    const high = p.bitThreshold * p.uncertainRatio;
    const threshold = p.bitThreshold;
    for (let b = 0; b < bits.length; b++) {
      const v = sums[b];
      // Most sums are far below both (often 0): one well-predicted test for them.
      if (v < low && v < threshold) continue;
      bits[b] = (v >= threshold ? 1 : 0) | (v >= low && v < high ? 2 : 0);
    }
    out.push({ bits, valid: valid.slice(), direction: wrapAngle(theta), x: cx, y: cy });
  }
  return out;
}

/**
 * A growable list of codes reused between calls (this thread's only one: the functions below are
 * synchronous and never nest): the code derivation allocates no Set per cylinder.
 */
let scratch = new Uint32Array(1024);

function scratchRoom(n: number): Uint32Array {
  if (scratch.length < n) {
    const grown = new Uint32Array(Math.max(n, 2 * scratch.length));
    grown.set(scratch);
    scratch = grown;
  }
  return scratch;
}

/**
 * Appends the LSH codes of one cylinder (bits as orientedCylinders gives them) to `scratch` from
 * `at` on, repeats included; with `probe`, also the codes of its uncertain bits flipped
 * (p.probeFlips). Returns the new end.
 */
function appendCodes(bits: Uint8Array, p: CylinderParameters, layout: Layout, probe: boolean, at: number): number {
  const mask = p.codeBits >= 32 ? 0xffffffff : (1 << p.codeBits) - 1;
  const flips = probe ? p.probeFlips : 0;
  const picks = layout.picks;
  const hashBits = p.hashBits;
  const minOnes = p.minKeyOnes;
  if (uncertain.length < hashBits) uncertain = new Int32Array(hashBits);
  let end = at;
  for (let h = 0; h < p.hashes; h++) {
    let key = 0;
    let ones = 0;
    let flippable = 0;
    for (let k = 0; k < hashBits; k++) {
      const v = bits[picks[h * hashBits + k]];
      key = (key << 1) | (v & 1);
      ones += v & 1;
      if (flips > 0 && v & 2) uncertain[flippable++] = hashBits - 1 - k;
    }
    if (ones >= minOnes) end = pushCode(end, (mix(h, key >>> 0) & mask) >>> 0);
    for (let a = 0; a < flippable; a++) {
      const fa = 1 << uncertain[a];
      const da = key & fa ? -1 : 1;
      if (ones + da >= minOnes) end = pushCode(end, (mix(h, (key ^ fa) >>> 0) & mask) >>> 0);
      if (flips < 2) continue;
      for (let b = a + 1; b < flippable; b++) {
        const fb = 1 << uncertain[b];
        if (ones + da + (key & fb ? -1 : 1) >= minOnes) end = pushCode(end, (mix(h, (key ^ fa ^ fb) >>> 0) & mask) >>> 0);
      }
    }
  }
  return end;
}

/** Positions (from the key's low bit) of one hash function's uncertain bits; reused. */
let uncertain = new Int32Array(32);

/** scratch[end] = value (grown when full); returns end + 1. */
function pushCode(end: number, value: number): number {
  if (end >= scratch.length) scratchRoom(end + 1);
  scratch[end] = value;
  return end + 1;
}

/** Sorts scratch[from, to) and drops repeats; returns the end of the distinct values. */
function sortDistinct(from: number, to: number): number {
  if (to - from < 2) return to;
  const run = scratch.subarray(from, to).sort();
  let end = 1;
  for (let i = 1; i < run.length; i++) if (run[i] !== run[end - 1]) run[end++] = run[i];
  return from + end;
}

/** Sorted distinct codes of every cylinder in `bitsList` (the probe side's flips with `probe`). */
function distinctCodes(bitsList: readonly Uint8Array[], p: CylinderParameters, probe: boolean): Uint32Array {
  const layout = layoutOf(p);
  let end = 0;
  for (const bits of bitsList) end = appendCodes(bits, p, layout, probe, end);
  return scratch.slice(0, sortDistinct(0, end));
}

/**
 * Math.hypot(dx, dy) <= r, deciding from the plain sum of squares unless it lies within a relative
 * 1e-9 of r² (hypot is within an ulp or so of the true length, and so is the sum): the same answer,
 * with Math.hypot (much slower than a square root in V8) called only at the border.
 */
function withinDistance(dx: number, dy: number, r: number): boolean {
  const q = dx * dx + dy * dy;
  const r2 = r * r;
  if (q < r2 * (1 - 1e-9)) return true;
  if (q > r2 * (1 + 1e-9)) return false;
  return Math.hypot(dx, dy) <= r;
}

/** Sorted distinct LSH codes of a template's cylinders: its index entry (gallery and probe alike). */
export function cylinderCodes(template: FingerprintTemplate, p: CylinderParameters, computed?: Uint8Array[]): Uint32Array {
  return distinctCodes(computed ?? cylinders(template, p), p, false);
}

/** A probe's codes: cylinderCodes plus, with probeFlips, the keys of its uncertain bits flipped. */
export function cylinderProbeCodes(template: FingerprintTemplate, p: CylinderParameters, computed?: Uint8Array[]): Uint32Array {
  return distinctCodes(computed ?? cylinders(template, p), p, p.probeFlips > 0);
}

/**
 * The gallery's index entry of an enrolled template: its oriented codes (CYLINDER_INDEX), each
 * stored as code << DIRECTION_SHIFT | direction bin in one sorted Uint32Array.
 */
export function indexCodes(template: FingerprintTemplate, computed?: OrientedCylinder[]): Uint32Array {
  // orientedCodes' distinct (code, bin) pairs, combined and sorted: the same as every cylinder's
  // codes combined with its bin, sorted, repeats dropped (a pair and its combined value are one to one).
  const layout = layoutOf(CYLINDER_INDEX);
  let end = 0;
  for (const c of computed ?? orientedCylinders(template, CYLINDER_INDEX)) {
    const bin = directionBin(c.direction, DIRECTION_BINS);
    const from = end;
    end = appendCodes(c.bits, CYLINDER_INDEX, layout, false, end);
    for (let i = from; i < end; i++) scratch[i] = (scratch[i] << DIRECTION_SHIFT) | bin;
  }
  return scratch.slice(0, sortDistinct(0, end));
}

if (CYLINDER_INDEX.codeBits + DIRECTION_SHIFT > 32 || DIRECTION_BINS !== 1 << DIRECTION_SHIFT) {
  throw new Error('CYLINDER_INDEX.codeBits and DIRECTION_BINS do not fit one Uint32 code');
}

/**
 * The probe cylinders the index walk uses: all of them up to INDEX_PROBE_CYLINDERS, else that many
 * nearest the centroid of their minutiae (ties by order), in their original order. A probe's
 * codes, and so the postings it walks, grow with its cylinders: a 72-minutia probe walked 3× the
 * postings of a 40-minutia one at a million fingers, while its extra cylinders, at the rim of a
 * large print, are the ones least likely to overlap an enrolled impression. Only the index is
 * capped; the MCC re-rank and the full match see every minutia.
 */
export function indexProbeCylinders(oriented: OrientedCylinder[], cap: number = INDEX_PROBE_CYLINDERS): OrientedCylinder[] {
  return centralCylinders(oriented, cap);
}

/** All of `oriented` up to `cap`, else the `cap` nearest the centroid of their minutiae (ties by order), in their original order. */
export function centralCylinders(oriented: OrientedCylinder[], cap: number): OrientedCylinder[] {
  if (oriented.length <= cap) return oriented;
  let cx = 0;
  let cy = 0;
  for (const c of oriented) {
    cx += c.x;
    cy += c.y;
  }
  cx /= oriented.length;
  cy /= oriented.length;
  const order = oriented.map((c, i) => ({ i, d: (c.x - cx) ** 2 + (c.y - cy) ** 2 }));
  order.sort((a, b) => a.d - b.d || a.i - b.i);
  const kept = order.slice(0, cap).map((e) => e.i);
  kept.sort((a, b) => a - b);
  return kept.map((i) => oriented[i]);
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
 * The pre-filter score of one enrolled entry (indexCodes) against a filled probe mask: votes per
 * rotation bin, best window of ROTATION_WINDOW bins, over √(enrolled codes). The shard's scan
 * (topKByRotation) inlines the same computation.
 */
export function rotationSimilarity(mask: Uint32Array, enrolled: Uint32Array): number {
  const votes = new Uint16Array(DIRECTION_BINS);
  for (const stored of enrolled) {
    let m = mask[stored >>> DIRECTION_SHIFT];
    while (m !== 0) {
      const low = m & -m;
      votes[((stored & (DIRECTION_BINS - 1)) - (31 - Math.clz32(low)) + DIRECTION_BINS) & (DIRECTION_BINS - 1)]++;
      m ^= low;
    }
  }
  return prefilterScore(bestRotationVotes(votes, 0), enrolled.length);
}

/** An entry's rotation evidence: its best window of ROTATION_WINDOW adjacent bins of votes[base…base + DIRECTION_BINS). */
export function bestRotationVotes(votes: Uint16Array, base: number): number {
  let best = 0;
  for (let b = 0; b < DIRECTION_BINS; b++) {
    let sum = votes[base + b];
    for (let w = 1; w < ROTATION_WINDOW; w++) sum += votes[base + ((b + w) & (DIRECTION_BINS - 1))];
    if (sum > best) best = sum;
  }
  return best;
}

/** Entries of a probe mask: one per code of the code space. */
export const PROBE_MASK_SIZE = 2 ** CYLINDER_INDEX.codeBits;

/**
 * Identifies the code scheme (parameters, layout version, and the packed cylinders of the second
 * stage, mcc-similarity.ts): codes persisted with one scheme are
 * meaningless under another, so a packed shard carries it and is refused when it differs.
 */
export const INDEX_SCHEME = `cylinder-lsh-1+mcc-lss-1:${DIRECTION_BINS}:${JSON.stringify(CYLINDER_INDEX)}`;

/** The scheme of a gallery whose enrolled fingers keep at most `enrolledCylinders` cylinders (PrefilterOptions). */
export function indexScheme(enrolledCylinders?: number): string {
  return enrolledCylinders === undefined ? INDEX_SCHEME : `${INDEX_SCHEME}:enrolled-${enrolledCylinders}`;
}

/**
 * The LSH codes of each cylinder apart (one array per valid cylinder, in minutia order): what a
 * score that counts collisions per pair of cylinders needs.
 */
export function cylinderCodeLists(template: FingerprintTemplate, p: CylinderParameters): Uint32Array[] {
  const layout = layoutOf(p);
  const mask = p.codeBits >= 32 ? 0xffffffff : (1 << p.codeBits) - 1;
  return cylinders(template, p).map((bits) => {
    const codes: number[] = [];
    for (let h = 0; h < p.hashes; h++) {
      let key = 0;
      let ones = 0;
      for (let k = 0; k < p.hashBits; k++) {
        const bit = bits[layout.picks[h * p.hashBits + k]] & 1;
        key = (key << 1) | bit;
        ones += bit;
      }
      if (ones >= p.minKeyOnes) codes.push((mix(h, key >>> 0) & mask) >>> 0);
    }
    return Uint32Array.from(codes);
  });
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
  const layout = layoutOf(p);
  const list = computed ?? orientedCylinders(template, p);
  // Each cylinder's distinct codes (sorted) are laid one after another in `scratch`, then the
  // (code, bin) pairs already seen are dropped in that order, as a Set of them did.
  let end = 0;
  const starts = new Int32Array(list.length + 1);
  for (let c = 0; c < list.length; c++) {
    const from = end;
    end = sortDistinct(from, appendCodes(list[c].bits, p, layout, probe && p.probeFlips > 0, from));
    starts[c + 1] = end;
  }
  const seen = new PairSet(end);
  const codes = new Uint32Array(end);
  const directions = new Uint8Array(end);
  let kept = 0;
  for (let c = 0; c < list.length; c++) {
    const bin = directionBin(list[c].direction, directionBins);
    for (let i = starts[c]; i < starts[c + 1]; i++) {
      const code = scratch[i];
      if (!seen.add(code * directionBins + bin)) continue;
      codes[kept] = code;
      directions[kept++] = bin;
    }
  }
  return { codes: codes.slice(0, kept), directions: directions.slice(0, kept) };
}

/** A direction's bin among `bins` per turn. */
function directionBin(direction: number, bins: number): number {
  return Math.floor((direction / TWO_PI) * bins) % bins;
}

/** An open-addressing set of non-negative integers below 2^53, for up to `capacity` of them. */
class PairSet {
  private readonly slots: Float64Array;
  private readonly shift: number;

  constructor(capacity: number) {
    const bits = Math.max(4, Math.ceil(Math.log2(2 * capacity + 1)));
    this.slots = new Float64Array(2 ** bits).fill(-1);
    this.shift = 32 - bits;
  }

  /** Adds `key`; false when it was there already. */
  add(key: number): boolean {
    const slots = this.slots;
    const last = slots.length - 1;
    let at = Math.imul((key >>> 0) ^ Math.floor(key / 4294967296), 0x9e3779b1) >>> this.shift;
    for (;;) {
      const held = slots[at];
      if (held === key) return false;
      if (held === -1) {
        slots[at] = key;
        return true;
      }
      at = (at + 1) & last;
    }
  }
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
  // a % TWO_PI, without V8's out-of-line floating modulo where the answer is known exactly: within
  // (−2π, 2π) it is a itself, within [2π, 4π) it is a − 2π, a subtraction that is exact there
  // (Sterbenz: 2π ≤ a ≤ 2 × 2π), as the modulo's result always is.
  const r = a > -TWO_PI && a < TWO_PI ? a : a >= TWO_PI && a < 2 * TWO_PI ? a - TWO_PI : a % TWO_PI;
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

/** A hull's points as one array, x then y: the per-cell test reads no objects. */
function flatHull(hull: readonly { x: number; y: number }[]): Float64Array {
  const flat = new Float64Array(2 * hull.length);
  hull.forEach((p, i) => {
    flat[2 * i] = p.x;
    flat[2 * i + 1] = p.y;
  });
  return flat;
}

/** 0 inside the hull (a flatHull), else the distance to its nearest edge. */
function distanceOutsideFlatHull(hull: Float64Array, x: number, y: number): number {
  const n = hull.length >> 1;
  if (n === 0) return Infinity;
  if (n < 3) {
    let best = Infinity;
    for (let i = 0; i < n; i++) best = Math.min(best, Math.hypot(hull[2 * i] - x, hull[2 * i + 1] - y));
    return best;
  }
  let inside = true;
  for (let i = 0; i < n && inside; i++) {
    const j = i + 1 === n ? 0 : i + 1;
    const ax = hull[2 * i];
    const ay = hull[2 * i + 1];
    if ((hull[2 * j] - ax) * (y - ay) - (hull[2 * j + 1] - ay) * (x - ax) < 0) inside = false;
  }
  if (inside) return 0;
  let best = Infinity;
  for (let i = 0; i < n; i++) {
    const j = i + 1 === n ? 0 : i + 1;
    const ax = hull[2 * i];
    const ay = hull[2 * i + 1];
    const ex = hull[2 * j] - ax;
    const ey = hull[2 * j + 1] - ay;
    const t = Math.max(0, Math.min(1, ((x - ax) * ex + (y - ay) * ey) / (ex * ex + ey * ey)));
    const dx = ax + t * ex - x;
    const dy = ay + t * ey - y;
    best = Math.min(best, dx * dx + dy * dy);
  }
  return Math.sqrt(best);
}
