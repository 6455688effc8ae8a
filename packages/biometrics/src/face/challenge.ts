import { createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { faceError } from './codes.ts';
import type { FrameObservation } from './engine.ts';
import { Calibration } from './calibration.ts';
import { cosine, type FaceTemplate } from './match.ts';
import { homographyResidual } from './pad/planar.ts';
import { shippedPadModel } from './pad/passive.ts';

/**
 * Active liveness: the server issues a short random sequence of actions with a nonce and an
 * expiry; the browser records the person doing them and sends the frames; every step is found
 * in order in the frames, and the identity is checked on the frontal ones. See PAD.md for what
 * this does and does not stop.
 */
export type ChallengeStep = 'turn-left' | 'turn-right' | 'blink' | 'smile';

export const ChallengeParameters = {
  /** Steps per challenge: 3 of 4 kinds in random order gives 24 sequences (4!/1!), so a replayed
   *  recording of another challenge matches with probability ≤ 1/24 before identity checks. */
  steps: 3,
  ttlMs: 60_000,
  minFrames: 6,
  maxFrames: 150,
  /** |yaw| at most this counts as facing the camera (start of a turn, identity frames). */
  frontalYawDeg: 12,
  /** A turn counts when |yaw| reaches this toward the asked side. */
  turnYawDeg: 18,
  /** Blink: eye aspect ratio drops below this share of the open-eye baseline, then recovers
   *  above `reopenRatio` of it. EAR of open eyes ~0.25–0.35 and of closed ~0.05–0.12
   *  (Soukupová & Čech 2016), so 0.6 × baseline separates them with margin. */
  closedRatio: 0.6,
  reopenRatio: 0.85,
  /** Smile: mouth-corner distance / inter-eye distance grows by this share over baseline. */
  smileGain: 0.12,
  /**
   * Planar motion: a turn whose frontal and turned landmarks (pad/shape.ts) fit one homography
   * with an RMS residual below this share of the inter-ocular distance is the motion of a flat
   * picture, not of a head. Measured (PAD.md): 94 % of pairs of frames of one printed photo
   * moved in front of the camera (nuaa_dev) fit below 0.03; the 3-D meshes of 726 frontal live
   * faces turned by 18° leave ≥ 0.037 (1st percentile).
   */
  planarMaxResidual: 0.03,
} as const;

export interface Challenge {
  nonce: string;
  steps: ChallengeStep[];
  issuedAt: number;
  expiresAt: number;
  /** HMAC-SHA256 over nonce, steps and expiry: lets a stateless server check the challenge it
   *  gets back is one it issued. The nonce must still be recorded as used (single use). */
  signature: string;
}

const ALL_STEPS: ChallengeStep[] = ['turn-left', 'turn-right', 'blink', 'smile'];

function sign(secret: string | Uint8Array, nonce: string, steps: readonly ChallengeStep[], expiresAt: number): string {
  return createHmac('sha256', secret).update(`${nonce}|${steps.join(',')}|${expiresAt}`).digest('hex');
}

export function issueChallenge(secret: string | Uint8Array, now = Date.now()): Challenge {
  const pool = [...ALL_STEPS];
  const steps: ChallengeStep[] = [];
  while (steps.length < ChallengeParameters.steps) steps.push(pool.splice(randomInt(pool.length), 1)[0]);
  const nonce = randomBytes(16).toString('hex');
  const expiresAt = now + ChallengeParameters.ttlMs;
  return { nonce, steps, issuedAt: now, expiresAt, signature: sign(secret, nonce, steps, expiresAt) };
}

/** Throws FACE_CHALLENGE_INVALID / FACE_CHALLENGE_EXPIRED; returns when the challenge is genuine. */
export function checkChallenge(challenge: Challenge, secret: string | Uint8Array, now = Date.now()): void {
  const want = Buffer.from(sign(secret, challenge.nonce, challenge.steps, challenge.expiresAt), 'hex');
  const got = Buffer.from(String(challenge.signature), 'hex');
  if (got.length !== want.length || !timingSafeEqual(got, want)) throw faceError('FACE_CHALLENGE_INVALID', { reason: 'signature' });
  if (now > challenge.expiresAt) throw faceError('FACE_CHALLENGE_EXPIRED', { expiresAt: challenge.expiresAt });
}

export interface StepEvidence {
  step: ChallengeStep;
  passed: boolean;
  /** Frame indices where the step started and was completed (−1 when not found). */
  startFrame: number;
  endFrame: number;
  /** The measured values that decided the step (degrees, eye aspect ratios, mouth ratios). */
  measured: Record<string, number>;
}

/**
 * Presentation-attack evidence of a challenge: the passive PAD over its frames, fused with the
 * 3-D evidence of its turns. `decision` is `attack` when either says so, `not-measured` when
 * the frames carry no PAD measures (frames not made by `FaceEngine.observe`).
 */
export interface PresentationEvidence {
  decision: 'live' | 'attack' | 'not-measured';
  /** Mean passive log-odds over the frames with a face, against the shipped threshold. */
  passive: { framesScored: number; meanScore: number; minScore: number; threshold: number; live: boolean } | null;
  /** Largest homography residual over the completed turns (frontal → turned frame), against
   *  ChallengeParameters.planarMaxResidual: a flat picture keeps it near zero. */
  geometry: { turnsMeasured: number; residual: number; maxPlanarResidual: number; planar: boolean } | null;
}

export interface ChallengeResult {
  decision: 'pass' | 'fail';
  reasons: string[];
  steps: StepEvidence[];
  identity: { framesCompared: number; minScore: number; meanScore: number; threshold: number };
  frames: { total: number; withFace: number; withSeveralFaces: number };
  presentation: PresentationEvidence;
}

/** Yaw sign of a turn to the person's own left / right in a non-mirrored camera image: Human's
 *  yaw is positive when the face points to the image's left (checked in challenge.test.ts on a
 *  mirrored photo), i.e. when the person turns to their right. */
const YAW_SIGN: Record<'turn-left' | 'turn-right', number> = { 'turn-left': -1, 'turn-right': 1 };

function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/**
 * Finds each step, in order, after the previous one ended, and checks identity on frontal
 * frames against the enrolled template, at the model's calibrated verification threshold
 * unless `options.threshold` is given. Frames must come from the same embedding model.
 */
export function evaluateChallenge(
  challenge: Pick<Challenge, 'steps'>,
  frames: readonly FrameObservation[],
  enrolled: FaceTemplate,
  options: {
    threshold?: number;
    /** `required` (default): frames without PAD measures fail (`presentation-not-measured`).
     *  `when-measured`: only measured evidence can fail the challenge (synthetic frames). */
    presentation?: 'required' | 'when-measured';
  } = {},
): ChallengeResult {
  const P = ChallengeParameters;
  const threshold = options.threshold ?? Calibration[enrolled.model]?.threshold;
  if (threshold === undefined) throw faceError('FACE_CHALLENGE_INVALID', { reason: 'no calibrated threshold', model: enrolled.model });
  const reasons: string[] = [];
  const withFace = frames.filter((f) => f.found);
  const several = frames.filter((f) => f.faces > 1).length;
  if (frames.length < P.minFrames) reasons.push('too-few-frames');
  if (frames.length > P.maxFrames) reasons.push('too-many-frames');
  if (several > 0) reasons.push('several-faces');
  if (withFace.length < Math.ceil(frames.length * 0.8)) reasons.push('face-lost');

  // Baselines from the frontal frames: open-eye EAR and neutral mouth width.
  const frontal = frames.filter((f) => f.found && Math.abs(f.yaw) <= P.frontalYawDeg);
  const earBase = median(frontal.map((f) => f.eyeAspectRatio));
  const mouthBase = Math.min(...frontal.map((f) => f.mouthWidthRatio).slice(0, Math.max(1, Math.ceil(frontal.length / 2))));

  const steps: StepEvidence[] = [];
  let cursor = 0;
  for (const step of challenge.steps) {
    const ev: StepEvidence = { step, passed: false, startFrame: -1, endFrame: -1, measured: {} };
    if (step === 'turn-left' || step === 'turn-right') {
      const sign = YAW_SIGN[step];
      let start = -1;
      let peak = 0;
      for (let i = cursor; i < frames.length; i++) {
        const f = frames[i];
        if (!f.found) continue;
        if (start < 0 && Math.abs(f.yaw) <= P.frontalYawDeg) start = i;
        if (start >= 0 && sign * f.yaw > peak) peak = sign * f.yaw;
        if (start >= 0 && sign * f.yaw >= P.turnYawDeg) {
          ev.passed = true; ev.startFrame = start; ev.endFrame = i;
          break;
        }
      }
      ev.measured = { yawPeakDeg: Math.round(peak * 10) / 10, requiredDeg: P.turnYawDeg };
    } else if (step === 'blink') {
      let closedAt = -1;
      let minEar = Number.POSITIVE_INFINITY;
      for (let i = cursor; i < frames.length && Number.isFinite(earBase); i++) {
        const f = frames[i];
        if (!f.found || Math.abs(f.yaw) > P.turnYawDeg) continue;
        minEar = Math.min(minEar, f.eyeAspectRatio);
        if (closedAt < 0 && f.eyeAspectRatio < P.closedRatio * earBase) closedAt = i;
        if (closedAt >= 0 && f.eyeAspectRatio > P.reopenRatio * earBase) {
          ev.passed = true; ev.startFrame = closedAt; ev.endFrame = i;
          break;
        }
      }
      ev.measured = { earBaseline: round3(earBase), earMin: round3(minEar), closedBelow: round3(P.closedRatio * earBase) };
    } else {
      let peak = 0;
      for (let i = cursor; i < frames.length && Number.isFinite(mouthBase); i++) {
        const f = frames[i];
        if (!f.found || Math.abs(f.yaw) > P.frontalYawDeg) continue;
        peak = Math.max(peak, f.mouthWidthRatio / mouthBase - 1);
        if (f.mouthWidthRatio >= (1 + P.smileGain) * mouthBase) {
          ev.passed = true; ev.startFrame = cursor; ev.endFrame = i;
          break;
        }
      }
      ev.measured = { mouthBaseline: round3(mouthBase), gainPeak: round3(peak), gainRequired: P.smileGain };
    }
    if (!ev.passed) reasons.push(`step-not-done:${step}`);
    else cursor = ev.endFrame + 1;
    steps.push(ev);
  }

  // Identity on every frontal frame: a swap of person mid-recording fails here.
  const scores = frontal.filter((f) => f.embedding).map((f) => cosine(f.embedding!, enrolled.embedding));
  const minScore = scores.length ? Math.min(...scores) : Number.NaN;
  const meanScore = scores.length ? scores.reduce((a, b) => a + b, 0) / scores.length : Number.NaN;
  if (scores.length === 0) reasons.push('no-frontal-frame');
  else if (minScore < threshold) reasons.push('identity-mismatch');

  const presentation = presentationEvidence(frames, steps);
  if (presentation.decision === 'attack') {
    if (presentation.passive && !presentation.passive.live) reasons.push('presentation-attack:passive');
    if (presentation.geometry?.planar) reasons.push('presentation-attack:planar-motion');
  } else if (presentation.decision === 'not-measured' && (options.presentation ?? 'required') === 'required') {
    reasons.push('presentation-not-measured');
  }

  return {
    decision: reasons.length === 0 ? 'pass' : 'fail',
    reasons,
    steps,
    identity: { framesCompared: scores.length, minScore: round3(minScore), meanScore: round3(meanScore), threshold },
    frames: { total: frames.length, withFace: withFace.length, withSeveralFaces: several },
    presentation,
  };
}

/**
 * Fuses the two presentation-attack measures of a challenge: the passive PAD score averaged
 * over every frame with a face (a print or a screen stays one through the whole recording, so
 * the mean is steadier than one image), and the parallax of each completed turn.
 */
function presentationEvidence(frames: readonly FrameObservation[], steps: readonly StepEvidence[]): PresentationEvidence {
  const scored = frames.filter((f) => f.found && typeof f.presentation === 'number').map((f) => f.presentation!);
  const threshold = shippedPadModel().threshold;
  const passive = scored.length === 0 ? null : (() => {
    const mean = scored.reduce((a, b) => a + b, 0) / scored.length;
    return { framesScored: scored.length, meanScore: round3(mean), minScore: round3(Math.min(...scored)), threshold, live: mean >= threshold };
  })();
  const residuals: number[] = [];
  for (const step of steps) {
    if (!step.passed || (step.step !== 'turn-left' && step.step !== 'turn-right')) continue;
    const a = frames[step.startFrame], b = frames[step.endFrame];
    if (!a?.shape || !b?.shape || a.shape.length !== b.shape.length) continue;
    residuals.push(homographyResidual(a.shape, b.shape, b.interEye ?? 1));
  }
  const geometry = residuals.length === 0 ? null : (() => {
    const residual = Math.max(...residuals);
    return { turnsMeasured: residuals.length, residual: Math.round(residual * 1e4) / 1e4, maxPlanarResidual: ChallengeParameters.planarMaxResidual, planar: residual < ChallengeParameters.planarMaxResidual };
  })();
  const decision = !passive && !geometry ? 'not-measured' : (passive && !passive.live) || geometry?.planar ? 'attack' : 'live';
  return { decision, passive, geometry };
}

function round3(v: number): number {
  return Math.round(v * 1000) / 1000;
}
