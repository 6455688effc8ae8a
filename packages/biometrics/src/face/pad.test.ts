import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { BiometricError } from '../errors.ts';
import { ChallengeParameters } from './challenge.ts';
import { FaceEngine } from './engine.ts';
import { homographyResidual } from './pad/planar.ts';
import { shippedPadModel } from './pad/passive.ts';
import * as F from './test-fixtures.ts';

let engine: FaceEngine;
beforeAll(async () => {
  engine = await FaceEngine.create();
});

async function codeOf(p: Promise<unknown>): Promise<string | null> {
  try {
    await p;
    return null;
  } catch (err) {
    if (err instanceof BiometricError) return err.code;
    throw err;
  }
}

describe('passive presentation-attack detection on photos shipped in npm packages', () => {
  it('scores a photograph printed and photographed again lower than the original', async () => {
    for (const person of ['A', 'B', 'C', 'D'] as const) {
      const original = await engine.presentation(await F.portrait(person));
      const print = await engine.presentation(await F.reprinted(person));
      expect(print.score, `${person}: print ${print.score} vs original ${original.score}`).toBeLessThan(original.score);
    }
  });

  it('decides at the threshold documented in PAD.md, the one the shipped model carries', async () => {
    const model = shippedPadModel();
    const doc = readFileSync(new URL('./PAD.md', import.meta.url), 'utf8');
    const documented = /decision threshold\s+\*\*(-?[0-9.]+)\*\*/.exec(doc);
    expect(documented, 'PAD.md names the decision threshold').not.toBeNull();
    expect(Number(documented![1])).toBe(model.threshold);
    expect(model.operatingPoint.bpcerTarget).toBe(0.05);

    const rec = await engine.probe(await F.portrait('A'));
    expect(rec.liveness.threshold).toBe(model.threshold);
    expect(rec.liveness.model).toBe(model.id);
    expect(rec.liveness.passed).toBe(rec.liveness.score! >= model.threshold);
    const print = await engine.probe(await F.reprinted('A'));
    expect(print.liveness.passed).toBe(print.liveness.score! >= model.threshold);
    const p = await engine.presentation(await F.portrait('A'));
    expect(p.live).toBe(p.score >= p.threshold);
    expect(p.features).toHaveLength(model.dims);
  });

  it('refuses an image with no face with FACE_NOT_FOUND', async () => {
    for (const img of await F.noFaceImages()) expect(await codeOf(engine.presentation(img))).toBe('FACE_NOT_FOUND');
  });

  it('sees a print turned in front of the camera move as a plane (homography residual under the limit)', async () => {
    const frontal = await engine.observe(await F.portrait('A'), false);
    for (const degrees of [20, 35]) {
      const turned = await engine.observe(await F.tiltedPrint('A', degrees), false);
      expect(turned.found).toBe(true);
      const residual = homographyResidual(frontal.shape!, turned.shape!, turned.interEye!);
      expect(residual, `${degrees}°: residual ${residual}`).toBeLessThan(ChallengeParameters.planarMaxResidual);
    }
    expect(typeof frontal.presentation).toBe('number');
  });
});
