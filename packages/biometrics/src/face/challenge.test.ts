import { describe, expect, it } from 'vitest';
import { BiometricError } from '../errors.ts';
import { Calibration } from './calibration.ts';
import { ChallengeParameters, checkChallenge, evaluateChallenge, issueChallenge, type ChallengeStep } from './challenge.ts';
import type { FrameObservation } from './engine.ts';
import { shippedPadModel } from './pad/passive.ts';
import { headView, syntheticFrame, syntheticRecording, syntheticStep } from './testing/synthetic-recording.ts';

const SECRET = 'test-secret';
const me = new Float32Array([1, 0, 0, 0]);
const enrolled = { model: 'faceapi-resnet', embedding: me };
const other = new Float32Array([0, 1, 0, 0]);

const view = headView;
const frame = (over: Partial<FrameObservation> = {}) => syntheticFrame(me, over);
const act = (step: ChallengeStep) => syntheticStep(me, step);
const recording = (steps: ChallengeStep[]) => syntheticRecording(me, steps);

describe('active liveness challenge', () => {
  it('issues 3 distinct random steps, a nonce and a signed expiry', () => {
    const c = issueChallenge(SECRET, 1_000);
    expect(new Set(c.steps).size).toBe(ChallengeParameters.steps);
    expect(c.nonce).toMatch(/^[0-9a-f]{32}$/);
    expect(c.expiresAt).toBe(1_000 + ChallengeParameters.ttlMs);
    expect(() => checkChallenge(c, SECRET, 2_000)).not.toThrow();
  });

  it('rejects a tampered, foreign or expired challenge with codes', () => {
    const c = issueChallenge(SECRET, 1_000);
    const code = (f: () => void) => { try { f(); return null; } catch (e) { return (e as BiometricError).code; } };
    expect(code(() => checkChallenge({ ...c, steps: [...c.steps].reverse() }, SECRET, 2_000))).toBe('FACE_CHALLENGE_INVALID');
    expect(code(() => checkChallenge(c, 'other-secret', 2_000))).toBe('FACE_CHALLENGE_INVALID');
    expect(code(() => checkChallenge(c, SECRET, c.expiresAt + 1))).toBe('FACE_CHALLENGE_EXPIRED');
  });

  it('passes when every step happens in order, with per-step evidence', () => {
    const steps: ChallengeStep[] = ['turn-left', 'blink', 'smile'];
    const frames = recording(steps);
    const r = evaluateChallenge({ steps }, frames, enrolled, { threshold: 0.5 });
    expect(r.decision).toBe('pass');
    expect(r.reasons).toEqual([]);
    expect(r.steps.map((s) => s.passed)).toEqual([true, true, true]);
    for (let i = 1; i < r.steps.length; i++) expect(r.steps[i].startFrame).toBeGreaterThan(r.steps[i - 1].endFrame - 1);
    expect(r.steps[0].measured.yawPeakDeg).toBe(25);
    expect(r.steps[1].measured.earMin).toBeCloseTo(0.08, 3);
    expect(frames[r.steps[1].startFrame].eyeAspectRatio).toBeLessThan(0.15);
    expect(r.identity.minScore).toBeCloseTo(1, 5);
  });

  it('fails when the steps come in another order (a replayed recording of another challenge)', () => {
    const frames = recording(['smile', 'blink', 'turn-right']);
    const r = evaluateChallenge({ steps: ['turn-right', 'blink', 'smile'] }, frames, enrolled, { threshold: 0.5 });
    expect(r.decision).toBe('fail');
    expect(r.reasons.some((x) => x.startsWith('step-not-done'))).toBe(true);
  });

  it('fails a static photo: no turn, no blink, no smile', () => {
    const frames = Array.from({ length: 20 }, () => frame());
    const r = evaluateChallenge({ steps: ['turn-left', 'blink', 'smile'] }, frames, enrolled, { threshold: 0.5 });
    expect(r.decision).toBe('fail');
    expect(r.steps.every((s) => !s.passed)).toBe(true);
  });

  it('fails when the turn goes the wrong way', () => {
    const r = evaluateChallenge({ steps: ['turn-left'] }, [frame(), ...act('turn-right'), frame(), frame(), frame()], enrolled, { threshold: 0.5 });
    expect(r.steps[0].passed).toBe(false);
  });

  it('uses the calibrated threshold of the enrolled model by default', () => {
    const steps: ChallengeStep[] = ['blink', 'smile'];
    const r = evaluateChallenge({ steps }, recording(steps), enrolled);
    expect(r.identity.threshold).toBe(Calibration['faceapi-resnet'].threshold);
    expect(r.decision).toBe('pass');
    expect(() => evaluateChallenge({ steps }, recording(steps), { model: 'unknown', embedding: me })).toThrow(BiometricError);
  });

  it('fuses the passive PAD and the parallax of the turns into one decision with evidence', () => {
    const steps: ChallengeStep[] = ['turn-left', 'blink', 'turn-right'];
    const live = evaluateChallenge({ steps }, recording(steps), enrolled, { threshold: 0.5 });
    expect(live.decision).toBe('pass');
    expect(live.presentation.decision).toBe('live');
    expect(live.presentation.passive).toMatchObject({ live: true, threshold: shippedPadModel().threshold });
    expect(live.presentation.geometry!.turnsMeasured).toBe(2);
    expect(live.presentation.geometry!.residual).toBeGreaterThan(ChallengeParameters.planarMaxResidual);

    // A print that someone turns: every step is done, but its landmarks move as one plane.
    const print = recording(steps).map((f) => ({ ...f, shape: view(f.yaw, true) }));
    const flat = evaluateChallenge({ steps }, print, enrolled, { threshold: 0.5 });
    expect(flat.decision).toBe('fail');
    expect(flat.reasons).toEqual(['presentation-attack:planar-motion']);
    expect(flat.presentation.geometry!.residual).toBeLessThan(0.001);

    // Frames the passive PAD calls attacks (mean below the threshold).
    const attack = recording(steps).map((f) => ({ ...f, presentation: shippedPadModel().threshold - 1 }));
    const passive = evaluateChallenge({ steps }, attack, enrolled, { threshold: 0.5 });
    expect(passive.reasons).toEqual(['presentation-attack:passive']);
    expect(passive.presentation.decision).toBe('attack');
  });

  it('fails frames that carry no PAD measures unless told to judge only what was measured', () => {
    const steps: ChallengeStep[] = ['blink', 'smile'];
    const bare = recording(steps).map(({ presentation: _p, shape: _s, interEye: _i, ...f }) => f);
    const strict = evaluateChallenge({ steps }, bare, enrolled, { threshold: 0.5 });
    expect(strict.reasons).toEqual(['presentation-not-measured']);
    expect(strict.presentation.decision).toBe('not-measured');
    expect(evaluateChallenge({ steps }, bare, enrolled, { threshold: 0.5, presentation: 'when-measured' }).decision).toBe('pass');
  });

  it('fails when another person does the steps, or a second face is in frame', () => {
    const steps: ChallengeStep[] = ['blink', 'smile', 'turn-right'];
    const swapped = recording(steps).map((f, i) => (i > 4 && f.embedding ? { ...f, embedding: other } : f));
    const r1 = evaluateChallenge({ steps }, swapped, enrolled, { threshold: 0.5 });
    expect(r1.decision).toBe('fail');
    expect(r1.reasons).toContain('identity-mismatch');
    const crowd = recording(steps).map((f, i) => (i === 3 ? { ...f, faces: 2 } : f));
    expect(evaluateChallenge({ steps }, crowd, enrolled, { threshold: 0.5 }).reasons).toContain('several-faces');
  });
});
