import {
  MAX_MINUTIAE,
  MAX_ANGLE_ERROR,
  STAR_NEIGHBORS,
} from '../matcher-parameters.ts';
import { angleDistance, TWO_PI } from './angles.ts';
import { fillStar, type PreparedTemplate } from './prepared-template.ts';
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

// Module-local copies of imported bindings: those are live, so V8 reloads and hole-checks them
// (and re-checks an inlined imported function) on every use, while these are folded into the code.
const CIRCLE = TWO_PI;
const ANGLE_ERROR = MAX_ANGLE_ERROR;
const edgeLengthsMatch = lengthsMatch;
const edgeAnglesMatch = anglesMatch;
const distance = angleDistance;

// Binary min-heap of pending pairs keyed by candidate edge length (shortest edges first: they
// are the least distorted). Each added pair can push at most STAR_NEIGHBORS² matches.
const HEAP_CAPACITY = MAX_MINUTIAE * STAR_NEIGHBORS * STAR_NEIGHBORS;
const heapKey = new Float64Array(HEAP_CAPACITY);
/** The pending record of each heap slot: sifting moves a key and an index, not seven fields. */
const heapRecord = new Int32Array(HEAP_CAPACITY);
let heapSize = 0;

// Pending records, appended by heapPush and never moved. A growth pushes the root plus at most
// STAR_NEIGHBORS² per added pair (one per edge pair of collectEdges), and adds at most
// MAX_MINUTIAE pairs, so HEAP_CAPACITY + 1 records always suffice.
const RECORD_CAPACITY = HEAP_CAPACITY + 1;
const recordProbe = new Int32Array(RECORD_CAPACITY);
const recordCandidate = new Int32Array(RECORD_CAPACITY);
const recordProbeRef = new Int32Array(RECORD_CAPACITY);
const recordCandidateRef = new Int32Array(RECORD_CAPACITY);
const recordLengthError = new Float64Array(RECORD_CAPACITY);
const recordAngleError = new Float64Array(RECORD_CAPACITY);
let recordCount = 0;

/**
 * Sifts with a hole instead of swaps: each step makes the same comparison as a swap-based sift
 * (so the pop order, ties included, is unchanged) but moves one key and one index.
 */
function heapPush(key: number, p: number, c: number, pRef: number, cRef: number, lErr: number, aErr: number): void {
  if (heapSize === HEAP_CAPACITY) return;
  const record = recordCount++;
  recordProbe[record] = p;
  recordCandidate[record] = c;
  recordProbeRef[record] = pRef;
  recordCandidateRef[record] = cRef;
  recordLengthError[record] = lErr;
  recordAngleError[record] = aErr;
  let i = heapSize++;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (heapKey[parent] <= key) break;
    heapKey[i] = heapKey[parent];
    heapRecord[i] = heapRecord[parent];
    i = parent;
  }
  heapKey[i] = key;
  heapRecord[i] = record;
}

/** Removes the minimum and returns its record. */
function heapPop(): number {
  const top = heapRecord[0];
  const last = --heapSize;
  const key = heapKey[last];
  const record = heapRecord[last];
  let i = 0;
  for (;;) {
    const l = 2 * i + 1;
    if (l >= last) break;
    const r = l + 1;
    const c = r < last && heapKey[r] < heapKey[l] ? r : l;
    if (key <= heapKey[c]) break;
    heapKey[i] = heapKey[c];
    heapRecord[i] = heapRecord[c];
    i = c;
  }
  heapKey[i] = key;
  heapRecord[i] = record;
  return top;
}

function support(pairing: Pairing, p: number, c: number, pRef: number): void {
  const t = pairing.byProbe[p];
  if (t >= 0 && pairing.candidate[t] === c) {
    pairing.support[t]++;
    const tRef = pairing.byProbe[pRef];
    if (tRef >= 0) pairing.support[tRef]++;
  }
}

function addPair(pairing: Pairing, record: number): void {
  const t = pairing.count++;
  const p = recordProbe[record];
  const c = recordCandidate[record];
  pairing.probe[t] = p;
  pairing.candidate[t] = c;
  pairing.probeRef[t] = recordProbeRef[record];
  pairing.candidateRef[t] = recordCandidateRef[record];
  pairing.lengthError[t] = recordLengthError[record];
  pairing.angleError[t] = recordAngleError[record];
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
 * candidate angle + 2π, so it never wraps. Positions in the copies are kept as (copy, edge) and
 * stepped, not derived from one running index by % and / (two integer divisions per edge read).
 */
function collectEdges(probe: PreparedTemplate, candidate: PreparedTemplate, pairing: Pairing, p: number, c: number): void {
  // Stars are filled on first use (prepared-template.ts fillStar).
  if (probe.starReady[p] === 0) fillStar(probe, p);
  if (candidate.starReady[c] === 0) fillStar(candidate, c);
  const pStart = probe.starStart[p];
  const pEnd = probe.starStart[p + 1];
  if (pEnd === pStart) return;
  // Object fields are reloaded on every use in the loop; read them once.
  const pRefs = probe.starReferenceAngle;
  const pLengths = probe.starLength;
  const pNbrs = probe.starNeighborAngle;
  const pNeighbors = probe.starNeighbor;
  const cRefs = candidate.starReferenceAngle;
  const cLengths = candidate.starLength;
  const cNbrs = candidate.starNeighborAngle;
  const cNeighbors = candidate.starNeighbor;
  const byProbe = pairing.byProbe;
  const byCandidate = pairing.byCandidate;
  let lowCopy = 0;
  let lowEdge = pStart;
  for (let ce = candidate.starStart[c], cEnd = candidate.starStart[c + 1]; ce < cEnd; ce++) {
    const cRef = cRefs[ce];
    const from = cRef + CIRCLE - ANGLE_ERROR;
    const to = cRef + CIRCLE + ANGLE_ERROR;
    while (lowCopy < 3 && pRefs[lowEdge] + CIRCLE * lowCopy < from) {
      if (++lowEdge === pEnd) {
        lowEdge = pStart;
        lowCopy++;
      }
    }
    const cLength = cLengths[ce];
    const cNbr = cNbrs[ce];
    const cn = cNeighbors[ce];
    for (let copy = lowCopy, pe = lowEdge; copy < 3;) {
      const pRef = pRefs[pe];
      if (pRef + CIRCLE * copy > to) break;
      const pLength = pLengths[pe];
      if (edgeLengthsMatch(pLength, cLength)) {
        const pNbr = pNbrs[pe];
        if (edgeAnglesMatch(pNbr, cNbr)) {
          const pn = pNeighbors[pe];
          if (byProbe[pn] < 0 && byCandidate[cn] < 0) {
            const lErr = pLength > cLength ? pLength - cLength : cLength - pLength;
            const aErr = distance(pRef, cRef) + distance(pNbr, cNbr);
            heapPush(cLength, pn, cn, p, c, lErr, aErr);
          } else {
            support(pairing, pn, cn, p);
          }
        }
      }
      if (++pe === pEnd) {
        pe = pStart;
        copy++;
      }
    }
  }
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
  recordCount = 0;
  heapPush(0, rootProbe, rootCandidate, -1, -1, 0, 0);
  while (heapSize > 0) {
    const record = heapPop();
    const p = recordProbe[record];
    const c = recordCandidate[record];
    if (pairing.byProbe[p] >= 0 || pairing.byCandidate[c] >= 0) {
      support(pairing, p, c, recordProbeRef[record]);
      continue;
    }
    addPair(pairing, record);
    collectEdges(probe, candidate, pairing, p, c);
  }
}
