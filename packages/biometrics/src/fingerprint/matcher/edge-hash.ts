import {
  MAX_ANGLE_ERROR,
  MAX_DISTANCE_ERROR,
  ROOT_EDGE_MAX_LENGTH,
} from '../matcher-parameters.ts';
import { edgeLength, normalizeAngle, vectorAngle } from './angles.ts';
import { maxMatchingLength, minMatchingLength } from './tolerances.ts';

/** The fields of a prepared template that the hash is built from. */
interface RootEdges {
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly direction: Float64Array;
  readonly rootEdgeCount: number;
  readonly rootEdgeFrom: Int32Array;
  readonly rootEdgeTo: Int32Array;
}

/**
 * Both relative angles of an edge quantised to ANGLE_STEPS per turn and packed as
 * reference · 2^16 + neighbour, so one integer test checks both tolerances at once
 * (anglesMatchPackedBit). 4,096 steps (0.09°) keep the quantisation far below the 10° tolerance.
 */
const ANGLE_STEPS = 4096;
const ANGLE_MASK = ANGLE_STEPS - 1;
const ANGLE_TOLERANCE_STEPS = Math.round((MAX_ANGLE_ERROR / (2 * Math.PI)) * ANGLE_STEPS);
const LANE_MASK = ANGLE_MASK * 0x10001;
const LANE_OFFSET = (ANGLE_TOLERANCE_STEPS + ANGLE_STEPS) + (ANGLE_TOLERANCE_STEPS << 16);
const LANE_SPAN = (ANGLE_MASK - 2 * ANGLE_TOLERANCE_STEPS) * 0x10001;
const LANE_OVERFLOW = ANGLE_STEPS * 0x10001;

function quantizeAngle(angle: number): number {
  return roundHalfUp((angle / (2 * Math.PI)) * ANGLE_STEPS) & ANGLE_MASK;
}

/**
 * Math.round, bit for bit, without calling it: V8 (Node 20) compiles Math.round here into a much
 * slower sequence than Math.floor, and it was the hottest line of template preparation (two per
 * root edge): preparing measured 13–14 % faster this way. For 0 < v < 2^52, r = floor(v + 0.5) is
 * Math.round(v) or, when the sum rounds up across a whole number (v = 0.5 − 2^−54: the sum rounds
 * to 1), one more; then v < r − 0.5, which is exact for such r. Zero, negative values, whole
 * numbers from 2^52 on and NaN take Math.round itself (it keeps −0).
 */
const ROUND_LIMIT = 2 ** 52;
export function roundHalfUp(v: number): number {
  if (!(v > 0 && v < ROUND_LIMIT)) return Math.round(v);
  const r = Math.floor(v + 0.5);
  return v < r - 0.5 ? r - 1 : r;
}

export function packAngles(referenceAngle: number, neighborAngle: number): number {
  return (quantizeAngle(referenceAngle) << 16) | quantizeAngle(neighborAngle);
}

/**
 * 1 when both packed angle pairs agree within the tolerance, around the circle, else 0. Each
 * 16-bit lane holds (a − b + tolerance) mod 4096, which is ≤ 2·tolerance exactly when they match;
 * adding (4095 − 2·tolerance) then carries into bit 12 of the lane only when they do not. The
 * +4096 on the low lane keeps its difference positive so it never borrows from the high lane.
 * One test instead of four measured the root vote about a third faster, and returning the bit
 * rather than a boolean lets the vote skip the branch too (root-pairs.ts). `miss` is 0 or a sum
 * of the two carry bits, so miss − 1 is negative exactly on a match (`miss | -miss` gave the
 * same bit but made V8 handle −0, a double).
 */
export function anglesMatchPackedBit(a: number, b: number): number {
  const miss = (((a - b + LANE_OFFSET) & LANE_MASK) + LANE_SPAN) & LANE_OVERFLOW;
  return (miss - 1) >>> 31;
}


