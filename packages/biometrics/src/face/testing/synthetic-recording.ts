/**
 * Synthetic camera observations of a person performing a liveness challenge, for tests of the
 * challenge evaluator and of the services that use it. A real recording of a head turning,
 * blinking and smiling cannot be made from the still photos a test can ship, and a still photo
 * warped to look turned is exactly the planar motion the evaluator refuses: so the observations
 * are made directly. The head is a toy: a grid of landmarks over a face-sized surface with a nose
 * bump and rounded cheeks (depth in px), or the same grid flat (a printed photo), projected at
 * each frame's yaw.
 */
import type { Point } from '../align.ts';
import type { ChallengeStep } from '../challenge.ts';
import type { FrameObservation } from '../engine.ts';
import { shippedPadModel } from '../pad/passive.ts';

const GRID: [number, number][] = [];
for (let gy = -3; gy <= 3; gy++) for (let gx = -3; gx <= 3; gx++) GRID.push([gx / 3, gy / 3]);

/** The toy head's landmarks as seen at `yawDeg`; `flat` is a printed photo of it. */
export function headView(yawDeg: number, flat = false): Point[] {
  const a = (yawDeg * Math.PI) / 180;
  return GRID.map(([x, y]) => {
    const z = flat ? 0 : 60 * Math.exp(-(x * x + y * y) / 0.08) - 40 * (x * x + 0.5 * y * y);
    const X = 80 * x, Y = 100 * y;
    return [320 + X * Math.cos(a) + z * Math.sin(a), 240 + Y] as Point;
  });
}

/** A passive PAD score comfortably on the live side of the shipped threshold. */
export const LIVE_PAD_SCORE = shippedPadModel().threshold + 3;

/** One neutral frontal frame of a live head (`embedding` is who it is), with `over` changed. */
export function syntheticFrame(embedding: Float32Array, over: Partial<FrameObservation> = {}): FrameObservation {
  const base = { found: true, faces: 1, yaw: 0, pitch: 0, roll: 0, eyeAspectRatio: 0.3, mouthWidthRatio: 1.0, embedding, ...over };
  return { presentation: LIVE_PAD_SCORE, shape: headView(base.yaw), interEye: 64, ...base };
}

/** The frames of one step: a turn reaches 24–25°, a blink closes the eyes, a smile widens the mouth. */
export function syntheticStep(embedding: Float32Array, step: ChallengeStep): FrameObservation[] {
  const frame = (over: Partial<FrameObservation> = {}) => syntheticFrame(embedding, over);
  switch (step) {
    case 'turn-left': return [frame({ yaw: -10, embedding: null }), frame({ yaw: -25, embedding: null }), frame()];
    case 'turn-right': return [frame({ yaw: 10, embedding: null }), frame({ yaw: 24, embedding: null }), frame()];
    case 'blink': return [frame({ eyeAspectRatio: 0.08 }), frame({ eyeAspectRatio: 0.29 })];
    case 'smile': return [frame({ mouthWidthRatio: 1.2 }), frame()];
  }
}

/** A whole recording: two neutral frames, then each step followed by a neutral frame. */
export function syntheticRecording(embedding: Float32Array, steps: readonly ChallengeStep[]): FrameObservation[] {
  return [syntheticFrame(embedding), syntheticFrame(embedding), ...steps.flatMap((s) => [...syntheticStep(embedding, s), syntheticFrame(embedding)])];
}
