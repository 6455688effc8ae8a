import {
  MAX_MINUTIAE,
  MAX_ANGLE_ERROR,
  STAR_NEIGHBORS,
} from '../matcher-parameters.ts';
import { angleDistance, TWO_PI } from './angles.ts';
import type { PreparedTemplate } from './prepared-template.ts';
import { anglesMatch, lengthsMatch } from './tolerances.ts';


/**
 * A pairing grown from one root: a tree of minutia pairs where each pair was reached from its
 * parent ("ref") along an edge that has the same shape in both templates. Growing along short
 * local edges (shortest first) instead of checking one global rigid transform is what tolerates
 * elastic distortion: every step only needs the neighbourhood to be consistent (SourceAFIS's
 * "edge spider" idea). All arrays are reused across comparisons.
 */
export interface Pairing {
  count: number;
  readonly probe: Int32Array;
  readonly candidate: Int32Array;
  readonly probeRef: Int32Array;
  readonly candidateRef: Int32Array;
  /** Extra consistent edges seen touching this pair after it was added. */
  readonly support: Int32Array;
  /** Length and angle errors of the edge that added this pair (0 for the root). */
  readonly lengthError: Float64Array;
  readonly angleError: Float64Array;
  /** Tree index of each probe / candidate minutia, −1 when unpaired. */
  readonly byProbe: Int32Array;
  readonly byCandidate: Int32Array;
}

export function createPairing(): Pairing {
  return {
    count: 0,
    probe: new Int32Array(MAX_MINUTIAE),
    candidate: new Int32Array(MAX_MINUTIAE),
    probeRef: new Int32Array(MAX_MINUTIAE),
    candidateRef: new Int32Array(MAX_MINUTIAE),
    support: new Int32Array(MAX_MINUTIAE),
    lengthError: new Float64Array(MAX_MINUTIAE),
    angleError: new Float64Array(MAX_MINUTIAE),
    byProbe: new Int32Array(MAX_MINUTIAE).fill(-1),
    byCandidate: new Int32Array(MAX_MINUTIAE).fill(-1),
  };
}

export function clearPairing(pairing: Pairing): void {
  for (let t = 0; t < pairing.count; t++) {
    pairing.byProbe[pairing.probe[t]] = -1;
    pairing.byCandidate[pairing.candidate[t]] = -1;
  }
  pairing.count = 0;
}

// Binary min-heap of pending pairs keyed by candidate edge length (shortest edges first: they
// are the least distorted). Each added pair can push at most STAR_NEIGHBORS² matches.
const HEAP_CAPACITY = MAX_MINUTIAE * STAR_NEIGHBORS * STAR_NEIGHBORS;
const heapKey = new Float64Array(HEAP_CAPACITY);
const heapProbe = new Int32Array(HEAP_CAPACITY);
const heapCandidate = new Int32Array(HEAP_CAPACITY);
const heapProbeRef = new Int32Array(HEAP_CAPACITY);
const heapCandidateRef = new Int32Array(HEAP_CAPACITY);
const heapLengthError = new Float64Array(HEAP_CAPACITY);
const heapAngleError = new Float64Array(HEAP_CAPACITY);
let heapSize = 0;

function heapSwap(a: number, b: number): void {
  let t = heapKey[a]; heapKey[a] = heapKey[b]; heapKey[b] = t;
  t = heapProbe[a]; heapProbe[a] = heapProbe[b]; heapProbe[b] = t;
  t = heapCandidate[a]; heapCandidate[a] = heapCandidate[b]; heapCandidate[b] = t;
  t = heapProbeRef[a]; heapProbeRef[a] = heapProbeRef[b]; heapProbeRef[b] = t;
  t = heapCandidateRef[a]; heapCandidateRef[a] = heapCandidateRef[b]; heapCandidateRef[b] = t;
  t = heapLengthError[a]; heapLengthError[a] = heapLengthError[b]; heapLengthError[b] = t;
  t = heapAngleError[a]; heapAngleError[a] = heapAngleError[b]; heapAngleError[b] = t;
}

function heapPush(key: number, p: number, c: number, pRef: number, cRef: number, lErr: number, aErr: number): void {
  if (heapSize === HEAP_CAPACITY) return;
  let i = heapSize++;
  heapKey[i] = key;
  heapProbe[i] = p;
  heapCandidate[i] = c;
  heapProbeRef[i] = pRef;
  heapCandidateRef[i] = cRef;
  heapLengthError[i] = lErr;
  heapAngleError[i] = aErr;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (heapKey[parent] <= heapKey[i]) break;
    heapSwap(parent, i);
    i = parent;
  }
}

