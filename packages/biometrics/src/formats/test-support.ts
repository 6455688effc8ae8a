import fc from 'fast-check';
import { expect } from 'vitest';
import { BiometricError } from '../errors.ts';
import type { FingerprintTemplate, Minutia } from '../fingerprint/types.ts';

/** Arbitrary templates within what every codec can carry (14-bit coordinates, ≤ 255 minutiae). */
export function arbitraryTemplate(maxMinutiae = 80): fc.Arbitrary<FingerprintTemplate> {
  return fc
    .record({ width: fc.integer({ min: 1, max: 4000 }), height: fc.integer({ min: 1, max: 4000 }) })
    .chain(({ width, height }) =>
      fc.record({
        width: fc.constant(width),
        height: fc.constant(height),
        minutiae: fc.array(
          fc.record<Minutia>({
            x: fc.integer({ min: 0, max: width - 1 }),
            y: fc.integer({ min: 0, max: height - 1 }),
            direction: fc.double({ min: 0, max: 2 * Math.PI, maxExcluded: true, noNaN: true }),
            type: fc.constantFrom('ending' as const, 'bifurcation' as const),
            quality: fc.integer({ min: 0, max: 100 }),
          }),
          { maxLength: maxMinutiae },
        ),
      }),
    );
}

/** Smallest absolute difference between two angles, radians. */
export function angleDistance(a: number, b: number): number {
  const d = Math.abs(a - b) % (2 * Math.PI);
  return Math.min(d, 2 * Math.PI - d);
}

/** Asserts that `fn` throws a BiometricError whose code is one of `codes`. */
export function expectBiometricError(fn: () => unknown, codes: readonly string[]): void {
  let thrown: unknown;
  try {
    fn();
  } catch (e) {
    thrown = e;
  }
  expect(thrown, 'expected a BiometricError').toBeInstanceOf(BiometricError);
  expect(codes).toContain((thrown as BiometricError).code);
}

/** Hex string with optional spaces → bytes. */
export function hex(text: string): Uint8Array {
  const clean = text.replace(/\s+/g, '');
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** The two-minutia template the byte fixtures of every codec are built from. */
export const FIXTURE_TEMPLATE: FingerprintTemplate = {
  width: 300,
  height: 400,
  minutiae: [
    { x: 100, y: 200, direction: 0, type: 'ending', quality: 80 },
    { x: 10, y: 20, direction: Math.PI / 2, type: 'bifurcation', quality: 50 },
  ],
};
