import { createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import canonicalize from 'canonicalize';
import { AppError } from '../../shared/app-error.ts';

/**
 * What a kiosk signs for each reading, so that neither the operator account it runs under nor
 * anyone between the kiosk and the server can move a check-in's time or person after the fact.
 * Ed25519 over the RFC 8785 canonical JSON of these fields; `capturedAt` is signed exactly as
 * sent (ISO 8601 with its offset) so the signature does not depend on how either side formats time.
 * `verificationId` is the grant the server issued when it matched the person at this station: the
 * score is the server's, never the kiosk's.
 */
export interface SignedReading {
  idempotencyKey: string;
  personId: string;
  stationId: string;
  method: 'huella' | 'rostro';
  verificationId: string;
  capturedAt: string;
}

export function readingPayload(reading: SignedReading): Buffer {
  const { idempotencyKey, personId, stationId, method, verificationId, capturedAt } = reading;
  return Buffer.from(canonicalize({ idempotencyKey, personId, stationId, method, verificationId, capturedAt }) ?? '', 'utf8');
}

/**
 * What an offline kiosk keeps instead of a reading: the capture itself (the server matches it when
 * the kiosk is back), who the person said they were, where and when. Signed by the kiosk at
 * capture time over the canonical JSON with `kind: 'captura_sin_conexion'`, so a reading's
 * signature can never pass for a capture's or the reverse.
 */
export interface OfflineCapture {
  idempotencyKey: string;
  stationId: string;
  /** The claimed staff member: matrícula (+ OOAD when the station has none) … */
  matricula?: string;
  ooadCode?: string | null;
  /** … or, for captures queued by the earlier CURP-keyed kiosk, the CURP. */
  curp?: string;
  fingerReaderId: string;
  position: number;
  capturedAt: string;
  /** The finger as the reader delivered it: image or template, or what the simulated reader needs. */
  sample: { image?: string; template?: string; dpi?: number; simulate?: { identity?: string; impression?: number } };
}

export function offlineCapturePayload(capture: OfflineCapture): Buffer {
  const { idempotencyKey, stationId, matricula, ooadCode, curp, fingerReaderId, position, capturedAt, sample } = capture;
  return Buffer.from(canonicalize({ kind: 'captura_sin_conexion', idempotencyKey, stationId, matricula, ooadCode, curp, fingerReaderId, position, capturedAt, sample }) ?? '', 'utf8');
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
  return verifyPayload(publicKeyBase64, readingPayload(reading), signatureBase64);
}

export function verifyOfflineCaptureSignature(publicKeyBase64: string, capture: OfflineCapture, signatureBase64: string): boolean {
  return verifyPayload(publicKeyBase64, offlineCapturePayload(capture), signatureBase64);
}

function verifyPayload(publicKeyBase64: string, payload: Buffer, signatureBase64: string): boolean {
  const signature = Buffer.from(signatureBase64, 'base64');
  if (signature.length !== 64) return false;
  return verify(null, payload, parseKioskPublicKey(publicKeyBase64), signature);
}

/** What the kiosk does; here for tests and the demo seed. */
export function signReading(privateKey: KeyObject, reading: SignedReading): string {
  return sign(null, readingPayload(reading), privateKey).toString('base64');
}

export function signOfflineCapture(privateKey: KeyObject, capture: OfflineCapture): string {
  return sign(null, offlineCapturePayload(capture), privateKey).toString('base64');
}