/**
 * A probe's root edges in both orientations, bucketed by (length, reference angle, neighbour
 * angle) so a candidate edge finds every probe edge of similar shape in one bucket. Each probe
 * edge is stored in all buckets its tolerance box touches (as SourceAFIS's edge hash does), so the
 * query side reads one bucket and then verifies the exact tolerances. Each bucket is split into
 * CELLS_PER_BUCKET cells by the entry's quantised reference angle (cellOfEntry), and a query reads
 * only the run of cells its angle window reaches (queryCells): about two thirds of the bucket.
 */
export interface EdgeHash {
  /**
   * Word offset in `entries` of each bucket's header. Empty buckets have no header of their own:
   * they point at the all-zero header at offset 0, whose cells are all empty.
   */
  readonly bucketStart: Int32Array;
  /**
   * Each non-empty bucket as a header of HEADER_WORDS words, then its entries cell by cell. The
   * header holds CELLS_PER_BUCKET + 1 16-bit lanes, two a word, low lane first: lane s is where
   * cell s starts, in words after the header, and the last lane is where the bucket ends (a bucket
   * holds at most the 2 · 8,128 directed edges of MAX_MINUTIAE minutiae: 32,512 words < 2^16). The
   * header sits just before the entries it indexes, so reading it costs no extra cache line: a
   * separate cell index (Int32, 145 KB a template) read ~20 % fewer entries warm but made a cold
   * root search (protocol fvc) slower than reading whole buckets.
   * The entries are ENTRY_SIZE integers each, with each edge's data inline and interleaved:
   * packAngles(reference, neighbour), then packEdge(length, from, to). A bucket is then one cache
   * line read in order instead of four scattered ones: a probe's hash (~0.4 MB) is often out of
   * cache when the probe changes every few comparisons (protocol fvc), where a cold root search
   * measured ~3× a warm one (see also the bucket order of the queries in prepared-template.ts).
   * The length tolerance is symmetric, so the candidate side carries the bounds (lengthBounds)
   * and an entry needs only its own length: 8 bytes an entry instead of 12.
   */
  readonly entries: Int32Array;
}

export const ENTRY_SIZE = 2;

/** Fixed-point scale of edge lengths (1/64 px: far below the 13 px tolerance; 150 px < 2^14). */
export const LENGTH_SCALE = 64;

/**
 * Length (14 bits, fixed point) · 2^14 + from · 2^7 + to (MAX_MINUTIAE = 128 fits 7 bits). The
 * masks below read from · 2^7 and to directly, which is the row offset of a 128-wide matrix.
 */
export const FROM_ROW_MASK = 127 << 7;
export const TO_MASK = 127;

function packEdge(length: number, from: number, to: number): number {
  return (Math.round(length * LENGTH_SCALE) << 14) | (from << 7) | to;
}

/**
 * The fixed-point lengths a probe edge may have to match a candidate edge of this length
 * (lengthsMatch is symmetric, so these are its bounds solved for the other length), rounded
 * outwards, packed as low · 2^16 + high.
 */
export function lengthBounds(length: number): number {
  const low = Math.max(0, Math.floor(minMatchingLength(length) * LENGTH_SCALE));
  const high = Math.min(0xffff, Math.ceil(maxMatchingLength(length) * LENGTH_SCALE));
  return low * 65536 + high;
}

/**
 * Bucket sides: one length tolerance, and twice the angle tolerance. With angle bins as wide as
 * the tolerance box (20°), a stored edge covers 2 × 2 angle bins instead of 3 × 3 with 10° bins:
 * the hash is ~2× smaller and stays in cache better, while a query's one bucket holds more
 * near-misses to reject. Measured 20–25 % more comparisons/s over the FVC sets; results are equal
 * (every entry is still checked against the exact tolerances).
 */
const ANGLE_BIN = 2 * MAX_ANGLE_ERROR;
export const ANGLE_BINS = Math.ceil((2 * Math.PI) / ANGLE_BIN);
const LENGTH_BIN = MAX_DISTANCE_ERROR;
const LENGTH_BINS = Math.floor(maxMatchingLength(ROOT_EDGE_MAX_LENGTH) / LENGTH_BIN) + 1;
const BUCKETS = LENGTH_BINS * ANGLE_BINS * ANGLE_BINS;

