/**
 * Ridge pattern synthesis by iterative space-variant Gabor filtering, the method of SFinGe
 * (Cappelli, Maio & Maltoni, "Synthetic fingerprint-image generation", ICPR 2000): starting from
 * a few random seed points, each pass convolves the image with a Gabor filter tuned to the local
 * ridge orientation and period and saturates the result. Ridges grow outward from every seed as
 * wavefronts; where fronts of different phase meet, the filter cannot reconcile them and leaves a
 * ridge ending or bifurcation — which is why this method yields minutiae with a realistic
 * spatial distribution without placing them explicitly.
 *
 * Speed: filters are precomputed in a bank (orientation bins × period bins), each a list of
 * (offset, weight) taps into a zero-padded buffer, so the inner loop is a bounds-check-free dot
 * product. The growth itself (≈ 20 passes) runs at half resolution, where a 9 px period is still
 * 4.5 px (well above Nyquist) and each pass costs a sixteenth; two passes at full resolution then
 * restore sharp ridge edges. See master-print.ts.
 */

const ORIENTATION_BINS = 32;
/** Period bins are multiplicative so half-resolution periods (≈ 4.5 px) are as finely tuned. */
const PERIOD_BIN_RATIO = 1.04;
/** Gaussian envelope relative to the period (across the ridges / along them). */
const SIGMA_ACROSS = 0.38;
const SIGMA_ALONG = 0.38;
/** Taps whose envelope falls below this are dropped (≈ 2.6 σ). */
const ENVELOPE_CUTOFF = 0.035;
/** Over-unity gain with clipping turns the filtered pattern into saturated, binary-like ridges. */
const GAIN = 1.8;

interface Kernel {
  offsets: Int32Array;
  weights: Float32Array;
}

export interface GaborPassInput {
  width: number;
  height: number;
  /** Ridge orientation per pixel, radians [0, π), counterclockwise from +x on screen. */
  orientation: Float32Array;
  /** Ridge period per pixel, pixels. */
  period: Float32Array;
  /** 1 where the pattern lives; outside it stays 0. */
  mask: Uint8Array;
  /** Starting pattern in [-1, 1] (a few seed pixels, or an upsampled pattern to refine). */
  initial: Float32Array;
  /** Passes to run at most. */
  maxIterations: number;
  /** Stop this many passes after the pattern has covered the mask (growth mode). */
  settleAfterCovered?: number;
}

function periodBin(p: number): number {
  return Math.round(Math.log(p) / Math.log(PERIOD_BIN_RATIO));
}

function buildKernel(stride: number, theta: number, period: number): Kernel {
  const sa = SIGMA_ACROSS * period;
  const sl = SIGMA_ALONG * period;
  const radius = Math.ceil(Math.sqrt(-2 * Math.log(ENVELOPE_CUTOFF)) * Math.max(sa, sl));
  // Ridge direction on screen is (cos θ, −sin θ); the normal across the ridges is (sin θ, cos θ).
  const tx = Math.cos(theta);
  const ty = -Math.sin(theta);
  const nx = Math.sin(theta);
  const ny = Math.cos(theta);
  const offsets: number[] = [];
  const env: number[] = [];
  const carrier: number[] = [];
  for (let dy = -radius; dy <= radius; dy++) {
    for (let dx = -radius; dx <= radius; dx++) {
      const along = dx * tx + dy * ty;
      const across = dx * nx + dy * ny;
      const e = Math.exp(-0.5 * ((across * across) / (sa * sa) + (along * along) / (sl * sl)));
      if (e < ENVELOPE_CUTOFF) continue;
      offsets.push(dy * stride + dx);
      env.push(e);
      carrier.push(Math.cos((2 * Math.PI * across) / period));
    }
  }
  // Zero DC response, so flat regions decay instead of drifting; unit response to a matched
  // sinusoid, so GAIN alone decides how hard the pattern saturates.
  let envSum = 0;
  let dcSum = 0;
  for (let i = 0; i < env.length; i++) {
    envSum += env[i];
    dcSum += env[i] * carrier[i];
  }
  const dc = dcSum / envSum;
  const weights = env.map((e, i) => e * (carrier[i] - dc));
  let matched = 0;
  for (let i = 0; i < weights.length; i++) matched += weights[i] * carrier[i];
  return { offsets: Int32Array.from(offsets), weights: Float32Array.from(weights, (w) => w / matched) };
}

const kernelCache = new Map<string, Kernel>();

function kernelFor(stride: number, orientationBin: number, pBin: number): Kernel {
  const key = `${stride}:${orientationBin}:${pBin}`;
  let k = kernelCache.get(key);
  if (!k) {
    k = buildKernel(stride, (orientationBin * Math.PI) / ORIENTATION_BINS, PERIOD_BIN_RATIO ** pBin);
    kernelCache.set(key, k);
  }
  return k;
}

/**
 * Runs Gabor passes over the masked area and returns the pattern in [-1, 1] (positive = ridge).
 */
export function gaborPasses(input: GaborPassInput): Float32Array {
  const { width, height, orientation, period, mask } = input;
  let maxPeriod = 0;
  for (let i = 0; i < period.length; i++) if (mask[i] && period[i] > maxPeriod) maxPeriod = period[i];
  const pad = Math.ceil(Math.sqrt(-2 * Math.log(ENVELOPE_CUTOFF)) * SIGMA_ALONG * maxPeriod * PERIOD_BIN_RATIO) + 1;
  const stride = width + 2 * pad;

  let n = 0;
  for (let i = 0; i < mask.length; i++) n += mask[i];
  const padIndex = new Int32Array(n);
  const kernels: Kernel[] = new Array(n);
  const size = stride * (height + 2 * pad);
  let cur = new Float32Array(size);
  let nxt = new Float32Array(size);
  for (let y = 0, k = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (!mask[i]) continue;
      const at = (y + pad) * stride + x + pad;
      padIndex[k] = at;
      cur[at] = input.initial[i];
      const o = Math.round((orientation[i] / Math.PI) * ORIENTATION_BINS) % ORIENTATION_BINS;
      kernels[k] = kernelFor(stride, o, periodBin(period[i]));
      k++;
    }
  }

  // In growth mode passes continue until the wavefronts have covered the mask, then a few more
  // let phase conflicts settle into clean minutiae instead of grey mush.
  let coveredAt = -1;
  for (let it = 0; it < input.maxIterations; it++) {
    let covered = 0;
    for (let k = 0; k < n; k++) {
      const kern = kernels[k];
      const offs = kern.offsets;
      const ws = kern.weights;
      const base = padIndex[k];
      let s = 0;
      for (let t = 0; t < offs.length; t++) s += cur[base + offs[t]] * ws[t];
      s *= GAIN;
      const v = s > 1 ? 1 : s < -1 ? -1 : s;
      nxt[base] = v;
      if (v > 0.02 || v < -0.02) covered++;
    }
    const t = cur;
    cur = nxt;
    nxt = t;
    if (input.settleAfterCovered === undefined) continue;
    if (coveredAt < 0 && covered >= 0.97 * n) coveredAt = it;
    if (coveredAt >= 0 && it >= coveredAt + input.settleAfterCovered) break;
  }

  const out = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) out[y * width + x] = cur[(y + pad) * stride + x + pad];
  }
  return out;
}
