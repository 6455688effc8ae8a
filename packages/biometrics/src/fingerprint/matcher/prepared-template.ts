import type { FingerprintTemplate } from '../types.ts';
import { BiometricError } from '../../errors.ts';
import {
  MAX_MINUTIAE,
  ROOT_EDGE_MAX_LENGTH,
  ROOT_EDGE_MIN_LENGTH,
  STAR_MAX_EDGE_LENGTH,
  STAR_NEIGHBORS,
} from '../matcher-parameters.ts';
import { normalizeAngle, vectorAngle } from './angles.ts';
import { buildEdgeHash, lengthBounds, packAngles, queryCells, type EdgeHash } from './edge-hash.ts';
import { convexHull, type Hull } from './overlap.ts';

/**
 * A template turned into the flat typed arrays the matcher reads in its hot loops. Build it once
 * per template with `prepareTemplate` and reuse it for every comparison (1:1 and 1:N). The fields
 * are an implementation detail: treat the object as opaque.
 */
export interface PreparedTemplate {
  readonly count: number;
  readonly width: number;
  readonly height: number;
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly direction: Float64Array;
  /** Convex hull of the minutiae (overlap.ts): the area the print covers, as far as the template knows. */
  readonly hull: Hull;
  /** 0 = ridge ending, 1 = bifurcation. */
  readonly type: Uint8Array;
  /** Index into the caller's original minutia list (templates over the cap keep a subset). */
  readonly sourceIndex: Int32Array;
  /**
   * Edge table: for minutia i, its nearest neighbours at positions starStart[i] ..
   * starStart[i + 1] − 1, sorted by reference angle. Each edge stores the neighbour, the length and
   * the two rotation-invariant angles (edge direction relative to each endpoint's direction).
   */
  readonly starStart: Int32Array;
  readonly starNeighbor: Int32Array;
  readonly starLength: Float64Array;
  readonly starReferenceAngle: Float64Array;
  readonly starNeighborAngle: Float64Array;
  /** Unordered minutia pairs (from < to) whose edge length suits root search, with their shape. */
  readonly rootEdgeCount: number;
  readonly rootEdgeFrom: Int32Array;
  readonly rootEdgeTo: Int32Array;
  readonly rootEdgeLength: Float64Array;
  readonly rootEdgeReferenceAngle: Float64Array;
  readonly rootEdgeNeighborAngle: Float64Array;
  /**
   * The same edges as a query of another template's edge hash: the run of hash cells each one
   * reads (queryCells, −1 when none), its packed angles and the fixed-point lengths it matches,
   * computed once rather than in every comparison.
   */
  readonly rootEdgeCells: Int32Array;
  readonly rootEdgeAngles: Int32Array;
  readonly rootEdgeLengthBounds: Int32Array;
  /** Lookup table of this template's edges, built the first time it is used as a probe. */
  edgeHash: EdgeHash | null;
}

function checkTemplate(template: FingerprintTemplate): void {
  if (!template || !Array.isArray(template.minutiae)) {
    throw new BiometricError('FINGERPRINT_TEMPLATE_INVALID', 'La plantilla de huella no es válida.');
  }
  for (const m of template.minutiae) {
    if (!Number.isFinite(m.x) || !Number.isFinite(m.y) || !Number.isFinite(m.direction)) {
      throw new BiometricError(
        'FINGERPRINT_TEMPLATE_INVALID',
        'La plantilla de huella contiene minucias con coordenadas o dirección inválidas.',
      );
    }
  }
}

/** Indices of the minutiae to keep: all of them, or the most reliable ones up to the cap. */
function selectMinutiae(template: FingerprintTemplate): number[] {
  const indices = template.minutiae.map((_, i) => i);
  if (indices.length <= MAX_MINUTIAE) return indices;
  indices.sort((a, b) => template.minutiae[b].quality - template.minutiae[a].quality || a - b);
  return indices.slice(0, MAX_MINUTIAE).sort((a, b) => a - b);
}

/**
 * The direction the matcher compares: a ridge ending's own, a bifurcation's turned by π. Pressure
 * and skin condition often join a ridge ending to its neighbour or break a bifurcation, so one
 * minutia shows up as an ending in one impression and a bifurcation in another (measured on the
 * genuine pairs of the eight FVC sets: 20–30 % of the minutiae that correspond by position change
 * type). In this template convention an ending points into its ridge and a bifurcation along its
 * stem, which is the opposite way for the same spot (81–86 % of the type-changed correspondences
 * differ by more than 135°), so without the turn every edge through such a minutia fails its
 * angle test. With it both readings point the same way and the edges match; whether the types
 * agree still counts in the score (typeAgreement).
 */
function matchingDirection(direction: number, type: number): number {
  return normalizeAngle(type === 1 ? direction + Math.PI : direction);
}

