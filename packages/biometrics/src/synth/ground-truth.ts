import type { Minutia } from '../fingerprint/types.ts';
import { drawImpressionGeometry, toImpression } from './geometry.ts';
import { resolveImpressionOptions, type ImpressionOptions } from './impression.ts';
import type { MasterPrint } from './master-print.ts';
import { createRng, deriveSeed } from './random.ts';

/**
 * Ground-truth minutiae: where the generator put ridge endings and bifurcations, so extractor
 * tests can measure recall and precision instead of only counting.
 *
 * They are read off the master's noise-free ridge map with the textbook pipeline (binarise,
 * Zhang–Suen thinning, crossing number), which is reliable there because the map is clean;
 * minutiae within BORDER_MARGIN of the silhouette are dropped (the silhouette cuts ridges into
 * spurious endings), as are pairs closer than MIN_SEPARATION (thinning artefacts on tiny islands).
 * Then they are carried into an impression with the exact geometry it was rendered with.
 */
const BORDER_MARGIN = 12;
const MIN_SEPARATION = 5;
/** Skeleton pixels followed to measure a branch's direction (≈ one ridge period). */
const TRACE_LENGTH = 10;
/** An impression keeps a minutia only where the platen contact is nearly full. */
const MIN_CONTACT = 0.8;

// 8-neighbourhood in ring order starting east, counterclockwise on screen.
const RING_DX = [1, 1, 0, -1, -1, -1, 0, 1];
const RING_DY = [0, -1, -1, -1, 0, 1, 1, 1];

function thin(b: Uint8Array, w: number, h: number): void {
  const toDelete: number[] = [];
  let changed = true;
  while (changed) {
    changed = false;
    for (let pass = 0; pass < 2; pass++) {
      toDelete.length = 0;
      for (let y = 1; y < h - 1; y++) {
        for (let x = 1; x < w - 1; x++) {
          const i = y * w + x;
          if (!b[i]) continue;
          // Zhang & Suen (1984), neighbours P2..P9 clockwise from north.
          const p2 = b[i - w];
          const p3 = b[i - w + 1];
          const p4 = b[i + 1];
          const p5 = b[i + w + 1];
          const p6 = b[i + w];
          const p7 = b[i + w - 1];
          const p8 = b[i - 1];
          const p9 = b[i - w - 1];
          const count = p2 + p3 + p4 + p5 + p6 + p7 + p8 + p9;
          if (count < 2 || count > 6) continue;
          const transitions =
            +(!p2 && !!p3) + +(!p3 && !!p4) + +(!p4 && !!p5) + +(!p5 && !!p6) +
            +(!p6 && !!p7) + +(!p7 && !!p8) + +(!p8 && !!p9) + +(!p9 && !!p2);
          if (transitions !== 1) continue;
          if (pass === 0 ? p2 * p4 * p6 || p4 * p6 * p8 : p2 * p4 * p8 || p2 * p6 * p8) continue;
          toDelete.push(i);
        }
      }
      for (const i of toDelete) b[i] = 0;
      if (toDelete.length) changed = true;
    }
  }
}

/** Follows the skeleton from `start` (a neighbour of `origin`) and returns where it got. */
function trace(skel: Uint8Array, w: number, h: number, blocked: readonly number[], start: number): number {
  // The junction and the other branches' first pixels are off limits, so a branch cannot
  // wander into its neighbour right at the fork.
  const visited = new Set<number>([...blocked, start]);
  let cur = start;
  for (let step = 1; step < TRACE_LENGTH; step++) {
    const x = cur % w;
    const y = (cur - x) / w;
    let next = -1;
    for (let k = 0; k < 8; k++) {
      const nx = x + RING_DX[k];
      const ny = y + RING_DY[k];
      if (nx < 0 || ny < 0 || nx >= w || ny >= h) continue;
      const j = ny * w + nx;
      if (!skel[j] || visited.has(j)) continue;
      // Prefer 4-connected steps so diagonal shortcuts do not skip the path.
      if (next < 0 || k % 2 === 0) next = j;
      if (k % 2 === 0) break;
    }
    if (next < 0) break;
    visited.add(next);
    cur = next;
  }
  return cur;
}

function angleOf(w: number, from: number, to: number): number {
  const dx = (to % w) - (from % w);
  const dy = Math.floor(to / w) - Math.floor(from / w);
  const a = Math.atan2(-dy, dx); // types.ts: counterclockwise on screen
  return a < 0 ? a + 2 * Math.PI : a;
}

function angleGap(a: number, b: number): number {
  const d = Math.abs(a - b) % (2 * Math.PI);
  return Math.min(d, 2 * Math.PI - d);
}

