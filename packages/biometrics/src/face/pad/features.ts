import type { PadCrop } from './crop.ts';

/**
 * Measured features of a face presentation, from the PAD crops (crop.ts). Every group is a
 * published cue for printed and on-screen faces:
 * - colour texture: uniform LBP(8,1) histograms of each channel of HSV and YCbCr (Boulkenafet,
 *   Komulainen & Hadid 2015/2016): a print or a screen re-renders skin through another gamut
 *   and adds its own micro-texture, which shows in the chroma channels more than in luma;
 * - frequency: share of the spectrum's energy in radial bands (Li et al. 2004; moiré and
 *   halftone add mid/high-frequency peaks, a recaptured print loses the highest ones);
 * - image quality (Galbally & Marcel 2014): sharpness, contrast, specular highlights, colour
 *   moments.
 */

/** One image plane, values 0..255, side × side. */
export interface Plane {
  side: number;
  data: Float32Array;
}

/** HSV (H, S, V) and YCbCr (Y, Cb, Cr) planes of an RGB crop, each scaled to 0..255. */
export function colourPlanes(crop: PadCrop): { h: Plane; s: Plane; v: Plane; y: Plane; cb: Plane; cr: Plane } {
  const n = crop.size * crop.size;
  const mk = () => new Float32Array(n);
  const h = mk(), s = mk(), v = mk(), y = mk(), cb = mk(), cr = mk();
  const rgb = crop.rgb;
  for (let i = 0; i < n; i++) {
    const r = rgb[3 * i], g = rgb[3 * i + 1], b = rgb[3 * i + 2];
    const max = Math.max(r, g, b), min = Math.min(r, g, b), d = max - min;
    let hue = 0;
    if (d > 1e-6) {
      if (max === r) hue = ((g - b) / d + 6) % 6;
      else if (max === g) hue = (b - r) / d + 2;
      else hue = (r - g) / d + 4;
    }
    h[i] = (hue / 6) * 255;
    s[i] = max > 1e-6 ? (d / max) * 255 : 0;
    v[i] = max;
    // ITU-R BT.601 full-range YCbCr (JFIF).
    y[i] = 0.299 * r + 0.587 * g + 0.114 * b;
    cb[i] = 128 - 0.168736 * r - 0.331264 * g + 0.5 * b;
    cr[i] = 128 + 0.5 * r - 0.418688 * g - 0.081312 * b;
  }
  const side = crop.size;
  return { h: { side, data: h }, s: { side, data: s }, v: { side, data: v }, y: { side, data: y }, cb: { side, data: cb }, cr: { side, data: cr } };
}

/** Uniform-pattern lookup for 8-bit LBP codes: 58 uniform codes → 0..57, the rest → 58. */
const UNIFORM = (() => {
  const table = new Uint8Array(256);
  let next = 0;
  for (let c = 0; c < 256; c++) {
    let transitions = 0;
    for (let k = 0; k < 8; k++) if (((c >> k) & 1) !== ((c >> ((k + 1) % 8)) & 1)) transitions++;
    table[c] = transitions <= 2 ? next++ : 58;
  }
  return table;
})();
export const LBP_BINS = 59;

/**
 * Normalised histogram of uniform LBP codes (8 neighbours at `radius` px, Ojala et al. 2002;
 * integer offsets, the 8-connected ring at radius 1) over the plane's interior.
 */
export function lbpHistogram(plane: Plane, radius = 1): Float32Array {
  const { side, data } = plane;
  const hist = new Float32Array(LBP_BINS);
  const r = radius;
  const offs = [[-r, -r], [0, -r], [r, -r], [r, 0], [r, r], [0, r], [-r, r], [-r, 0]];
  let count = 0;
  for (let y = r; y < side - r; y++) {
    for (let x = r; x < side - r; x++) {
      const c = data[y * side + x];
      let code = 0;
      for (let k = 0; k < 8; k++) if (data[(y + offs[k][1]) * side + x + offs[k][0]] >= c) code |= 1 << k;
      hist[UNIFORM[code]]++;
      count++;
    }
  }
  for (let i = 0; i < LBP_BINS; i++) hist[i] /= count;
  return hist;
}

/** Half-resolution copy (2×2 box average). */
export function downsample(plane: Plane): Plane {
  const side = plane.side >> 1;
  const out = new Float32Array(side * side);
  const s = plane.side, d = plane.data;
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const i = 2 * y * s + 2 * x;
      out[y * side + x] = (d[i] + d[i + 1] + d[i + s] + d[i + s + 1]) / 4;
    }
  }
  return { side, data: out };
}

