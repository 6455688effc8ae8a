import { describe, expect, it } from 'vitest';
import { BiometricError } from '../errors.ts';
import type { GrayImage } from '../primitives/gray-image.ts';
import {
  FINGER_CLASSES,
  generateFinger,
  generateImpression,
  generateMasterPrint,
  type FingerClass,
  type MasterPrint,
} from './index.ts';

const masters = new Map<string, MasterPrint>();
function master(seed: number, fingerClass?: FingerClass): MasterPrint {
  const key = `${seed}:${fingerClass ?? ''}`;
  let m = masters.get(key);
  if (!m) {
    m = generateMasterPrint(seed, { fingerClass });
    masters.set(key, m);
  }
  return m;
}

/** Pearson correlation over the central window, where both prints normally have ridges. */
function centralCorrelation(a: GrayImage, b: GrayImage): number {
  let sa = 0;
  let sb = 0;
  let saa = 0;
  let sbb = 0;
  let sab = 0;
  let n = 0;
  for (let y = Math.floor(a.height * 0.3); y < a.height * 0.7; y++) {
    for (let x = Math.floor(a.width * 0.3); x < a.width * 0.7; x++) {
      const va = a.data[y * a.width + x];
      const vb = b.data[y * b.width + x];
      sa += va;
      sb += vb;
      saa += va * va;
      sbb += vb * vb;
      sab += va * vb;
      n++;
    }
  }
  const cov = sab / n - (sa / n) * (sb / n);
  return cov / Math.sqrt((saa / n - (sa / n) ** 2) * (sbb / n - (sb / n) ** 2));
}

/**
 * Ridge period of an unrotated impression, measured per 24×24 block as the first autocorrelation
 * peak along the ridge normal of the master's orientation field; returns the median.
 */
function medianRidgePeriod(img: GrayImage, m: MasterPrint): number {
  const periods: number[] = [];
  const at = (x: number, y: number): number => {
    const xi = Math.round(x);
    const yi = Math.round(y);
    return img.data[yi * img.width + xi];
  };
  for (let by = 40; by + 40 < img.height; by += 24) {
    for (let bx = 40; bx + 40 < img.width; bx += 24) {
      if (!m.mask[by * m.width + bx]) continue;
      const theta = m.orientation[by * m.width + bx];
      const nx = Math.sin(theta);
      const ny = Math.cos(theta);
      // Profile across the ridges, averaged along them to suppress noise.
      const profile: number[] = [];
      for (let s = -30; s <= 30; s++) {
        let sum = 0;
        for (let t = -6; t <= 6; t++) sum += at(bx + s * nx + t * ny, by + s * ny - t * nx);
        profile.push(sum);
      }
      const mean = profile.reduce((p, v) => p + v, 0) / profile.length;
      const c = profile.map((v) => v - mean);
      const ac = (lag: number): number => {
        let s = 0;
        for (let i = 0; i + lag < c.length; i++) s += c[i] * c[i + lag];
        return s / (c.length - lag);
      };
      let best = -1;
      for (let lag = 5; lag <= 16; lag++) {
        if (ac(lag) > ac(lag - 1) && ac(lag) >= ac(lag + 1) && ac(lag) > 0) {
          best = lag;
          break;
        }
      }
      if (best > 0) periods.push(best);
    }
  }
  periods.sort((p, q) => p - q);
  return periods[Math.floor(periods.length / 2)];
}

