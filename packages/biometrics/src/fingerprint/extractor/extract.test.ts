import { describe, expect, it } from 'vitest';
import { BiometricError } from '../../errors.ts';
import type { GrayImage } from '../../primitives/gray-image.ts';
import { TRANSPARENCY_KEYS } from '../transparency.ts';
import type { Minutia } from '../types.ts';
import { extractTemplate } from './extract.ts';
import { type PlantedMinutia, ridgePattern } from './testing/ridge-pattern.ts';

const POSITION_TOLERANCE = 6;
const DIRECTION_TOLERANCE = Math.PI / 6;

function angleBetween(a: number, b: number): number {
  const d = Math.abs(a - b) % (2 * Math.PI);
  return d > Math.PI ? 2 * Math.PI - d : d;
}

/** The template convention: counterclockwise on screen, so an image angle α becomes −α. */
function templateAngle(imageAngle: number): number {
  return (((-imageAngle) % (2 * Math.PI)) + 2 * Math.PI) % (2 * Math.PI);
}

function expectPlantedFound(found: Minutia[], planted: PlantedMinutia[]): void {
  for (const p of planted) {
    const near = found.filter((m) => Math.hypot(m.x - p.x, m.y - p.y) <= POSITION_TOLERANCE);
    expect(near, `minutia near (${p.x}, ${p.y})`).toHaveLength(1);
    expect(near[0].type).toBe(p.bifurcation ? 'bifurcation' : 'ending');
    expect(angleBetween(near[0].direction, templateAngle(p.imageAngle))).toBeLessThan(DIRECTION_TOLERANCE);
    expect(near[0].quality).toBeGreaterThan(0);
    expect(near[0].quality).toBeLessThanOrEqual(100);
  }
}

describe('extractTemplate', () => {
  it('finds planted endings and bifurcations with position, type and direction', () => {
    const planted: PlantedMinutia[] = [
      { x: 110, y: 120, imageAngle: 0, bifurcation: false },
      { x: 210, y: 240, imageAngle: Math.PI, bifurcation: false },
      { x: 210, y: 120, imageAngle: Math.PI, bifurcation: true },
      { x: 110, y: 240, imageAngle: 0, bifurcation: true },
    ];
    const template = extractTemplate(ridgePattern({ minutiae: planted }));
    expect([template.width, template.height]).toEqual([320, 360]);
    expectPlantedFound(template.minutiae, planted);
    // Nothing else: a clean pattern must not sprout false minutiae.
    expect(template.minutiae).toHaveLength(planted.length);
  });

  it('follows the direction convention for oblique ridges', () => {
    const orientation = 0.6; // image coordinates, y down
    const planted: PlantedMinutia[] = [
      { x: 110, y: 120, imageAngle: orientation, bifurcation: false },
      { x: 210, y: 240, imageAngle: orientation + Math.PI, bifurcation: true },
    ];
    const template = extractTemplate(ridgePattern({ minutiae: planted, orientation, period: 10 }));
    expectPlantedFound(template.minutiae, planted);
  });

  it('still finds planted minutiae in a noisy capture', () => {
    const planted: PlantedMinutia[] = [
      { x: 110, y: 130, imageAngle: 0, bifurcation: false },
      { x: 210, y: 230, imageAngle: Math.PI, bifurcation: true },
    ];
    const template = extractTemplate(ridgePattern({ minutiae: planted, noise: 40, contrast: 60, seed: 7 }));
    expectPlantedFound(template.minutiae, planted);
    expect(template.minutiae.length).toBeLessThanOrEqual(planted.length + 2);
  });

  it('is deterministic', () => {
    const image = ridgePattern({ minutiae: [{ x: 150, y: 150, imageAngle: 0, bifurcation: false }], noise: 30, seed: 3 });
    expect(extractTemplate(image)).toEqual(extractTemplate(image));
  });

  it('reports every intermediate to the transparency sink under its stable key', () => {
    const seen = new Map<string, unknown>();
    const template = extractTemplate(ridgePattern(), { transparency: (key, data) => seen.set(key, data) });
    expect([...seen.keys()]).toEqual([...TRANSPARENCY_KEYS]);
    expect(seen.get('minutiae')).toEqual(template.minutiae);
    const skeleton = seen.get('skeleton') as GrayImage;
    expect(skeleton.data.some((v) => v === 1)).toBe(true);
  });

  it('rejects a raster whose data does not match its size', () => {
    expect(() => extractTemplate({ width: 300, height: 300, data: new Uint8Array(10) })).toThrow(BiometricError);
  });

  it.each([
    ['all white', 255],
    ['uniform gray', 128],
  ])('rejects an image with no fingerprint (%s)', (_name, level) => {
    const blank: GrayImage = { width: 300, height: 300, data: new Uint8Array(300 * 300).fill(level) };
    try {
      extractTemplate(blank);
      expect.unreachable('a blank image must be rejected');
    } catch (error) {
      expect(error).toBeInstanceOf(BiometricError);
      expect((error as BiometricError).code).toBe('IMAGE_NO_FINGERPRINT');
    }
  });
});