/** In-place radix-2 complex FFT of length n (power of two). */
function fft(re: Float64Array, im: Float64Array): void {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [re[i], re[j]] = [re[j], re[i]];
      [im[i], im[j]] = [im[j], im[i]];
    }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const ang = (-2 * Math.PI) / len;
    const wr = Math.cos(ang), wi = Math.sin(ang);
    for (let i = 0; i < n; i += len) {
      let cr = 1, ci = 0;
      for (let k = 0; k < len / 2; k++) {
        const a = i + k, b = a + len / 2;
        const tr = re[b] * cr - im[b] * ci, ti = re[b] * ci + im[b] * cr;
        re[b] = re[a] - tr; im[b] = im[a] - ti;
        re[a] += tr; im[a] += ti;
        const ncr = cr * wr - ci * wi;
        ci = cr * wi + ci * wr;
        cr = ncr;
      }
    }
  }
}

/**
 * Log share of the power spectrum (mean removed, Hann window) in `bands` equal radial bands up
 * to Nyquist, and the peakiness of the outer half (max / mean power: moiré and halftone are
 * narrow peaks). Plane side must be a power of two.
 */
export function spectrumBands(plane: Plane, bands: number): Float32Array {
  const n = plane.side;
  let mean = 0;
  for (let i = 0; i < n * n; i++) mean += plane.data[i];
  mean /= n * n;
  const re = new Float64Array(n * n), im = new Float64Array(n * n);
  const hann = Float64Array.from({ length: n }, (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (n - 1)));
  for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) re[y * n + x] = (plane.data[y * n + x] - mean) * hann[x] * hann[y];
  const rowRe = new Float64Array(n), rowIm = new Float64Array(n);
  for (let y = 0; y < n; y++) {
    rowRe.set(re.subarray(y * n, y * n + n)); rowIm.set(im.subarray(y * n, y * n + n));
    fft(rowRe, rowIm);
    re.set(rowRe, y * n); im.set(rowIm, y * n);
  }
  for (let x = 0; x < n; x++) {
    for (let y = 0; y < n; y++) { rowRe[y] = re[y * n + x]; rowIm[y] = im[y * n + x]; }
    fft(rowRe, rowIm);
    for (let y = 0; y < n; y++) { re[y * n + x] = rowRe[y]; im[y * n + x] = rowIm[y]; }
  }
  const energy = new Float64Array(bands);
  let total = 0, outerMax = 0, outerSum = 0, outerN = 0;
  const half = n / 2;
  for (let y = 0; y < n; y++) {
    const fy = y < half ? y : y - n;
    for (let x = 0; x < n; x++) {
      const fx = x < half ? x : x - n;
      const r = Math.hypot(fx, fy) / half;
      if (r === 0 || r > 1) continue;
      const p = re[y * n + x] ** 2 + im[y * n + x] ** 2;
      energy[Math.min(bands - 1, Math.floor(r * bands))] += p;
      total += p;
      if (r > 0.5) { outerMax = Math.max(outerMax, p); outerSum += p; outerN++; }
    }
  }
  const out = new Float32Array(bands + 1);
  for (let b = 0; b < bands; b++) out[b] = Math.log10(energy[b] / Math.max(1e-12, total) + 1e-9);
  out[bands] = Math.log10(outerMax / Math.max(1e-12, outerSum / Math.max(1, outerN)) + 1e-9);
  return out;
}

/**
 * Image-quality cues: variance of the Laplacian (log), luma contrast (std), share of specular
 * pixels (bright and unsaturated), mean / std / skew of S, V, Cb, Cr.
 */
export function qualityCues(planes: ReturnType<typeof colourPlanes>): Float32Array {
  const { y, s, v, cb, cr } = planes;
  const side = y.side, d = y.data;
  let lapSum = 0, lapSq = 0, ln = 0;
  for (let r = 1; r < side - 1; r++) {
    for (let c = 1; c < side - 1; c++) {
      const i = r * side + c;
      const lap = d[i - 1] + d[i + 1] + d[i - side] + d[i + side] - 4 * d[i];
      lapSum += lap; lapSq += lap * lap; ln++;
    }
  }
  const lapVar = lapSq / ln - (lapSum / ln) ** 2;
  let specular = 0;
  for (let i = 0; i < v.data.length; i++) if (v.data[i] > 220 && s.data[i] < 40) specular++;
  const moments = (p: Plane): number[] => {
    let m = 0;
    for (const x of p.data) m += x;
    m /= p.data.length;
    let m2 = 0, m3 = 0;
    for (const x of p.data) { const e = x - m; m2 += e * e; m3 += e * e * e; }
    m2 /= p.data.length; m3 /= p.data.length;
    const sd = Math.sqrt(m2);
    return [m / 255, sd / 255, sd > 1e-6 ? m3 / (sd * sd * sd) : 0];
  };
  return Float32Array.from([
    Math.log10(lapVar + 1),
    moments(y)[1],
    specular / v.data.length,
    ...moments(s), ...moments(v), ...moments(cb), ...moments(cr),
  ]);
}
