import {
  MAX_MINUTIAE,
  MAX_TRIED_ROOTS,
  MIN_ROOT_VOTES,
} from '../matcher-parameters.ts';
import { anglesMatchPackedBit, ENTRY_SIZE, FROM_ROW_MASK, HEADER_WORDS, TO_MASK } from './edge-hash.ts';
import { edgeHashOf, type PreparedTemplate } from './prepared-template.ts';


/**
 * Root pairs: the minutia pairs (probe i, candidate j) most likely to be the same minutia, from
 * which pairings are grown. Every candidate edge that matches a probe edge in shape (length and
 * both relative angles) votes for the two endpoint pairs it implies — a Hough-like vote in the
 * space of minutia pairs, close in spirit to the compatibility tables of NIST's bozorth3. A pair
 * with many votes has a neighbourhood that looks alike in both prints, which is what local
 * structures (MCC cylinders, SourceAFIS edge tables) measure; it is far more telling than the
 * first matching edges found, which is how SourceAFIS picks its roots.
 */
export interface RootList {
  count: number;
  readonly probe: Int32Array;
  readonly candidate: Int32Array;
  readonly votes: Int32Array;
}

export function createRootList(): RootList {
  return {
    count: 0,
    probe: new Int32Array(MAX_TRIED_ROOTS),
    candidate: new Int32Array(MAX_TRIED_ROOTS),
    votes: new Int32Array(MAX_TRIED_ROOTS),
  };
}

// Module-level scratch: one vote counter per (probe, candidate) minutia pair, row p at
// p · MAX_MINUTIAE whatever the candidate's size, so an entry's packed endpoints give the row
// offset by masking alone (packEdge) instead of a multiply per vote. 16 bits (a cell gets at most
// one vote per pair of a candidate edge and a probe edge, < 2^15) halve the cache footprint of Int32.
const ROW = MAX_MINUTIAE;
const voteMatrix = new Uint16Array(MAX_MINUTIAE * ROW);
/** The same cells, two per word, for the scan of selectBest. */
const voteWords = new Uint32Array(voteMatrix.buffer);
// Scratch: the entry range each candidate root edge reads, and where the first pass leaves the
// entries it touched (a store V8 cannot drop, so neither can it drop the loads).
const MAX_ROOT_EDGES = (MAX_MINUTIAE * (MAX_MINUTIAE - 1)) / 2;
const queryStart = new Int32Array(MAX_ROOT_EDGES);
const queryEnd = new Int32Array(MAX_ROOT_EDGES);
const touchSink = new Int32Array(1);

// Imported bindings are live: V8 reloads and hole-checks them (and re-checks an inlined imported
// function) on every use in the loop, while module-local constants are folded into its code.
// Root search on FVC2004_DB4_B (protocol fvc) measured 57 → 47 µs with function-local copies and
// the matrix read through a local, and module-local constants with the 7-bit masks of the vote
// indices (no overflow checks) a further 45 → 41 µs.
const ENTRY = ENTRY_SIZE;
const HEADER = HEADER_WORDS;
const FROM_ROW_BITS = FROM_ROW_MASK;
const TO_BITS = TO_MASK;
const anglesMatch = anglesMatchPackedBit;

