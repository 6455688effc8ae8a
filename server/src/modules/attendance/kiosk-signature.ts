import { createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import canonicalize from 'canonicalize';
import { AppError } from '../../shared/app-error.ts';

/**
 * What a kiosk signs for each reading, so that neither the operator account it runs under nor
 * anyone between the kiosk and the server can move a check-in's time or person after the fact.
 * Ed25519 over the RFC 8785 canonical JSON of these fields; `capturedAt` is signed exactly as
 * sent (ISO 8601 with its offset) so the signature does not depend on how either side formats time.
 */
export interface SignedReading {
  idempotencyKey: string;
  personId: string;
  stationId: string;
  method: 'huella' | 'rostro';
  verificationScore: number;
  capturedAt: string;
}

export function readingPayload(reading: SignedReading): Buffer {
  const { idempotencyKey, personId, stationId, method, verificationScore, capturedAt } = reading;
  return Buffer.from(canonicalize({ idempotencyKey, personId, stationId, method, verificationScore, capturedAt }) ?? '', 'utf8');
}

/** A kiosk's public key: base64 of the SubjectPublicKeyInfo DER of an Ed25519 key. */
export function parseKioskPublicKey(base64: string): KeyObject {
  try {
    const key = createPublicKey({ key: Buffer.from(base64, 'base64'), format: 'der', type: 'spki' });
    if (key.asymmetricKeyType === 'ed25519') return key;
  } catch {
    // Reported below with the same message as a key of another type.
  }
  throw new AppError('KIOSK_KEY_INVALID', 'La llave pública del quiosco debe ser una llave Ed25519 (SPKI DER en base64).', 400);
}

export function verifyReadingSignature(publicKeyBase64: string, reading: SignedReading, signatureBase64: string): boolean {
  const signature = Buffer.from(signatureBase64, 'base64');
  if (signature.length !== 64) return false;
  return verify(null, readingPayload(reading), parseKioskPublicKey(publicKeyBase64), signature);
}

/** What the kiosk does; here for tests and the demo seed. */
export function signReading(privateKey: KeyObject, reading: SignedReading): string {
  return sign(null, readingPayload(reading), privateKey).toString('base64');
}
