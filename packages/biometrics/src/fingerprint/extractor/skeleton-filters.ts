import type { OrientationField } from './orientation.ts';
import type { SkeletonEdge, SkeletonGraph } from './skeleton-graph.ts';

export interface SkeletonFilterSettings {
  minTailLength: number;
  minFragmentLength: number;
  maxPoreArm: number;
  maxBridgeLength: number;
  minBridgeAngle: number;
  maxGapLength: number;
  maxGapAngle: number;
  directionSample: number;
  rounds: number;
}

/**
 * Removes the skeleton artefacts that produce most false minutiae (Maio & Maltoni's taxonomy;
 * SourceAFIS's dot/pore/tail/fragment/gap filters): pores and lakes (two junctions joined twice),
 * spurs (short branch off a ridge), fragments (short isolated ridge), bridges (short link across
 * a valley) and gaps (two endings facing each other across a break). Works on edges, so an
 * artefact removes both of its false minutiae at once. Several rounds, because removing a spur
 * can turn its junction into a plain ridge point and expose a new fragment.
 */
export function filterSkeleton(graph: SkeletonGraph, orientation: OrientationField, settings: SkeletonFilterSettings): void {
  for (let round = 0; round < settings.rounds; round++) {
    let changed = removePores(graph, settings.maxPoreArm);
    changed = removeShortEdges(graph, settings.minTailLength, (a, b) => (a === 1 && b >= 3) || (a >= 3 && b === 1)) || changed;
    changed = removeShortEdges(graph, settings.minFragmentLength, (a, b) => a === 1 && b === 1) || changed;
    changed = removeBridges(graph, orientation, settings) || changed;
    if (!changed) break;
  }
  removeGaps(graph, settings);
}

function removeEdge(graph: SkeletonGraph, edge: SkeletonEdge): void {
  edge.removed = true;
  graph.nodes[edge.from].degree--;
  graph.nodes[edge.to].degree--;
  for (const id of [edge.from, edge.to]) if (graph.nodes[id].degree <= 0) graph.nodes[id].removed = true;
}

function liveEdgesByLength(graph: SkeletonGraph): SkeletonEdge[] {
  return graph.edges.filter((e) => !e.removed).sort((a, b) => a.length - b.length);
}

function removePores(graph: SkeletonGraph, maxArm: number): boolean {
  let changed = false;
  const seen = new Map<string, SkeletonEdge>();
  for (const edge of liveEdgesByLength(graph)) {
    if (edge.length > maxArm * (edge.from === edge.to ? 2 : 1)) continue;
    const a = graph.nodes[edge.from];
    const b = graph.nodes[edge.to];
    if (a.degree < 3 || b.degree < 3) continue;
    if (edge.from === edge.to) {
      removeEdge(graph, edge); // a small loop hanging on one junction
      changed = true;
      continue;
    }
    const key = edge.from < edge.to ? `${edge.from}:${edge.to}` : `${edge.to}:${edge.from}`;
    if (seen.has(key)) {
      // Second short arm between the same junctions: a pore/lake. Dropping one arm leaves one ridge.
      removeEdge(graph, edge);
      changed = true;
    } else {
      seen.set(key, edge);
    }
  }
  return changed;
}

function removeShortEdges(graph: SkeletonGraph, minLength: number, kinds: (degreeA: number, degreeB: number) => boolean): boolean {
  let changed = false;
  for (const edge of liveEdgesByLength(graph)) {
    if (edge.length >= minLength) break;
    if (edge.removed || edge.from === edge.to) continue;
    if (!kinds(graph.nodes[edge.from].degree, graph.nodes[edge.to].degree)) continue;
    removeEdge(graph, edge);
    changed = true;
  }
  return changed;
}

function removeBridges(graph: SkeletonGraph, orientation: OrientationField, settings: SkeletonFilterSettings): boolean {
  let changed = false;
  const { blocksX, blocksY, blockSize } = orientation;
  for (const edge of liveEdgesByLength(graph)) {
    if (edge.length >= settings.maxBridgeLength) break;
    if (edge.removed || edge.from === edge.to) continue;
    const a = graph.nodes[edge.from];
    const b = graph.nodes[edge.to];
    if (a.degree < 3 || b.degree < 3) continue;
    const bx = Math.min(blocksX - 1, Math.floor((a.x + b.x) / 2 / blockSize));
    const by = Math.min(blocksY - 1, Math.floor((a.y + b.y) / 2 / blockSize));
    const ridge = orientation.angle[by * blocksX + bx];
    const chord = Math.atan2(b.y - a.y, b.x - a.x);
    if (axialDifference(chord, ridge) < settings.minBridgeAngle) continue;
    removeEdge(graph, edge);
    changed = true;
  }
  return changed;
}

/** Angle between two undirected lines, in [0, π/2]. */
function axialDifference(a: number, b: number): number {
  let d = Math.abs(a - b) % Math.PI;
  if (d > Math.PI / 2) d = Math.PI - d;
  return d;
}

/** Angle between two directions, in [0, π]. */
export function angularDifference(a: number, b: number): number {
  let d = Math.abs(a - b) % (2 * Math.PI);
  if (d > Math.PI) d = 2 * Math.PI - d;
  return d;
}

/** Image-coordinate angle from a node along one of its edges to the pixel `sample` px away. */
export function edgeDirection(graph: SkeletonGraph, edge: SkeletonEdge, node: number, sample: number): number {
  const { width } = graph;
  const path = edge.path;
  const forward = edge.from === node;
  const n = path.length;
  const index = Math.min(n - 1, Math.max(1, Math.round(sample)));
  const start = forward ? path[0] : path[n - 1];
  const end = forward ? path[index] : path[n - 1 - index];
  return Math.atan2(((end / width) | 0) - ((start / width) | 0), (end % width) - (start % width));
}

function removeGaps(graph: SkeletonGraph, settings: SkeletonFilterSettings): void {
  const endings: { id: number; outward: number }[] = [];
  for (const edge of graph.edges) {
    if (edge.removed) continue;
    for (const id of [edge.from, edge.to]) {
      if (graph.nodes[id].degree !== 1 || graph.nodes[id].removed) continue;
      // The ridge continues (if broken) opposite to the direction into its body.
      endings.push({ id, outward: edgeDirection(graph, edge, id, settings.directionSample) + Math.PI });
    }
  }
  const pairs: { a: number; b: number; distance: number }[] = [];
  for (let i = 0; i < endings.length; i++) {
    const a = graph.nodes[endings[i].id];
    for (let j = i + 1; j < endings.length; j++) {
      const b = graph.nodes[endings[j].id];
      const distance = Math.hypot(b.x - a.x, b.y - a.y);
      if (distance > settings.maxGapLength || distance < 1) continue;
      const towardB = Math.atan2(b.y - a.y, b.x - a.x);
      if (angularDifference(endings[i].outward, towardB) > settings.maxGapAngle) continue;
      if (angularDifference(endings[j].outward, towardB + Math.PI) > settings.maxGapAngle) continue;
      pairs.push({ a: endings[i].id, b: endings[j].id, distance });
    }
  }
  pairs.sort((p, q) => p.distance - q.distance);
  for (const { a, b } of pairs) {
    if (graph.nodes[a].removed || graph.nodes[b].removed) continue;
    graph.nodes[a].removed = true;
    graph.nodes[b].removed = true;
  }
}