/** Fills `roots` with the best-voted pairs, most votes first. Allocates nothing. */
export function findRootPairs(probe: PreparedTemplate, candidate: PreparedTemplate, roots: RootList): void {
  const hash = edgeHashOf(probe);
  const m = candidate.count;
  voteMatrix.fill(0, 0, probe.count * ROW);
  const { bucketStart, entries } = hash;
  const cCells = candidate.rootEdgeCells;
  const cAngles = candidate.rootEdgeAngles;
  const cBounds = candidate.rootEdgeLengthBounds;
  const cFromArray = candidate.rootEdgeFrom;
  const cToArray = candidate.rootEdgeTo;
  const votes = voteMatrix;
  const edgeCount = candidate.rootEdgeCount;
  const starts = queryStart;
  const ends = queryEnd;
  // First pass: where each query's entries lie, from its bucket's header (edge-hash.ts), touching
  // both ends of the range. The probe's hash is mostly out of cache (protocol fvc: a new probe
  // every few comparisons, and each candidate reads other buckets), and the vote loop meets one
  // bucket at a time, so its misses came one after another; this loop of independent loads has
  // many in flight at once. Root search on FVC2004_DB4_B fvc measured 40 → 36 µs.
  let touched = 0;
  for (let e = 0; e < edgeCount; e++) {
    const cells = cCells[e];
    if (cells < 0) {
      starts[e] = 0;
      ends[e] = 0;
      continue;
    }
    const base = bucketStart[cells >> 8];
    const body = base + HEADER;
    const firstLane = (cells >> 4) & 15;
    const endLane = cells & 15;
    const start = body + ((entries[base + (firstLane >> 1)] >>> ((firstLane & 1) << 4)) & 0xffff);
    const end = body + ((entries[base + (endLane >> 1)] >>> ((endLane & 1) << 4)) & 0xffff);
    starts[e] = start;
    ends[e] = end;
    // start − 1 rather than start: never past the array when the range is empty and last.
    touched ^= entries[start - 1] ^ entries[end - 1];
  }
  touchSink[0] = touched;
  for (let e = 0; e < edgeCount; e++) {
    const start = starts[e];
    const end = ends[e];
    const bounds = cBounds[e];
    const low = bounds >>> 16;
    const high = bounds & 0xffff;
    const cAngle = cAngles[e];
    // Masked to 7 bits (a no-op, minutia indices are < MAX_MINUTIAE) so V8 knows the vote indices
    // below are small and drops their overflow checks.
    const cFrom = cFromArray[e] & TO_BITS;
    const cTo = cToArray[e] & TO_BITS;
    // Branch-free: about one entry in three matches (one in four before the cells of
    // edge-hash.ts), too irregular for the branch predictor, so every entry adds its 0 or 1 vote
    // (the matrix is small and in cache). Measured 72 → 63 µs per root search on FVC2004_DB4_B
    // (protocol fvc) against testing and branching.
    for (let k = start; k < end; k += ENTRY) {
      const edge = entries[k + 1];
      const length = edge >>> 14;
      const vote = anglesMatch(cAngle, entries[k]) & ((((length - low) | (high - length)) >>> 31) ^ 1);
      votes[(edge & FROM_ROW_BITS) + cFrom] += vote;
      votes[((edge & TO_BITS) << 7) + cTo] += vote;
    }
  }
  selectBest(probe.count, m, roots);
}

/**
 * Keeps the MAX_TRIED_ROOTS best cells by insertion into a short sorted list, scanning probe rows
 * in order and candidates within a row, so ties keep the lower (probe, candidate) first. A cell
 * enters when it has at least MIN_ROOT_VOTES and, once the list is full, more than its last: one
 * running threshold (`floor`) tests both. The scan reads two cells per 32-bit word and skips the
 * pair when neither reaches the floor (most cells once the list is full), so its one branch
 * mostly goes the same way. Root search on FVC2004_DB4_B (protocol fvc) measured 40 → 34 µs.
 */
function selectBest(rows: number, m: number, roots: RootList): void {
  const words = voteWords;
  const capacity = MAX_TRIED_ROOTS;
  const best = roots.votes;
  let floor = MIN_ROOT_VOTES;
  let bias = (0x8000 - floor) * 0x10001;
  let count = 0;
  for (let p = 0; p < rows; p++) {
    // Rows are zeroed in full (findRootPairs), so a row's last word may pair its last cell with a
    // zero that never reaches the floor.
    for (let w = p * (ROW >> 1), rowEnd = w + ((m + 1) >> 1); w < rowEnd; w++) {
      // Each 16-bit lane plus 2^15 − floor reaches bit 15 exactly when its votes reach the floor
      // (votes < 2^15, floor ≥ 1: no lane carries into the next).
      if (((words[w] + bias) & 0x80008000) === 0) continue;
      for (let cell = 2 * w, pairEnd = cell + 2; cell < pairEnd; cell++) {
        const v = voteMatrix[cell];
        if (v < floor) continue;
        let k = count < capacity ? count++ : count - 1;
        while (k > 0 && best[k - 1] < v) {
          best[k] = best[k - 1];
          roots.probe[k] = roots.probe[k - 1];
          roots.candidate[k] = roots.candidate[k - 1];
          k--;
        }
        best[k] = v;
        roots.probe[k] = p;
        roots.candidate[k] = cell - p * ROW;
        if (count === capacity) {
          floor = best[capacity - 1] + 1;
          bias = (0x8000 - floor) * 0x10001;
        }
      }
    }
  }
  roots.count = count;
}