describe('synthetic fingerprints', () => {
  it('is deterministic: the same seeds give identical bytes', () => {
    const a = generateFinger(1234, 2);
    const b = generateFinger(1234, 2);
    expect(a).toHaveLength(2);
    expect(Buffer.from(a[0].data).equals(Buffer.from(b[0].data))).toBe(true);
    expect(Buffer.from(a[1].data).equals(Buffer.from(b[1].data))).toBe(true);
    expect(a[0].width).toBe(300);
    expect(a[0].height).toBe(400);
    expect(a[0].data).toHaveLength(300 * 400);
  });

  it('gives different prints for different seeds and different impressions of one finger', () => {
    const m = master(11, 'left_loop');
    const other = master(12, 'left_loop');
    expect(Buffer.from(m.ridges.buffer).equals(Buffer.from(other.ridges.buffer))).toBe(false);
    const i1 = generateImpression(m, 1);
    const i2 = generateImpression(m, 2);
    expect(Buffer.from(i1.data).equals(Buffer.from(i2.data))).toBe(false);
  });

  it('places the singular points each class calls for', () => {
    const expected: Record<FingerClass, [number, number]> = {
      arch: [0, 0],
      tented_arch: [1, 1],
      left_loop: [1, 1],
      right_loop: [1, 1],
      whorl: [2, 2],
    };
    for (const cls of FINGER_CLASSES) {
      for (const seed of [1, 2, 3]) {
        const m = generateMasterPrint(seed, { fingerClass: cls, width: 120, height: 160 });
        expect(m.fingerClass).toBe(cls);
        const cores = m.singularPoints.filter((p) => p.kind === 'core').length;
        const deltas = m.singularPoints.filter((p) => p.kind === 'delta').length;
        expect([cores, deltas]).toEqual(expected[cls]);
      }
    }
  });

  it('has singularities in the orientation field exactly where the model puts them', () => {
    // Poincaré index of the ridge-orientation field along a circle: +½ around a core, −½
    // around a delta, 0 where the flow is regular.
    const poincare = (m: MasterPrint, cx: number, cy: number, r: number): number => {
      const steps = 48;
      let sum = 0;
      let prev = m.orientation[Math.round(cy) * m.width + Math.round(cx + r)];
      for (let k = 1; k <= steps; k++) {
        const a = (2 * Math.PI * k) / steps;
        const x = Math.round(cx + r * Math.cos(a));
        const y = Math.round(cy - r * Math.sin(a));
        const cur = m.orientation[y * m.width + x];
        let d = cur - prev;
        if (d > Math.PI / 2) d -= Math.PI;
        if (d < -Math.PI / 2) d += Math.PI;
        sum += d;
        prev = cur;
      }
      return sum / (2 * Math.PI);
    };
    for (const cls of FINGER_CLASSES) {
      const m = master(41, cls);
      for (const p of m.singularPoints) expect(poincare(m, p.x, p.y, 6)).toBeCloseTo(p.kind === 'core' ? 0.5 : -0.5, 6);
      // Regular flow elsewhere: scan the pad with circles that avoid the singular points.
      let singular = 0;
      for (let y = 40; y < m.height - 40; y += 16) {
        for (let x = 40; x < m.width - 40; x += 16) {
          if (m.singularPoints.some((p) => Math.hypot(p.x - x, p.y - y) < 14)) continue;
          if (Math.abs(poincare(m, x, y, 8)) > 0.25) singular++;
        }
      }
      expect(singular, cls).toBe(0);
    }
  });

  it('puts a loop delta on the side opposite to where the ridges enter', () => {
    const left = master(21, 'left_loop').singularPoints;
    const right = master(21, 'right_loop').singularPoints;
    const side = (sp: typeof left): number => sp.find((p) => p.kind === 'delta')!.x - sp.find((p) => p.kind === 'core')!.x;
    expect(side(left)).toBeGreaterThan(0);
    expect(side(right)).toBeLessThan(0);
  });

  it('impressions of one finger correlate after alignment far more than those of two fingers', () => {
    const aligned = { rotationDeg: 0, dx: 0, dy: 0, distortion: 0.5 };
    const a = master(11, 'left_loop');
    const b = master(12, 'left_loop');
    const a1 = generateImpression(a, 101, aligned);
    const a2 = generateImpression(a, 102, aligned);
    const b1 = generateImpression(b, 103, aligned);
    const same = centralCorrelation(a1, a2);
    const different = centralCorrelation(a1, b1);
    expect(same).toBeGreaterThan(0.3);
    expect(Math.abs(different)).toBeLessThan(0.2);
    expect(same).toBeGreaterThan(different + 0.2);
  });

  it('has a 500 dpi ridge period (8–11 px) and a plausible foreground', () => {
    for (const seed of [31, 32, 33]) {
      const m = master(seed);
      const img = generateImpression(m, seed, { rotationDeg: 0, dx: 0, dy: 0, distortion: 0 });
      const period = medianRidgePeriod(img, m);
      expect(period).toBeGreaterThanOrEqual(8);
      expect(period).toBeLessThanOrEqual(11);

      // Foreground: 16×16 blocks with ridge contrast; the pad covers roughly half or more.
      let fg = 0;
      let blocks = 0;
      for (let by = 0; by + 16 <= img.height; by += 16) {
        for (let bx = 0; bx + 16 <= img.width; bx += 16) {
          let s = 0;
          let ss = 0;
          for (let y = by; y < by + 16; y++) {
            for (let x = bx; x < bx + 16; x++) {
              const v = img.data[y * img.width + x];
              s += v;
              ss += v * v;
            }
          }
          const sd = Math.sqrt(ss / 256 - (s / 256) ** 2);
          if (sd > 35) fg++;
          blocks++;
        }
      }
      expect(fg / blocks).toBeGreaterThan(0.35);
      expect(fg / blocks).toBeLessThan(0.95);

      // Dark ridges on a light background: the corners are light, the centre has dark pixels.
      expect(img.data[0]).toBeGreaterThan(150);
      let dark = 0;
      for (let y = 150; y < 250; y++) for (let x = 100; x < 200; x++) if (img.data[y * img.width + x] < 110) dark++;
      expect(dark / 10000).toBeGreaterThan(0.2);
    }
  });

  it('gives about half of the fingers creases, which print as light lines', () => {
    const withCreases = Array.from({ length: 20 }, (_, i) => generateMasterPrint(500 + i, { width: 120, height: 160 })).filter((m) =>
      m.creases.some((v) => v > 0.5),
    ).length;
    expect(withCreases).toBeGreaterThanOrEqual(5);
    expect(withCreases).toBeLessThanOrEqual(15);

    let m: MasterPrint | undefined;
    for (let seed = 600; !m; seed++) {
      const candidate = generateMasterPrint(seed);
      if (candidate.creases.filter((v) => v > 0.9).length > 100) m = candidate;
    }
    const img = generateImpression(m, 1, { rotationDeg: 0, dx: 0, dy: 0, distortion: 0, pressure: 0.6, noise: 0.1 });
    let onCrease = 0;
    let nCrease = 0;
    let onPad = 0;
    let nPad = 0;
    for (let i = 0; i < img.data.length; i++) {
      if (!m.mask[i] || m.ridges[i] < 0.5) continue; // ridge pixels only
      if (m.creases[i] > 0.9) {
        onCrease += img.data[i];
        nCrease++;
      } else if (m.creases[i] === 0) {
        onPad += img.data[i];
        nPad++;
      }
    }
    // Ridge pixels under a crease are not inked: far lighter than ridge pixels elsewhere.
    expect(onCrease / nCrease).toBeGreaterThan(onPad / nPad + 40);
  });

  it('rejects impossible parameters with a BiometricError', () => {
    const code = (fn: () => unknown): string | undefined => {
      try {
        fn();
      } catch (e) {
        return e instanceof BiometricError ? e.code : 'other';
      }
      return undefined;
    };
    expect(code(() => generateMasterPrint(1, { width: 10 }))).toBe('SYNTH_OPTIONS_INVALID');
    expect(code(() => generateMasterPrint(1, { height: 300.5 }))).toBe('SYNTH_OPTIONS_INVALID');
    expect(code(() => generateMasterPrint(Number.NaN))).toBe('SYNTH_OPTIONS_INVALID');
    expect(code(() => generateMasterPrint(1, { fingerClass: 'loop' as FingerClass }))).toBe('SYNTH_OPTIONS_INVALID');
    expect(code(() => generateFinger(1, -1))).toBe('SYNTH_OPTIONS_INVALID');
    expect(code(() => generateImpression(master(11, 'left_loop'), 1, { rotationDeg: Number.NaN }))).toBe('SYNTH_OPTIONS_INVALID');
    expect(generateFinger(1, 0)).toEqual([]);
  });
});