/** The angle bin (of ANGLE_BINS) of an angle in [0, 2π). */
export function angleBin(angle: number): number {
  const bin = Math.floor(angle / ANGLE_BIN);
  return bin >= ANGLE_BINS ? bin - ANGLE_BINS : bin;
}

function lengthBin(length: number): number {
  const bin = Math.floor(length / LENGTH_BIN);
  return bin >= LENGTH_BINS ? LENGTH_BINS - 1 : bin;
}

/**
 * Cells: a bucket's entries split by reference angle. A bucket of reference bin rb holds edges
 * whose reference angle lies within the tolerance of the bin, [start − tol, end + tol); measured
 * from CELL_ORIGIN_MARGIN steps before the bin's start, their quantised angles fall in
 * [0, CELL_SPAN), those of the queries reading the bucket in [margin, margin + bin width], and
 * neither wraps around the circle. So a query's exact window |entry − query| ≤ tolerance is one
 * interval of that axis, and the cells outside it hold no entry that can pass anglesMatchPackedBit:
 * skipping them leaves every vote unchanged. 8 cells read ~65 % of a bucket's entries against
 * 4 cells ~77 % (the exact window holds ~54 %). Root search on FVC2004_DB4_B (protocol fvc)
 * measured 50 → 45 µs in the benchmark's order, 40 → 28 µs with the probe's hash in cache. The
 * margin adds a few steps to the tolerance for the rounding of the quantisation.
 */
export const CELLS_PER_BUCKET = 8;
/** Words of a bucket header: CELLS_PER_BUCKET + 1 lanes of 16 bits. */
export const HEADER_WORDS = (CELLS_PER_BUCKET + 2) >> 1;
const ANGLE_BIN_STEPS = (ANGLE_BIN / (2 * Math.PI)) * ANGLE_STEPS;
const CELL_ORIGIN_MARGIN = ANGLE_TOLERANCE_STEPS + 4;
const CELL_SPAN = Math.ceil(ANGLE_BIN_STEPS) + 2 * CELL_ORIGIN_MARGIN;
const CELL_WIDTH = Math.ceil(CELL_SPAN / CELLS_PER_BUCKET);

/** Quantised reference angle (packAngles's high lane) on the cell axis of the bucket's reference bin. */
function cellAxis(packedAngles: number, bucket: number): number {
  const rb = Math.floor(bucket / ANGLE_BINS) % ANGLE_BINS;
  const origin = Math.floor(rb * ANGLE_BIN_STEPS) - CELL_ORIGIN_MARGIN;
  return ((packedAngles >>> 16) - origin) & ANGLE_MASK;
}

/** The cell of its bucket (0 .. CELLS_PER_BUCKET − 1) a stored entry goes to. */
function cellOfEntry(packedAngles: number, bucket: number): number {
  return Math.min(CELLS_PER_BUCKET - 1, Math.floor(cellAxis(packedAngles, bucket) / CELL_WIDTH));
}

/**
 * queryCells's lanes (first lane · 2^4 + end lane) for each value of the cell axis, and the origin
 * of the axis for each reference bin: tables, so the preparation of a template (one query per root
 * edge, ~1,000–2,000 of them) looks these up instead of dividing (queryCellsOf).
 */
const QUERY_LANES = Int32Array.from({ length: ANGLE_STEPS }, (_, axis) => {
  const first = Math.floor(Math.max(0, axis - ANGLE_TOLERANCE_STEPS) / CELL_WIDTH);
  const last = Math.min(CELLS_PER_BUCKET - 1, Math.floor((axis + ANGLE_TOLERANCE_STEPS) / CELL_WIDTH));
  return (first << 4) | (last + 1);
});
const CELL_ORIGIN = Int32Array.from({ length: ANGLE_BINS }, (_, rb) => Math.floor(rb * ANGLE_BIN_STEPS) - CELL_ORIGIN_MARGIN);

/**
 * queryCells from parts the caller already has: the edge's length, the angle bins of its two
 * relative angles (angleBin) and their packed quantisation (packAngles). Same result, bit for bit:
 * the bucket is bucketOf's, and cellAxis's reference bin is `referenceBin` (the bucket's middle
 * digit in base ANGLE_BINS).
 */