/** Moves the minimum to slot heapSize (just past the heap) and returns that slot. */
function heapPop(): number {
  const last = --heapSize;
  heapSwap(0, last);
  let i = 0;
  for (;;) {
    const l = 2 * i + 1;
    if (l >= last) break;
    const r = l + 1;
    const c = r < last && heapKey[r] < heapKey[l] ? r : l;
    if (heapKey[i] <= heapKey[c]) break;
    heapSwap(i, c);
    i = c;
  }
  return last;
}

function support(pairing: Pairing, p: number, c: number, pRef: number): void {
  const t = pairing.byProbe[p];
  if (t >= 0 && pairing.candidate[t] === c) {
    pairing.support[t]++;
    const tRef = pairing.byProbe[pRef];
    if (tRef >= 0) pairing.support[tRef]++;
  }
}

function addPair(pairing: Pairing, slot: number): void {
  const t = pairing.count++;
  const p = heapProbe[slot];
  const c = heapCandidate[slot];
  pairing.probe[t] = p;
  pairing.candidate[t] = c;
  pairing.probeRef[t] = heapProbeRef[slot];
  pairing.candidateRef[t] = heapCandidateRef[slot];
  pairing.lengthError[t] = heapLengthError[slot];
  pairing.angleError[t] = heapAngleError[slot];
  pairing.support[t] = 0;
  pairing.byProbe[p] = t;
  pairing.byCandidate[c] = t;
}

/**
 * Queues every neighbour pair whose edge from (p, c) has the same shape in both templates. Both
 * stars are sorted by reference angle (prepared-template.ts), so the probe edges within the angle
 * tolerance of a candidate edge form one window that slides forward as the candidate edges turn:
 * a 20° window holds about a twentieth of a star, where the length window it replaced held a
 * third. The window runs over three copies of the probe star, the k-th shifted by 2πk, and reads
 * candidate angle + 2π, so it never wraps.
 */
function collectEdges(probe: PreparedTemplate, candidate: PreparedTemplate, pairing: Pairing, p: number, c: number): void {
  const pStart = probe.starStart[p];
  const size = probe.starStart[p + 1] - pStart;
  if (size === 0) return;
  const span = 3 * size;
  let low = 0;
  for (let ce = candidate.starStart[c], cEnd = candidate.starStart[c + 1]; ce < cEnd; ce++) {
    const cRef = candidate.starReferenceAngle[ce];
    const from = cRef + TWO_PI - MAX_ANGLE_ERROR;
    const to = cRef + TWO_PI + MAX_ANGLE_ERROR;
    while (low < span && shiftedAngle(probe, pStart, size, low) < from) low++;
    const cLength = candidate.starLength[ce];
    const cNbr = candidate.starNeighborAngle[ce];
    const cn = candidate.starNeighbor[ce];
    for (let v = low; v < span; v++) {
      const pe = pStart + (v % size);
      const pRef = probe.starReferenceAngle[pe];
      if (pRef + TWO_PI * ((v / size) | 0) > to) break;
      const pLength = probe.starLength[pe];
      if (!lengthsMatch(pLength, cLength)) continue;
      const pNbr = probe.starNeighborAngle[pe];
      if (!anglesMatch(pNbr, cNbr)) continue;
      const pn = probe.starNeighbor[pe];
      if (pairing.byProbe[pn] < 0 && pairing.byCandidate[cn] < 0) {
        const lErr = pLength > cLength ? pLength - cLength : cLength - pLength;
        const aErr = angleDistance(pRef, cRef) + angleDistance(pNbr, cNbr);
        heapPush(cLength, pn, cn, p, c, lErr, aErr);
      } else {
        support(pairing, pn, cn, p);
      }
    }
  }
}

/** Reference angle of the v-th edge of the probe star repeated three times, the k-th copy + 2πk. */
function shiftedAngle(probe: PreparedTemplate, start: number, size: number, v: number): number {
  return probe.starReferenceAngle[start + (v % size)] + TWO_PI * ((v / size) | 0);
}

/** Grows the pairing that starts at the root pair (rootProbe, rootCandidate). Allocates nothing. */
export function growPairing(
  probe: PreparedTemplate,
  candidate: PreparedTemplate,
  rootProbe: number,
  rootCandidate: number,
  pairing: Pairing,
): void {
  clearPairing(pairing);
  heapSize = 0;
  heapPush(0, rootProbe, rootCandidate, -1, -1, 0, 0);
  while (heapSize > 0) {
    const slot = heapPop();
    const p = heapProbe[slot];
    const c = heapCandidate[slot];
    if (pairing.byProbe[p] >= 0 || pairing.byCandidate[c] >= 0) {
      support(pairing, p, c, heapProbeRef[slot]);
      continue;
    }
    addPair(pairing, slot);
    collectEdges(probe, candidate, pairing, p, c);
  }
}
