import { type BlockGrid, type BlockMask, smoothOverMask } from './block-map.ts';
import type { WindowedTensor } from './block-gradients.ts';
import { FRESH_BUFFERS, type ScratchBuffers } from './scratch.ts';
import { kernelArena } from './wasm-kernels.ts';

/** Ridge orientation per block, radians on [0, π) in image coordinates (x right, y down). */
export interface OrientationField extends BlockGrid {
  readonly angle: Float32Array;
  /** Doubled-angle unit vector of the ridge orientation, for interpolation without wrap-around. */
  readonly cos2: Float32Array;
  readonly sin2: Float32Array;
  /** Local coherence 0..1 before smoothing: how clearly the ridges are parallel here. */
  readonly coherence: Float32Array;
}

/**
 * Gradient-based orientation (Kass & Witkin; Bazen & Gerez 2002): the structure tensor's
 * doubled-angle vector is averaged with a Gaussian over foreground blocks, which averages
 * orientations correctly across the 0/π wrap and lets strong, clear blocks outvote noisy ones.
 * The gradient points across ridges, so the ridge orientation is the tensor angle + π/2.
 */
export function orientationField(tensor: WindowedTensor, mask: BlockMask, smoothingSigma: number): OrientationField {
  const vx = smoothOverMask(tensor.vx, mask, mask.data, smoothingSigma);
  const vy = smoothOverMask(tensor.vy, mask, mask.data, smoothingSigma);
  const n = vx.length;
  const angle = new Float32Array(n);
  const cos2 = new Float32Array(n);
  const sin2 = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const length = Math.hypot(vx[i], vy[i]);
    // Ridge doubled angle = gradient doubled angle + π, i.e. the negated vector.
    const c = length > 1e-9 ? -vx[i] / length : 1;
    const s = length > 1e-9 ? -vy[i] / length : 0;
    cos2[i] = c;
    sin2[i] = s;
    let a = 0.5 * Math.atan2(s, c);
    if (a < 0) a += Math.PI;
    angle[i] = a;
  }
  return { blocksX: mask.blocksX, blocksY: mask.blocksY, blockSize: mask.blockSize, angle, cos2, sin2, coherence: tensor.coherence };
}

/**
 * Ridge orientation at every pixel, quantised to `bins` steps of π/bins: the doubled-angle
 * vectors of the four nearest block centres are interpolated bilinearly. The interpolation is
 * evaluated once per `cell`×`cell` pixels: at 2 px the quantisation step (π/32) dominates the
 * error anyway, and it saves three quarters of the atan2 calls.
 */
export function pixelOrientationBins(
  field: OrientationField,
  width: number,
  height: number,
  bins: number,
  cell = 2,
  scratch: ScratchBuffers = FRESH_BUFFERS,
  within?: Uint8Array,
): Uint8Array {
  const { blocksX: bw, blocksY: bh, blockSize, cos2, sin2 } = field;
  // `within` (one flag per block): pixels of other blocks get bin 0 without an evaluation. Cells
  // must then not straddle blocks.
  const only = within && blockSize % cell === 0 ? within : undefined;
  // Every pixel is written below.
  const out = scratch.uint8('orientation-bins', width * height, false);
  const scale = bins / Math.PI;
  // The column terms are the same on every row of cells: computed once (same expressions).
  const columns = Math.ceil(width / cell);
  const left = new Int32Array(columns);
  const right = new Int32Array(columns);
  const weightX = new Float64Array(columns);
  for (let k = 0; k < columns; k++) {
    const cx = k * cell;
    const fx = Math.min(bw - 1, Math.max(0, (cx + cell / 2) / blockSize - 0.5));
    left[k] = Math.min(bw - 1, Math.floor(fx));
    right[k] = Math.min(bw - 1, left[k] + 1);
    weightX[k] = fx - left[k];
  }
  // The cells run compiled (assembly/orientation.ts: the same expressions and the same
  // arctangent, Math.atan2 imported for the bins the polynomial cannot decide).
  const arena = kernelArena(width * height);
  const outAt = arena.allocate(width * height);
  arena.kernels.pixelOrientationBins(
    arena.copyIn(cos2),
    arena.copyIn(sin2),
    bw,
    bh,
    blockSize,
    width,
    height,
    cell,
    bins,
    scale,
    scale * ATAN_MAX_ERROR < TIE_MARGIN / 4 ? 1 : 0,
    arena.copyIn(left),
    arena.copyIn(right),
    arena.copyIn(weightX),
    only ? 1 : 0,
    only ? arena.copyIn(only) : 0,
    outAt,
  );
  out.set(arena.uint8(outAt, width * height));
  return out;
}

/**
 * Math.round(a · scale) % bins for a = atan2(s, c) / 2 moved to [0, π), as the code computed
 * it with Math.atan2 — the same bin, at a fraction of the cost. A polynomial arctangent (error
 * ≤ 1e-5 rad, Abramowitz & Stegun 4.4.49) decides the bin whenever a · scale is further than
 * 1e-3 from a rounding tie (≥ 15 times its worst error at 32 bins); otherwise, and for zero or
 * non-finite input, Math.atan2 decides exactly as before. Math.atan2 was about 40 ns a call:
 * 5 % of the extraction's CPU. The pixel loop uses its compiled twin (assembly/orientation.ts);
 * wasm-kernels.test.ts checks they agree.
 */
export function orientationBin(s: number, c: number, scale: number, bins: number): number {
  const ax = Math.abs(c);
  const ay = Math.abs(s);
  if (ax > 1e-30 && ay > 1e-30 && ax < 1e30 && ay < 1e30 && scale * ATAN_MAX_ERROR < TIE_MARGIN / 4) {
    const swap = ay > ax;
    const z = swap ? ax / ay : ay / ax;
    const z2 = z * z;
    let theta = z * (0.999866 + z2 * (-0.3302995 + z2 * (0.180141 + z2 * (-0.085133 + z2 * 0.0208351))));
    if (swap) theta = Math.PI / 2 - theta;
    if (c < 0) theta = Math.PI - theta;
    if (s < 0) theta = -theta;
    let a = 0.5 * theta;
    if (a < 0) a += Math.PI;
    const v = a * scale;
    const fraction = v - Math.floor(v);
    // v is in [0, bins] here, so the % of the original is one subtraction (a float % is a
    // library call in V8).
    if (Math.abs(fraction - 0.5) > TIE_MARGIN) {
      const rounded = Math.round(v);
      return rounded >= bins ? rounded - bins : rounded;
    }
  }
  let a = 0.5 * Math.atan2(s, c);
  if (a < 0) a += Math.PI;
  return Math.round(a * scale) % bins;
}

const ATAN_MAX_ERROR = 1e-5;
const TIE_MARGIN = 1e-3;
