import { describe, expect, it } from 'vitest';
import { extractTemplate } from '../extractor/extract.ts';
import { boxBlur } from '../extractor/testing/degrade.ts';
import { ridgePattern } from '../extractor/testing/ridge-pattern.ts';
import { assessFingerprintQuality, FINGERPRINT_QUALITY_THRESHOLD } from './assess.ts';

const planted = [
  { x: 100, y: 110, imageAngle: 0, bifurcation: false },
  { x: 220, y: 110, imageAngle: Math.PI, bifurcation: true },
  { x: 100, y: 250, imageAngle: 0, bifurcation: true },
  { x: 220, y: 250, imageAngle: Math.PI, bifurcation: false },
  { x: 160, y: 180, imageAngle: 0, bifurcation: false },
];


describe('assessFingerprintQuality', () => {
  const clean = assessFingerprintQuality(ridgePattern({ minutiae: planted }));

  it('scores a clean print in range with its measurements', () => {
    expect(clean.score).toBeGreaterThan(0);
    expect(clean.score).toBeLessThanOrEqual(100);
    expect(clean.minutiaCount).toBe(planted.length);
    expect(clean.foregroundRatio).toBeGreaterThan(0.4);
    expect(clean.foregroundRatio).toBeLessThan(0.9);
  });

  it('ranks a clean print above noisy, blurred and faint versions of it', () => {
    const noisy = assessFingerprintQuality(ridgePattern({ minutiae: planted, noise: 90, seed: 5 }));
    const blurred = assessFingerprintQuality(boxBlur(ridgePattern({ minutiae: planted }), 4));
    const faint = assessFingerprintQuality(ridgePattern({ minutiae: planted, contrast: 14 }));
    for (const worse of [noisy, blurred, faint]) expect(worse.score).toBeLessThan(clean.score);
    expect(faint.contrast).toBeLessThan(clean.contrast);
    expect(noisy.clarity).toBeLessThan(clean.clarity);
    expect(noisy.score).toBeLessThan(FINGERPRINT_QUALITY_THRESHOLD);
    expect(faint.problems.map((p) => p.code)).toContain('LOW_CONTRAST');
  });

  it('uses a given template instead of extracting again', () => {
    const image = ridgePattern({ minutiae: planted });
    const template = extractTemplate(image);
    expect(assessFingerprintQuality(image, { ...template, minutiae: [] }).minutiaCount).toBe(0);
  });

  it('gives a blank image score 0 and a problem in Spanish', () => {
    const blank = assessFingerprintQuality({ width: 200, height: 200, data: new Uint8Array(200 * 200).fill(255) });
    expect(blank.score).toBe(0);
    expect(blank.score).toBeLessThan(FINGERPRINT_QUALITY_THRESHOLD);
    expect(blank.problems[0].code).toBe('NO_FINGERPRINT');
    expect(blank.problems[0].message).toMatch(/huella/);
  });
});