export function queryCellsOf(length: number, referenceBin: number, neighborBin: number, packedAngles: number): number {
  const lb = Math.floor(length / LENGTH_BIN);
  if (lb >= LENGTH_BINS) return -1;
  const bucket = (lb * ANGLE_BINS + referenceBin) * ANGLE_BINS + neighborBin;
  const axis = ((packedAngles >>> 16) - CELL_ORIGIN[referenceBin]) & ANGLE_MASK;
  return (bucket << 8) | QUERY_LANES[axis];
}

/**
 * What a query edge reads, packed as bucket · 2^8 + first lane · 2^4 + end lane: the cells
 * first lane .. end lane − 1 of the bucket (header lanes, see EdgeHash.entries). −1 when its
 * length is outside the table.
 */
export function queryCells(length: number, referenceAngle: number, neighborAngle: number): number {
  const bucket = bucketOf(length, referenceAngle, neighborAngle);
  if (bucket < 0) return -1;
  const axis = cellAxis(packAngles(referenceAngle, neighborAngle), bucket);
  const first = Math.floor(Math.max(0, axis - ANGLE_TOLERANCE_STEPS) / CELL_WIDTH);
  const last = Math.min(CELLS_PER_BUCKET - 1, Math.floor((axis + ANGLE_TOLERANCE_STEPS) / CELL_WIDTH));
  return (bucket << 8) | (first << 4) | (last + 1);
}

/** The one bucket a query edge reads, or −1 when its length is outside the table. */
export function bucketOf(length: number, referenceAngle: number, neighborAngle: number): number {
  const lb = Math.floor(length / LENGTH_BIN);
  if (lb >= LENGTH_BINS) return -1;
  return (lb * ANGLE_BINS + angleBin(referenceAngle)) * ANGLE_BINS + angleBin(neighborAngle);
}

/**
 * Appends to `cells` the cell (bucket · CELLS_PER_BUCKET + cell) of every bucket a stored edge
 * must appear in, and returns the new length.
 */
function appendCoveredCells(length: number, ra: number, na: number, angles: number, cells: Int32Array, at: number): number {
  const lMin = Math.max(0, Math.floor(Math.max(0, minMatchingLength(length)) / LENGTH_BIN));
  const lMax = lengthBin(maxMatchingLength(length));
  const twoPi = 2 * Math.PI;
  const r0 = angleBin((ra - MAX_ANGLE_ERROR + twoPi) % twoPi);
  const r1 = angleBin((ra + MAX_ANGLE_ERROR) % twoPi);
  const n0 = angleBin((na - MAX_ANGLE_ERROR + twoPi) % twoPi);
  const n1 = angleBin((na + MAX_ANGLE_ERROR) % twoPi);
  // The cell depends on the reference bin only (cellOfEntry): once per rb, not per bucket.
  for (let lb = lMin; lb <= lMax; lb++) {
    for (let rb = r0; ; rb = (rb + 1) % ANGLE_BINS) {
      const rowBucket = (lb * ANGLE_BINS + rb) * ANGLE_BINS;
      const cell = cellOfEntry(angles, rowBucket);
      for (let nb = n0; ; nb = (nb + 1) % ANGLE_BINS) {
        cells[at++] = (rowBucket + nb) * CELLS_PER_BUCKET + cell;
        if (nb === n1) break;
      }
      if (rb === r1) break;
    }
  }
  return at;
}

/**
 * Most cells one stored edge can cover: the most length bins a tolerance spans, over the lengths
 * a root edge can have (on a fine grid, plus one for a bin edge between grid points), times 2 × 2
 * angle bins (an angle bin is twice the tolerance wide).
 */
const MAX_CELLS_PER_EDGE = (() => {
  let span = 0;
  for (let length = 0; length <= ROOT_EDGE_MAX_LENGTH; length += 0.25) {
    const lMin = Math.floor(Math.max(0, minMatchingLength(length)) / LENGTH_BIN);
    span = Math.max(span, lengthBin(maxMatchingLength(length)) - lMin + 1);
  }
  return (span + 1) * 4;
})();

