import type { PixelSpan } from './block-map.ts';
import { FRESH_BUFFERS, type ScratchBuffers } from './scratch.ts';
import { kernelArena } from './wasm-kernels.ts';

/**
 * Neighbourhood code of pixel i: bit 0 = N, then clockwise NE, E, SE, S, SW, W, NW.
 * Callers guarantee a zero one-pixel frame, so no bounds checks are needed.
 */
function neighborhood(image: Uint8Array, i: number, width: number): number {
  return (
    image[i - width] |
    (image[i - width + 1] << 1) |
    (image[i + 1] << 2) |
    (image[i + width + 1] << 3) |
    (image[i + width] << 4) |
    (image[i + width - 1] << 5) |
    (image[i - 1] << 6) |
    (image[i - width - 1] << 7)
  );
}

function bit(code: number, k: number): number {
  return (code >> (k & 7)) & 1;
}

function popCount(code: number): number {
  let n = 0;
  for (let k = 0; k < 8; k++) n += bit(code, k);
  return n;
}

/** 0→1 transitions around the pixel (Zhang–Suen's A). */
function transitions(code: number): number {
  let n = 0;
  for (let k = 0; k < 8; k++) if (!bit(code, k) && bit(code, k + 1)) n++;
  return n;
}

/** Zhang & Suen (1984) deletion tables for the two sub-iterations, indexed by neighbourhood code. */
const ZHANG_SUEN_TABLES = [0, 1].map((pass) => {
  const table = new Uint8Array(256);
  for (let code = 0; code < 256; code++) {
    const count = popCount(code);
    if (count < 2 || count > 6 || transitions(code) !== 1) continue;
    const [n, e, s, w] = [bit(code, 0), bit(code, 2), bit(code, 4), bit(code, 6)];
    const ok = pass === 0 ? n * e * s === 0 && e * s * w === 0 : n * e * w === 0 && n * s * w === 0;
    table[code] = ok ? 1 : 0;
  }
  return table;
});

/**
 * Simple points that are not line ends: Yokoi's 8-connectivity number is 1 (removal keeps
 * topology) and the pixel has ≥ 2 neighbours. Zhang–Suen leaves such pixels at staircase
 * corners; removing them makes every ridge pixel have exactly two neighbours, which the
 * crossing-number and tracing logic relies on.
 */
const REDUNDANT_TABLE = (() => {
  const table = new Uint8Array(256);
  for (let code = 0; code < 256; code++) {
    // Yokoi order: E, NE, N, NW, W, SW, S, SE → our bits 2, 1, 0, 7, 6, 5, 4, 3 (complemented).
    const order = [2, 1, 0, 7, 6, 5, 4, 3];
    const inv = order.map((k) => 1 - bit(code, k));
    let connectivity = 0;
    for (const k of [0, 2, 4, 6]) connectivity += inv[k] - inv[k] * inv[(k + 1) % 8] * inv[(k + 2) % 8];
    table[code] = connectivity === 1 && popCount(code) >= 2 ? 1 : 0;
  }
  return table;
})();

/**
 * Thins a binary ridge image (1 = ridge, zero frame) to a one-pixel-wide skeleton: Zhang–Suen
 * rounds over a list of the remaining ridge pixels, then the redundant pixels removed in index
 * order. Compiled (assembly/thinning.ts); the tables are built here and copied in.
 */
export function thin(
  binary: Uint8Array,
  width: number,
  scratch: ScratchBuffers = FRESH_BUFFERS,
  span: PixelSpan = { from: 0, to: binary.length },
): Uint8Array {
  const arena = kernelArena(binary.length);
  const skeletonAt = arena.copyIn(binary);
  // `binary` is 0 outside the span, so at most that many ridge pixels.
  const listBytes = 4 * Math.max(0, span.to - span.from);
  arena.kernels.thin(
    skeletonAt,
    width,
    span.from,
    span.to,
    arena.allocate(listBytes),
    arena.allocate(listBytes),
    arena.copyIn(ZHANG_SUEN_TABLES[0]),
    arena.copyIn(ZHANG_SUEN_TABLES[1]),
    arena.copyIn(REDUNDANT_TABLE),
  );
  const skeleton = scratch.uint8('skeleton', binary.length, false);
  skeleton.set(arena.uint8(skeletonAt, binary.length));
  return skeleton;
}

const POPCOUNT = Uint8Array.from({ length: 256 }, (_, code) => popCount(code));

/**
 * Number of skeleton neighbours of each pixel (0 off the skeleton). `nodePixels`, when given,
 * also receives the ridge ends and junctions (neither 0 nor 2 neighbours) in raster order.
 */
export function neighborCounts(
  skeleton: Uint8Array,
  width: number,
  scratch: ScratchBuffers = FRESH_BUFFERS,
  span: PixelSpan = { from: 0, to: skeleton.length },
  nodePixels?: number[],
): Uint8Array {
  const counts = scratch.uint8('neighbor-counts', skeleton.length, true);
  // `skeleton` is 0 outside the span.
  const end = Math.min(skeleton.length - width - 1, span.to);
  for (let i = Math.max(width + 1, span.from); i < end; i++) {
    if (!skeleton[i]) continue;
    const count = POPCOUNT[neighborhood(skeleton, i, width)];
    counts[i] = count;
    if (nodePixels && count !== 2 && count !== 0) nodePixels.push(i);
  }
  return counts;
}
