import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { ChallengeParameters, evaluateChallenge, issueChallenge, type ChallengeStep } from '../challenge.ts';
import { FaceDetector } from '../detect.ts';
import { FaceEngine, type FaceRecord, type FrameObservation } from '../engine.ts';
import { homographyResidual } from '../pad/planar.ts';
import { shippedPadModel } from '../pad/passive.ts';
import { HeadVideoParameters, headModel, NEUTRAL, renderHead, renderHeadVideo, frameJpeg, type HeadModel } from './head-video.ts';

/**
 * The rendered head video of the browser test, checked as the server checks it: every distinct
 * frame goes through the page's re-encoding (canvas → JPEG 0.9) and the engine's `observe`, and
 * the challenge evaluator runs on the 40 frames the page would take from each start of the loop.
 */
let engine: FaceEngine;
let model: HeadModel;
let enrolled: FaceRecord;
let timeline: Awaited<ReturnType<typeof renderHeadVideo>>['timeline'];
let observed: FrameObservation[];

/** What the server gets from one frame: the page's canvas re-encodes what the camera shows. */
async function observe(jpeg: Buffer): Promise<FrameObservation> {
  return engine.observe(await sharp(jpeg).jpeg({ quality: 90 }).toBuffer(), true);
}

beforeAll(async () => {
  engine = await FaceEngine.create();
  model = await headModel(await FaceDetector.create({ passiveLiveness: false }));
  const video = await renderHeadVideo(model);
  timeline = video.timeline;
  enrolled = await engine.enroll(await frameJpeg(renderHead(model, NEUTRAL)));
  const byFrame = new Map<Buffer, FrameObservation>();
  for (const frame of new Set(video.frames)) byFrame.set(frame, await observe(frame));
  observed = video.frames.map((f) => byFrame.get(f)!);
}, 240_000);

const STEPS: ChallengeStep[] = ['turn-left', 'turn-right', 'blink', 'smile'];
const ORDERS: ChallengeStep[][] = STEPS.flatMap((a) => STEPS.flatMap((b) => STEPS.filter((c) => c !== a && c !== b && a !== b).map((c) => [a, b, c])));

/** The page's recording (FaceSignature.tsx): 40 snapshots, one every `periodMs`, from `start`. */
function recording(start: number, periodMs: number): FrameObservation[] {
  return Array.from({ length: 40 }, (_, k) => observed[Math.floor(start + ((k + 1) * periodMs * HeadVideoParameters.fps) / 1000) % observed.length]);
}

describe('rendered head video (camera injection of one photo, for the browser test)', () => {
  it('its neutral frame enrolls (every quality check passes)', () => {
    expect(enrolled.quality.failures).toEqual([]);
  });

  it('passes an issued challenge, and every order of three steps, from any start of the loop at the page’s sampling rates', () => {
    const issued = issueChallenge('head-video-test').steps;
    expect(ORDERS).toHaveLength(24);
    expect(ORDERS).toContainEqual(issued);
    const failures: string[] = [];
    for (const periodMs of [200, 230, 260]) {
      for (let start = 0; start < timeline.length; start++) {
        for (const steps of ORDERS) {
          const r = evaluateChallenge({ steps }, recording(start, periodMs), enrolled);
          if (r.decision !== 'pass') failures.push(`${periodMs} ms from frame ${start}, ${steps.join('→')}: ${r.reasons.join(', ')}`);
          else {
            expect(r.presentation.decision).toBe('live');
            expect(r.presentation.geometry?.planar).toBe(false);
          }
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('every frame alone is scored live by the passive PAD (the page’s first snapshot, the probe, can be any)', () => {
    const threshold = shippedPadModel().threshold;
    const scores = observed.map((o) => o.presentation ?? Number.NEGATIVE_INFINITY);
    expect(Math.min(...scores)).toBeGreaterThanOrEqual(threshold);
  });

  it('each action is measured past what the challenge asks: turns beyond 18°, eyes below 0.6 of open, mouth 12 % wider', () => {
    const P = ChallengeParameters;
    const neutral = observed[timeline.findIndex((p) => p === NEUTRAL)];
    const at = (pred: (i: number) => boolean) => observed.filter((_, i) => pred(i));
    const yaws = observed.map((o) => o.yaw);
    expect(Math.min(...yaws)).toBeLessThanOrEqual(-P.turnYawDeg);
    expect(Math.max(...yaws)).toBeGreaterThanOrEqual(P.turnYawDeg);
    expect(Math.abs(neutral.yaw)).toBeLessThanOrEqual(P.frontalYawDeg);
    const closed = at((i) => timeline[i].blink === 1);
    expect(Math.max(...closed.map((o) => o.eyeAspectRatio))).toBeLessThan(P.closedRatio * neutral.eyeAspectRatio);
    const smiling = at((i) => timeline[i].smile === 1);
    expect(Math.min(...smiling.map((o) => o.mouthWidthRatio))).toBeGreaterThanOrEqual((1 + P.smileGain) * neutral.mouthWidthRatio);
  });

  it('its turns are of a head (parallax), and the same turns without depth (the photo turned flat) fit one homography: planar', async () => {
    const frontal = observed[timeline.findIndex((p) => p === NEUTRAL)];
    for (const yawDeg of [-HeadVideoParameters.turnLeftDeg, HeadVideoParameters.turnRightDeg]) {
      const head = await observe(await frameJpeg(renderHead(model, { ...NEUTRAL, yawDeg })));
      const flat = await observe(await frameJpeg(renderHead(model, { ...NEUTRAL, yawDeg }, { flat: true })));
      expect(homographyResidual(frontal.shape!, head.shape!, head.interEye!)).toBeGreaterThan(ChallengeParameters.planarMaxResidual);
      expect(homographyResidual(frontal.shape!, flat.shape!, flat.interEye!)).toBeLessThan(ChallengeParameters.planarMaxResidual);
      // And the engine does not read a flat picture's turn as a head's turn.
      expect(Math.abs(flat.yaw - frontal.yaw)).toBeLessThan(ChallengeParameters.turnYawDeg);
    }
  }, 60_000);
});