export function buildEdgeHash(template: RootEdges): EdgeHash {
  const m = template.rootEdgeCount;
  // Every (edge, cell) placement once, in the order the entries are laid out: edges in order,
  // forward (from → to) then reversed (to → from, which swaps the two relative angles), each
  // in its buckets' order. A counting sort by cell then keeps that order within each cell.
  const placedCell = new Int32Array(2 * m * MAX_CELLS_PER_EDGE);
  const placedEdge = new Int32Array(2 * m * MAX_CELLS_PER_EDGE);
  const edgeAngles = new Int32Array(2 * m);
  const edgePacked = new Int32Array(2 * m);
  const cellCounts = new Int32Array(BUCKETS * CELLS_PER_BUCKET);
  let placed = 0;
  const { x, y, direction } = template;
  let length = 0;
  let forwardReference = 0;
  let forwardNeighbor = 0;
  for (let e = 0; e < 2 * m; e++) {
    const edge = e >> 1;
    const reversed = (e & 1) === 1;
    const from = reversed ? template.rootEdgeTo[edge] : template.rootEdgeFrom[edge];
    const to = reversed ? template.rootEdgeFrom[edge] : template.rootEdgeTo[edge];
    if (!reversed) {
      // The edge's shape, measured from → to (from < to) exactly as prepareTemplate measured it
      // to select and sort it: the prepared template does not keep these, only the probe needs them.
      const dx = x[to] - x[from];
      const dy = y[to] - y[from];
      length = edgeLength(dx, dy);
      const angle = vectorAngle(dx, dy);
      forwardReference = normalizeAngle(angle - direction[from]);
      forwardNeighbor = normalizeAngle(angle + Math.PI - direction[to]);
    }
    const referenceAngle = reversed ? forwardNeighbor : forwardReference;
    const neighborAngle = reversed ? forwardReference : forwardNeighbor;
    const angles = packAngles(referenceAngle, neighborAngle);
    edgeAngles[e] = angles;
    edgePacked[e] = packEdge(length, from, to);
    const end = appendCoveredCells(length, referenceAngle, neighborAngle, angles, placedCell, placed);
    for (let k = placed; k < end; k++) {
      placedEdge[k] = e;
      cellCounts[placedCell[k]]++;
    }
    placed = end;
  }
  // A typed array drops writes past its end: a placement beyond the bound would vanish silently.
  if (placed > placedCell.length) throw new Error(`edge hash: ${placed} placements exceed the bound ${placedCell.length}`);
  // The layout: the shared empty header, then each non-empty bucket.
  const bucketStart = new Int32Array(BUCKETS);
  let words = HEADER_WORDS;
  for (let bucket = 0; bucket < BUCKETS; bucket++) {
    let size = 0;
    for (let cell = 0; cell < CELLS_PER_BUCKET; cell++) size += cellCounts[bucket * CELLS_PER_BUCKET + cell];
    if (size === 0) continue;
    bucketStart[bucket] = words;
    words += HEADER_WORDS + ENTRY_SIZE * size;
  }
  const entries = new Int32Array(words);
  // Next free word of each cell; the headers record where each cell starts.
  const fill = new Int32Array(BUCKETS * CELLS_PER_BUCKET);
  for (let bucket = 0; bucket < BUCKETS; bucket++) {
    const base = bucketStart[bucket];
    if (base === 0) continue;
    let offset = 0;
    for (let cell = 0; cell <= CELLS_PER_BUCKET; cell++) {
      entries[base + (cell >> 1)] |= offset << ((cell & 1) << 4);
      if (cell === CELLS_PER_BUCKET) break;
      fill[bucket * CELLS_PER_BUCKET + cell] = base + HEADER_WORDS + offset;
      offset += ENTRY_SIZE * cellCounts[bucket * CELLS_PER_BUCKET + cell];
    }
  }
  for (let k = 0; k < placed; k++) {
    const e = placedEdge[k];
    const at = fill[placedCell[k]];
    fill[placedCell[k]] = at + ENTRY_SIZE;
    entries[at] = edgeAngles[e];
    entries[at + 1] = edgePacked[e];
  }
  return { bucketStart, entries };
}
