import type { PixelSpan } from './block-map.ts';
import { FRESH_BUFFERS, type ScratchBuffers } from './scratch.ts';
import { neighborCounts } from './thinning.ts';

/**
 * The skeleton as a graph (as SourceAFIS traces it): nodes are ridge ends (one neighbour) and
 * junctions (three or more), clustered when adjacent; edges are the ridge runs between them with
 * their pixel paths. Filters then reason about whole ridges (spur length, pore loops, bridges)
 * instead of single pixels.
 */
export interface SkeletonNode {
  x: number;
  y: number;
  /** Live incident edge ends; 1 = ridge ending, 3 = bifurcation. */
  degree: number;
  removed: boolean;
}

export interface SkeletonEdge {
  from: number;
  to: number;
  /** Pixel indices from `from` to `to`, both node pixels included. */
  path: Int32Array;
  length: number;
  removed: boolean;
}

export interface SkeletonGraph {
  width: number;
  nodes: SkeletonNode[];
  edges: SkeletonEdge[];
}

const STEPS_X = [0, 1, 1, 1, 0, -1, -1, -1];
const STEPS_Y = [-1, -1, 0, 1, 1, 1, 0, -1];

export function traceSkeleton(
  skeleton: Uint8Array,
  width: number,
  scratch: ScratchBuffers = FRESH_BUFFERS,
  span: PixelSpan = { from: 0, to: skeleton.length },
): SkeletonGraph {
  // Node pixels found in the same pass as the counts: a scan of the image of its own cost as much
  // as the rest of the tracing. (Pixels outside neighborCounts' range keep count 0: never nodes.)
  const seeds: number[] = [];
  const counts = neighborCounts(skeleton, width, scratch, span, seeds);
  const steps = STEPS_X.map((dx, k) => STEPS_Y[k] * width + dx);
  const nodeOf = scratch.int32('skeleton-node-of', skeleton.length, false).fill(-1);
  const nodes: SkeletonNode[] = [];
  const nodePixels: number[][] = [];
  const stack: number[] = [];
  for (const i of seeds) {
    if (nodeOf[i] >= 0) continue;
    const id = nodes.length;
    const pixels: number[] = [];
    stack.push(i);
    nodeOf[i] = id;
    while (stack.length > 0) {
      const p = stack.pop() as number;
      pixels.push(p);
      for (const s of steps) {
        const q = p + s;
        if (skeleton[q] && counts[q] !== 2 && nodeOf[q] < 0) {
          nodeOf[q] = id;
          stack.push(q);
        }
      }
    }
    let sx = 0;
    let sy = 0;
    for (const p of pixels) {
      sx += p % width;
      sy += (p / width) | 0;
    }
    nodes.push({ x: sx / pixels.length, y: sy / pixels.length, degree: 0, removed: false });
    nodePixels.push(pixels);
  }

  // Every edge's path goes into one array, and the edges get views of it at the end: one typed
  // array per edge (thousands per print) cost more to allocate than the tracing itself.
  const paths: number[] = [];
  const ends: { from: number; to: number; start: number; end: number }[] = [];
  const visited = scratch.uint8('skeleton-visited', skeleton.length, true);
  for (let id = 0; id < nodes.length; id++) {
    for (const start of nodePixels[id]) {
      for (const s of steps) {
        const first = start + s;
        if (!skeleton[first] || nodeOf[first] >= 0 || visited[first]) continue;
        const pathStart = paths.length;
        paths.push(start);
        let previous = start;
        let current = first;
        let end = -1;
        // Path pixels have exactly two neighbours (previous and next), so the walk never branches.
        for (;;) {
          visited[current] = 1;
          paths.push(current);
          let next = -1;
          for (const t of steps) {
            const q = current + t;
            if (q !== previous && skeleton[q]) {
              next = q;
              break;
            }
          }
          if (next < 0 || (nodeOf[next] < 0 && visited[next])) break;
          if (nodeOf[next] >= 0) {
            paths.push(next);
            end = nodeOf[next];
            break;
          }
          previous = current;
          current = next;
        }
        if (end < 0) {
          paths.length = pathStart;
          continue;
        }
        ends.push({ from: id, to: end, start: pathStart, end: paths.length });
        nodes[id].degree++;
        nodes[end].degree++;
      }
    }
  }
  const pixels = new Int32Array(paths);
  const edges: SkeletonEdge[] = ends.map(({ from, to, start, end }) => {
    const path = pixels.subarray(start, end);
    return { from, to, path, length: pathLength(path, width), removed: false };
  });
  return { width, nodes, edges };
}

function pathLength(path: Int32Array, width: number): number {
  let length = 0;
  for (let k = 1; k < path.length; k++) {
    const d = Math.abs(path[k] - path[k - 1]);
    length += d === 1 || d === width ? 1 : Math.SQRT2;
  }
  return length;
}
