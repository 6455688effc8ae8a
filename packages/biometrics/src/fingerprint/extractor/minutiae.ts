import type { Minutia } from '../types.ts';
import type { OrientationField } from './orientation.ts';
import { angularDifference, edgeDirection } from './skeleton-filters.ts';
import type { SkeletonEdge, SkeletonGraph } from './skeleton-graph.ts';

/**
 * A candidate minutia before the final filters: position, the engine's direction convention
 * (see types.ts: radians counterclockwise on screen, pointing into the ridge for an ending and
 * along the stem for a bifurcation) and the block it sits in.
 */
export interface MinutiaCandidate {
  x: number;
  y: number;
  direction: number;
  type: Minutia['type'];
  block: number;
}

/** Screen-counterclockwise angle in [0, 2π) from an image-coordinate (y down) angle. */
function toTemplateAngle(imageAngle: number): number {
  const a = -imageAngle % (2 * Math.PI);
  return a < 0 ? a + 2 * Math.PI : a;
}

/** Ridge endings (degree 1) and bifurcations (degree 3) of the filtered skeleton graph. */
export function collectMinutiae(graph: SkeletonGraph, orientation: OrientationField, directionSample: number): MinutiaCandidate[] {
  const incident: SkeletonEdge[][] = graph.nodes.map(() => []);
  for (const edge of graph.edges) {
    if (edge.removed) continue;
    incident[edge.from].push(edge);
    if (edge.to !== edge.from) incident[edge.to].push(edge);
  }
  const { blocksX, blocksY, blockSize } = orientation;
  const out: MinutiaCandidate[] = [];
  graph.nodes.forEach((node, id) => {
    if (node.removed || (node.degree !== 1 && node.degree !== 3)) return;
    const edges = incident[id];
    if (edges.length !== node.degree) return; // a loop at this node: no clean fork geometry
    const block = Math.min(blocksY - 1, Math.floor(node.y / blockSize)) * blocksX + Math.min(blocksX - 1, Math.floor(node.x / blockSize));
    if (node.degree === 1) {
      const direction = edgeDirection(graph, edges[0], id, directionSample);
      out.push({ x: node.x, y: node.y, direction: toTemplateAngle(direction), type: 'ending', block });
      return;
    }
    const angles = edges.map((e) => edgeDirection(graph, e, id, directionSample));
    // The two fork branches leave in similar directions; the stem is the odd one out.
    let stem = 0;
    let closest = Infinity;
    for (let k = 0; k < 3; k++) {
      const spread = angularDifference(angles[(k + 1) % 3], angles[(k + 2) % 3]);
      if (spread < closest) {
        closest = spread;
        stem = k;
      }
    }
    out.push({ x: node.x, y: node.y, direction: toTemplateAngle(angles[stem]), type: 'bifurcation', block });
  });
  return out;
}