export function prepareTemplate(template: FingerprintTemplate): PreparedTemplate {
  checkTemplate(template);
  const kept = selectMinutiae(template);
  const n = kept.length;
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const direction = new Float64Array(n);
  const type = new Uint8Array(n);
  const sourceIndex = Int32Array.from(kept);
  kept.forEach((source, i) => {
    const m = template.minutiae[source];
    x[i] = m.x;
    y[i] = m.y;
    type[i] = m.type === 'bifurcation' ? 1 : 0;
    direction[i] = matchingDirection(m.direction, type[i]);
  });

  // Edge tables (stars): the STAR_NEIGHBORS nearest neighbours within range.
  const starStart = new Int32Array(n + 1);
  const starNeighbor: number[] = [];
  const starLength: number[] = [];
  const starReferenceAngle: number[] = [];
  const starNeighborAngle: number[] = [];
  const order: { j: number; d: number }[] = [];
  for (let i = 0; i < n; i++) {
    starStart[i] = starNeighbor.length;
    order.length = 0;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const d = Math.hypot(x[j] - x[i], y[j] - y[i]);
      if (d <= STAR_MAX_EDGE_LENGTH) order.push({ j, d });
    }
    order.sort((a, b) => a.d - b.d || a.j - b.j);
    const star = order.slice(0, STAR_NEIGHBORS).map(({ j, d }) => {
      const angle = vectorAngle(x[j] - x[i], y[j] - y[i]);
      return { j, d, ra: normalizeAngle(angle - direction[i]), na: normalizeAngle(angle + Math.PI - direction[j]) };
    });
    // By reference angle: the pairing's edge search slides an angle window over it (pairing.ts).
    star.sort((a, b) => a.ra - b.ra || a.d - b.d || a.j - b.j);
    for (const edge of star) {
      starNeighbor.push(edge.j);
      starLength.push(edge.d);
      starReferenceAngle.push(edge.ra);
      starNeighborAngle.push(edge.na);
    }
  }
  starStart[n] = starNeighbor.length;

  // Root edges: every unordered pair in the length band used by root search, in the order of the
  // hash bucket (and cells) each one reads as a query. Voting is order-independent, but this order
  // makes a comparison read the probe's hash (~0.5 MB, often out of cache when the probe changes
  // every few comparisons) at rising addresses, which the memory system serves much faster than
  // jumps.
  const edges: { i: number; j: number; d: number; ra: number; na: number; cells: number }[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const d = Math.hypot(x[j] - x[i], y[j] - y[i]);
      if (d < ROOT_EDGE_MIN_LENGTH || d > ROOT_EDGE_MAX_LENGTH) continue;
      const angle = vectorAngle(x[j] - x[i], y[j] - y[i]);
      const ra = normalizeAngle(angle - direction[i]);
      const na = normalizeAngle(angle + Math.PI - direction[j]);
      edges.push({ i, j, d, ra, na, cells: queryCells(d, ra, na) });
    }
  }
  edges.sort((a, b) => a.cells - b.cells || a.i - b.i || a.j - b.j);
  const from = edges.map((e) => e.i);
  const to = edges.map((e) => e.j);
  const length = edges.map((e) => e.d);
  const referenceAngle = edges.map((e) => e.ra);
  const neighborAngle = edges.map((e) => e.na);
  const rootEdgeCells = Int32Array.from(edges, (e) => e.cells);
  const rootEdgeAngles = new Int32Array(edges.length);
  const rootEdgeLengthBounds = new Int32Array(edges.length);
  for (let e = 0; e < edges.length; e++) {
    rootEdgeLengthBounds[e] = lengthBounds(length[e]);
    rootEdgeAngles[e] = packAngles(referenceAngle[e], neighborAngle[e]);
  }

  return {
    count: n,
    width: template.width,
    height: template.height,
    x,
    y,
    direction,
    hull: convexHull(x, y),
    type,
    sourceIndex,
    starStart,
    starNeighbor: Int32Array.from(starNeighbor),
    starLength: Float64Array.from(starLength),
    starReferenceAngle: Float64Array.from(starReferenceAngle),
    starNeighborAngle: Float64Array.from(starNeighborAngle),
    rootEdgeCount: from.length,
    rootEdgeFrom: Int32Array.from(from),
    rootEdgeTo: Int32Array.from(to),
    rootEdgeLength: Float64Array.from(length),
    rootEdgeReferenceAngle: Float64Array.from(referenceAngle),
    rootEdgeNeighborAngle: Float64Array.from(neighborAngle),
    rootEdgeCells,
    rootEdgeAngles,
    rootEdgeLengthBounds,
    edgeHash: null,
  };
}

/**
 * Builds the probe-side edge hash now instead of on the first comparison where this template is
 * the probe, and returns the same template. Call it on a probe before a 1:N search or on every
 * template of a benchmark, so comparisons are timed like SourceAFIS's prepared FingerprintMatcher.
 * Gallery templates need not call it: the hash (~0.1–0.5 MB) is only read on the probe side.
 */
export function prepareProbe(template: PreparedTemplate): PreparedTemplate {
  edgeHashOf(template);
  return template;
}

/** The probe-side lookup table, built on first use and kept with the template. */
export function edgeHashOf(template: PreparedTemplate): EdgeHash {
  if (template.edgeHash === null) template.edgeHash = buildEdgeHash(template);
  return template.edgeHash;
}
