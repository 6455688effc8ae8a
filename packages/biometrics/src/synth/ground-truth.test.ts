import { describe, expect, it } from 'vitest';
import { generateImpression, generateMasterPrint, impressionMinutiae, masterMinutiae } from './index.ts';
import { drawImpressionGeometry, toImpression } from './geometry.ts';
import { createRng } from './random.ts';

const master = generateMasterPrint(77, { fingerClass: 'right_loop' });

function angleGap(a: number, b: number): number {
  const d = Math.abs(a - b) % (2 * Math.PI);
  return Math.min(d, 2 * Math.PI - d);
}

describe('ground-truth minutiae', () => {
  it('finds a realistic number of minutiae inside the fingertip', () => {
    const found = masterMinutiae(master);
    // A 300×400 master carries roughly 40–90 minutiae (real plain prints: 40–60 in the imaged part).
    expect(found.length).toBeGreaterThan(35);
    expect(found.length).toBeLessThan(110);
    const endings = found.filter((m) => m.type === 'ending').length;
    expect(endings / found.length).toBeGreaterThan(0.2);
    expect(endings / found.length).toBeLessThan(0.8);
    for (const m of found) {
      expect(master.mask[m.y * master.width + m.x]).toBe(1);
      expect(m.direction).toBeGreaterThanOrEqual(0);
      expect(m.direction).toBeLessThan(2 * Math.PI);
    }
  });

  it('points a ridge ending into its ridge (types.ts convention)', () => {
    // Two pixels ahead of an ending lies ridge (positive map); two pixels behind, valley.
    let agree = 0;
    const endings = masterMinutiae(master).filter((m) => m.type === 'ending');
    for (const m of endings) {
      const at = (s: number): number =>
        master.ridges[Math.round(m.y - s * Math.sin(m.direction)) * master.width + Math.round(m.x + s * Math.cos(m.direction))];
      if (at(3) > 0 && at(-3) < 0) agree++;
    }
    expect(agree / endings.length).toBeGreaterThan(0.85);
  });

  it('keeps master coordinates for an impression placed without motion', () => {
    const still = { rotationDeg: 0, dx: 0, dy: 0, distortion: 0 };
    const mapped = impressionMinutiae(master, 5, still);
    const all = masterMinutiae(master);
    expect(mapped.length).toBeGreaterThan(0.5 * all.length);
    for (const m of mapped) {
      const same = all.find((o) => Math.abs(o.x - m.x) < 1e-6 && Math.abs(o.y - m.y) < 1e-6);
      expect(same).toBeDefined();
      expect(angleGap(same!.direction, m.direction)).toBeLessThan(1e-6);
    }
  });

  it('rotates positions and directions with the placement', () => {
    const turned = impressionMinutiae(master, 6, { rotationDeg: 15, dx: 10, dy: -5, distortion: 0 });
    const all = masterMinutiae(master);
    const t = (15 * Math.PI) / 180;
    const cx = master.width / 2;
    const cy = master.height / 2;
    expect(turned.length).toBeGreaterThan(10);
    for (const m of turned) {
      // Undo: translate, then rotate clockwise on screen about the centre.
      const u = m.x - cx - 10;
      const v = m.y - cy + 5;
      const ox = cx + u * Math.cos(t) - v * Math.sin(t);
      const oy = cy + u * Math.sin(t) + v * Math.cos(t);
      const src = all.find((o) => Math.hypot(o.x - ox, o.y - oy) < 1e-3);
      expect(src).toBeDefined();
      expect(angleGap(src!.direction + t, m.direction)).toBeLessThan(1e-3);
    }
  });

  it('inverts the plastic distortion to well under a pixel', () => {
    const geo = drawImpressionGeometry(master, createRng(3), { rotationDeg: -12, dx: 8, dy: 14, distortion: 1, pressure: 0.5 });
    const back = { x: 0, y: 0 };
    for (const [mx, my] of [
      [150, 200],
      [60, 90],
      [260, 330],
      [40, 300],
    ]) {
      const at = toImpression(geo, mx, my, master.width / 2, master.height / 2);
      geo.toMaster(at.x, at.y, back);
      expect(Math.hypot(back.x - mx, back.y - my)).toBeLessThan(0.01);
    }
  });

  it('puts ground-truth ridge endings on the dark ridge ends of the rendered image', () => {
    // In the impression, a point 3 px along an ending's direction is on the ridge (dark) far
    // more often than the point 3 px behind it (the valley in front of the ending).
    const seed = 9;
    const options = { pressure: 0.5, noise: 0.1 };
    const img = generateImpression(master, seed, options);
    const endings = impressionMinutiae(master, seed, options).filter((m) => m.type === 'ending');
    let darkerAhead = 0;
    for (const m of endings) {
      const px = (s: number): number =>
        img.data[Math.round(m.y - s * Math.sin(m.direction)) * img.width + Math.round(m.x + s * Math.cos(m.direction))];
      if (px(3) < px(-3)) darkerAhead++;
    }
    expect(endings.length).toBeGreaterThan(10);
    expect(darkerAhead / endings.length).toBeGreaterThan(0.8);
  });
});
