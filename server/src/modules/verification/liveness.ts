import type { VerificationPurpose } from '../biometric-store/biometric-config.ts';

/**
 * Purposes that assert the person is present (issue 19, item 2): a face used for them must come
 * with a passed active challenge issued for that person and purpose, and the passive PAD decision.
 * A finger captured by an operator at a counter is attended (the operator sees the person), so
 * finger-only verifications are not held to this; `asistencia` kiosks are bound by their own rule.
 */
export const PRESENCE_PURPOSES: readonly VerificationPurpose[] = ['supervivencia', 'firma', 'kiosco'];

export function assertsPresence(purpose: VerificationPurpose): boolean {
  return PRESENCE_PURPOSES.includes(purpose);
}

/** What a verification request carries to prove presence. */
export interface LivenessInput {
  challengeId: string;
  /** The recorded frames of the challenge, JPEG/PNG in base64, in order. */
  frames: string[];
}

/** The evidence recorded with a presence verification (challenge row, audit, proof of life). */
export interface LivenessEvidence {
  challengeId: string;
  steps: string[];
  challenge: { decision: 'pass' | 'fail'; reasons: string[] };
  /** The face engine's passive PAD on the probe photo, as it reports it (`passed` decides). */
  passive: { passed: boolean | null; [score: string]: unknown };
  passed: boolean;
}
