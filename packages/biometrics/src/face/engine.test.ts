import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { BiometricError } from '../errors.ts';
import { Calibration } from './calibration.ts';
import { FaceEngine, type FaceRecord } from './engine.ts';
import { verifyFace } from './match.ts';
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

describe('face engine on photos shipped in npm packages', () => {
  it('enrolls a single frontal face: one box, five landmarks, a unit embedding, quality and liveness', async () => {
    const rec = await engine.enroll(await F.portrait('A'));
    expect(rec.box.width).toBeGreaterThan(100);
    expect(rec.landmarks).toHaveLength(5);
    const [le, re, nose, ml, mr] = rec.landmarks;
    expect(le[0]).toBeLessThan(re[0]);
    expect(ml[0]).toBeLessThan(mr[0]);
    expect(nose[1]).toBeGreaterThan(le[1]);
    expect(ml[1]).toBeGreaterThan(nose[1]);
    expect(rec.embedding).toBeInstanceOf(Float32Array);
    expect(Math.hypot(...rec.embedding)).toBeCloseTo(1, 4);
    expect(rec.quality.passed).toBe(true);
    expect(rec.quality.failures).toEqual([]);
    expect(rec.liveness.antispoof).toBeGreaterThanOrEqual(0);
    expect(rec.liveness.antispoof).toBeLessThanOrEqual(1);
    expect(rec.liveness.liveness).toBeGreaterThanOrEqual(0);
  });

  describe('1:1 with the calibrated threshold', () => {
    const records: Record<string, FaceRecord> = {};
    beforeAll(async () => {
      for (const p of ['A', 'B', 'C', 'D'] as const) {
        records[p] = await engine.probe(await F.portrait(p));
        records[`${p}'`] = await engine.probe(await F.recapture(p));
      }
    });

    it('scores the same image (re-framed, rotated, shrunk, darker, recompressed) above the threshold', () => {
      for (const p of ['A', 'B', 'C', 'D']) {
        const v = verifyFace(records[p], records[`${p}'`]);
        expect(v.threshold).toBe(Calibration[engine.model].threshold);
        expect(v.decision, `${p} vs ${p}' scored ${v.score}`).toBe('match');
      }
    });

    it('scores different people below the threshold', () => {
      const people = ['A', 'B', 'C', 'D'];
      for (let i = 0; i < people.length; i++) {
        for (let j = i + 1; j < people.length; j++) {
          for (const [a, b] of [[people[i], people[j]], [`${people[i]}'`, people[j]]]) {
            const v = verifyFace(records[a], records[b]);
            expect(v.decision, `${a} vs ${b} scored ${v.score}`).toBe('no-match');
          }
        }
      }
    });

    it('refuses to compare templates of different models', () => {
      const other = { model: 'another-model', embedding: records.A.embedding };
      expect(() => verifyFace(records.A, other)).toThrow(BiometricError);
    });
  });

  describe('quality checks on degraded copies', () => {
    it('flags a blurred copy FACE_BLURRY', async () => {
      const rec = await engine.probe(await F.blurred('A'));
      expect(rec.quality.failures).toContain('FACE_BLURRY');
      const err = await engine.enroll(await F.blurred('A')).catch((e: BiometricError) => e);
      expect(err).toBeInstanceOf(BiometricError);
      expect((err as BiometricError).code).toBe('FACE_QUALITY_LOW');
      expect((err as BiometricError).details?.failures).toContain('FACE_BLURRY');
    });

    it('flags a darkened copy FACE_TOO_DARK', async () => {
      const rec = await engine.probe(await F.darkened('A'));
      expect(rec.quality.failures).toContain('FACE_TOO_DARK');
      expect(rec.quality.measures.meanGrey).toBeLessThan(50);
    });

    it('flags a face cut by the frame FACE_CROPPED', async () => {
      const rec = await engine.probe(await F.cutByFrame('A'));
      expect(rec.quality.failures).toContain('FACE_CROPPED');
    });

    it('flags a turned head FACE_POSE_YAW, and a shrunken face FACE_TOO_SMALL', async () => {
      const turned = await engine.probe(await F.portrait('B'));
      expect(turned.quality.failures).toContain('FACE_POSE_YAW');
      const small = await sharp(await F.portrait('A')).resize(120).jpeg().toBuffer();
      expect((await engine.probe(small)).quality.failures).toContain('FACE_TOO_SMALL');
    });

    it('gives each failed check an es-MX message', async () => {
      const rec = await engine.probe(await F.blurred('A'));
      const failed = rec.quality.checks.filter((c) => !c.passed);
      expect(failed.length).toBeGreaterThan(0);
      for (const c of failed) expect(c.message).toMatch(/[a-záéíóúñ]/i);
    });
  });

  it('reports yaw with the sign the challenge expects: face pointing to the image left is positive', async () => {
    const rec = await engine.probe(await F.portrait('B'));
    const mirrored = await engine.probe(await F.mirrored(await F.portrait('B')));
    const noseOffset = (r: FaceRecord) => r.landmarks[2][0] - (r.landmarks[0][0] + r.landmarks[1][0]) / 2;
    expect(rec.pose.yaw).toBeGreaterThan(10);
    expect(noseOffset(rec)).toBeLessThan(0);
    expect(mirrored.pose.yaw).toBeLessThan(-10);
    expect(noseOffset(mirrored)).toBeGreaterThan(0);
  });

  describe('enrollment rejections with codes', () => {
    it('FACE_NOT_FOUND on images without a face', async () => {
      for (const img of await F.noFaceImages()) expect(await codeOf(engine.enroll(img))).toBe('FACE_NOT_FOUND');
    });

    it('FACE_MULTIPLE on two faces side by side and on a group photo', async () => {
      expect(await codeOf(engine.enroll(await F.sideBySide('A', 'C')))).toBe('FACE_MULTIPLE');
      expect(await codeOf(engine.enroll(await F.groupPhoto()))).toBe('FACE_MULTIPLE');
    });

    it('FACE_IMAGE_CORRUPT on truncated, random and unsupported files; EMPTY and TOO_LARGE', async () => {
      const jpeg = await F.portrait('A');
      expect(await codeOf(engine.enroll(jpeg.subarray(0, Math.floor(jpeg.length / 3))))).toBe('FACE_IMAGE_CORRUPT');
      expect(await codeOf(engine.enroll(new Uint8Array(4096).map((_, i) => (i * 7919) % 251)))).toBe('FACE_IMAGE_CORRUPT');
      const gif = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#777' } }).gif().toBuffer();
      expect(await codeOf(engine.enroll(gif))).toBe('FACE_IMAGE_CORRUPT');
      expect(await codeOf(engine.enroll(new Uint8Array(0)))).toBe('FACE_IMAGE_EMPTY');
      expect(await codeOf(engine.enroll(new Uint8Array(16 * 1024 * 1024)))).toBe('FACE_IMAGE_TOO_LARGE');
      const huge = await sharp({ create: { width: 8000, height: 6000, channels: 3, background: '#777' } }).png({ compressionLevel: 1 }).toBuffer();
      expect(await codeOf(engine.enroll(huge))).toBe('FACE_IMAGE_TOO_LARGE');
    });
  });
});