function nearBorder(mask: Uint8Array, w: number, h: number, x: number, y: number): boolean {
  for (let k = 0; k < 16; k++) {
    const a = (k * Math.PI) / 8;
    const sx = Math.round(x + BORDER_MARGIN * Math.cos(a));
    const sy = Math.round(y + BORDER_MARGIN * Math.sin(a));
    if (sx < 0 || sy < 0 || sx >= w || sy >= h || !mask[sy * w + sx]) return true;
  }
  return false;
}

const cache = new WeakMap<MasterPrint, Minutia[]>();

/** Minutiae of the master print, in master coordinates, directions per types.ts, quality 100. */
export function masterMinutiae(master: MasterPrint): Minutia[] {
  const cached = cache.get(master);
  if (cached) return cached;
  const { width: w, height: h, ridges, mask } = master;
  const skel = new Uint8Array(w * h);
  for (let i = 0; i < skel.length; i++) skel[i] = mask[i] && ridges[i] > 0 ? 1 : 0;
  thin(skel, w, h);

  const found: Minutia[] = [];
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      const i = y * w + x;
      if (!skel[i]) continue;
      const ring = RING_DX.map((dx, k) => skel[(y + RING_DY[k]) * w + x + dx]);
      // Branch starts: one pixel per run of set pixels around the ring (crossing number).
      const starts: number[] = [];
      for (let k = 0; k < 8; k++) {
        if (ring[k] && !ring[(k + 7) % 8]) {
          // Within the run, step to its first 4-connected pixel if there is one.
          let pick = k;
          for (let j = k; ring[j % 8] && j < k + 8; j++) {
            if (j % 2 === 0) {
              pick = j % 8;
              break;
            }
          }
          starts.push((y + RING_DY[pick]) * w + x + RING_DX[pick]);
        }
      }
      if (starts.length !== 1 && starts.length !== 3) continue;
      if (nearBorder(mask, w, h, x, y)) continue;
      const ends = starts.map((s) => trace(skel, w, h, [i, ...starts], s));
      const angles = ends.map((e) => angleOf(w, i, e));
      let direction: number;
      if (starts.length === 1) {
        direction = angles[0]; // from the ending into the ridge body
      } else {
        // The two branches leave at a small angle to each other; the third is the stem.
        const gaps = [angleGap(angles[1], angles[2]), angleGap(angles[0], angles[2]), angleGap(angles[0], angles[1])];
        const stem = gaps.indexOf(Math.min(...gaps));
        direction = angles[stem];
      }
      found.push({ x, y, direction, type: starts.length === 1 ? 'ending' : 'bifurcation', quality: 100 });
    }
  }
  const crowded = new Set<number>();
  for (let a = 0; a < found.length; a++) {
    for (let b = a + 1; b < found.length; b++) {
      if (Math.hypot(found[a].x - found[b].x, found[a].y - found[b].y) < MIN_SEPARATION) {
        crowded.add(a);
        crowded.add(b);
      }
    }
  }
  const result = found.filter((_, k) => !crowded.has(k));
  cache.set(master, result);
  return result;
}

/**
 * The master's minutiae as they appear in impression `impressionSeed` (same seed and options as
 * given to generateImpression): positions and directions carried through the placement and the
 * plastic distortion, keeping those inside the image and well inside the contact area.
 */
export function impressionMinutiae(master: MasterPrint, impressionSeed: number, options: ImpressionOptions = {}): Minutia[] {
  const rng = createRng(deriveSeed(impressionSeed, 'impression'));
  const p = resolveImpressionOptions(rng, options);
  const geo = drawImpressionGeometry(master, rng, p);
  const cx = master.width / 2;
  const cy = master.height / 2;
  const out: Minutia[] = [];
  for (const m of masterMinutiae(master)) {
    if (geo.contact(m.x, m.y) < MIN_CONTACT) continue;
    // A minutia under a crease or scar does not print.
    if (master.creases[m.y * master.width + m.x] > 0.3) continue;
    const at = toImpression(geo, m.x, m.y, cx, cy);
    if (at.x < 0 || at.y < 0 || at.x > master.width - 1 || at.y > master.height - 1) continue;
    // Direction: carry a point a few pixels along it and measure where it lands.
    const ahead = toImpression(geo, m.x + 4 * Math.cos(m.direction), m.y - 4 * Math.sin(m.direction), cx, cy);
    let direction = Math.atan2(-(ahead.y - at.y), ahead.x - at.x);
    if (direction < 0) direction += 2 * Math.PI;
    out.push({ x: at.x, y: at.y, direction, type: m.type, quality: m.quality });
  }
  return out;
}
