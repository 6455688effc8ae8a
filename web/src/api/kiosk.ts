import type { Static } from 'typebox';
import type { CheckBody, CheckResponse, OfflineCheckBody } from '../../../server/src/modules/attendance/schema.ts';
import type { FaceEnrolledResponse, KioskDeviceResponse } from '../../../server/src/modules/kiosks/schema.ts';
import type { KioskChallengeResponse, StaffVerifyBody, StaffVerifyResponse } from '../../../server/src/modules/verification/schema.ts';
import { ApiError, type ApiClient } from './client.ts';

/**
 * What makes a browser a kiosk: an Ed25519 key pair made with WebCrypto whose private half never
 * leaves this browser (non-extractable, kept in IndexedDB), the signature the server checks on
 * every reading (server/src/modules/attendance/kiosk-signature.ts), and the queue of readings made
 * while the server could not be reached.
 */

/**
 * The six signed fields of a check-in (attendance/schema.ts CheckBody without the signature, type-only).
 * `verificationId` is the single-use grant the server issued when it matched the person at this station.
 */
export type SignedReading = Omit<CheckBody, 'signature'>;

/** What the server answers a check-in (attendance/schema.ts CheckResponse, type-only). */
export type CheckResult = Static<typeof CheckResponse>;

/**
 * RFC 8785 canonical JSON of the six signed fields. They are strings, for which JCS is exactly
 * JSON.stringify with the keys in UTF-16 order.
 */
export function canonicalReading(reading: SignedReading): string {
  const { capturedAt, idempotencyKey, method, personId, stationId, verificationId } = reading;
  return JSON.stringify({ capturedAt, idempotencyKey, method, personId, stationId, verificationId });
}

/**
 * RFC 8785 (JCS) for what the kiosk signs: objects with keys in UTF-16 order, undefined fields
 * left out, strings and finite numbers as ES serializes them (JSON.stringify).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const record = value as Record<string, unknown>;
  const fields = Object.keys(record)
    .filter((k) => record[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k])}`);
  return `{${fields.join(',')}}`;
}

/**
 * What the kiosk sends for a check-in it kept while offline: the capture itself, which the server
 * matches against the claimed person when it gets it (server: attendance/kiosk-signature.ts
 * `OfflineCapture`). Signed over its canonical JSON with `kind: 'captura_sin_conexion'`.
 */
export type OfflineCapture = OfflineCheckBody['capture'];

export function canonicalOfflineCapture(capture: OfflineCapture): string {
  return canonicalJson({ kind: 'captura_sin_conexion', ...capture });
}

export function toBase64(bytes: ArrayBuffer): string {
  let text = '';
  for (const byte of new Uint8Array(bytes)) text += String.fromCharCode(byte);
  return btoa(text);
}

/** ISO 8601 with the kiosk's own offset (e.g. 2026-11-03T08:02:00.000-06:00), as the server asks. */
export function localIsoTime(date: Date): string {
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, '0');
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}` +
    `.${pad(date.getMilliseconds(), 3)}${sign}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`
  );
}

// ── the key pair, one per station, in IndexedDB (a CryptoKey is stored as is, never exported) ──

const DB_NAME = 'siap-kiosco';
const STORE = 'llaves';

function openDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB no disponible'));
  });
}

function idb<T>(mode: IDBTransactionMode, run: (store: IDBObjectStore) => IDBRequest): Promise<T> {
  return openDb().then(
    (db) =>
      new Promise<T>((resolve, reject) => {
        const request = run(db.transaction(STORE, mode).objectStore(STORE));
        request.onsuccess = () => resolve(request.result as T);
        request.onerror = () => reject(request.error ?? new Error('IndexedDB'));
      }),
  );
}

export interface KioskKey {
  keyPair: CryptoKeyPair;
  /** SubjectPublicKeyInfo DER in base64: what an admin registers with PUT /stations/:id/kiosk-key. */
  publicKeySpki: string;
}

export async function kioskKey(stationId: string): Promise<KioskKey> {
  let keyPair = await idb<CryptoKeyPair | undefined>('readonly', (store) => store.get(stationId));
  if (!keyPair) {
    keyPair = (await crypto.subtle.generateKey({ name: 'Ed25519' }, false, ['sign', 'verify'])) as CryptoKeyPair;
    await idb('readwrite', (store) => store.put(keyPair, stationId));
  }
  const spki = await crypto.subtle.exportKey('spki', keyPair.publicKey);
  return { keyPair, publicKeySpki: toBase64(spki) };
}

export async function signText(key: CryptoKey, text: string): Promise<string> {
  return toBase64(await crypto.subtle.sign({ name: 'Ed25519' }, key, new TextEncoder().encode(text)));
}

export async function verifyText(key: CryptoKey, text: string, signature: string): Promise<boolean> {
  const bytes = Uint8Array.from(atob(signature), (c) => c.charCodeAt(0));
  return crypto.subtle.verify({ name: 'Ed25519' }, key, bytes, new TextEncoder().encode(text));
}

// ── the offline queue ─────────────────────────────────────────────────────────────────────────

/**
 * A check-in made while the server was unreachable. The biometric decision cannot be made here
 * (templates live only on the server), so the kiosk keeps what it read — who claims to be there
 * (matrícula and the OOAD it belongs to), which finger, when — signed with its key so that nothing
 * in this browser's storage can change the time or the person before it is sent; on reconnection
 * the finger is verified 1:1 and the reading is posted with its original time and idempotency key.
 */
export interface QueuedCheck {
  idempotencyKey: string;
  stationId: string;
  /** The claimed staff member: matrícula + the OOAD it was looked up in. */
  matricula?: string;
  ooadCode?: string;
  /** Readings queued before the kiosk keyed on the matrícula carry a CURP instead (still sent). */
  curp?: string;
  /** The finger reader that captured it (readings queued before this field use the one selected now). */
  fingerReaderId?: string;
  position: number;
  capturedAt: string;
  /** The capture to verify: for the simulated reader, whose finger it is. */
  capture: { simulate?: { identity?: string } };
  /** Ed25519 over the JSON of the fields above (without this one), by this kiosk. */
  signature: string;
}

export type UnsignedQueuedCheck = Omit<QueuedCheck, 'signature'>;

/** JSON.stringify leaves out undefined fields, so a CURP-keyed entry signs exactly as it always did. */
function queuedText(entry: UnsignedQueuedCheck): string {
  const { idempotencyKey, stationId, curp, matricula, ooadCode, fingerReaderId, position, capturedAt, capture } = entry;
  return JSON.stringify({ idempotencyKey, stationId, curp, matricula, ooadCode, fingerReaderId, position, capturedAt, capture });
}

/** Who a queued reading claims to be, as the kiosk lists it. */
export function claimedBy(entry: QueuedCheck): string {
  // No parentheses: the messages that quote it already put it inside a pair.
  return entry.matricula ? `matrícula ${entry.matricula}${entry.ooadCode ? `, OOAD ${entry.ooadCode}` : ''}` : `CURP ${entry.curp ?? 'sin dato'}`;
}

const queueKey = (stationId: string) => `siap.kiosco.${stationId}.pendientes`;

export function readQueue(stationId: string): QueuedCheck[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(queueKey(stationId)) ?? '[]');
    return Array.isArray(parsed) ? (parsed as QueuedCheck[]) : [];
  } catch {
    return [];
  }
}

function writeQueue(stationId: string, queue: QueuedCheck[]): void {
  localStorage.setItem(queueKey(stationId), JSON.stringify(queue));
}

export async function enqueueCheck(key: KioskKey, entry: UnsignedQueuedCheck): Promise<QueuedCheck> {
  const signed = { ...entry, signature: await signText(key.keyPair.privateKey, queuedText(entry)) };
  writeQueue(entry.stationId, [...readQueue(entry.stationId), signed]);
  return signed;
}

function removeFromQueue(stationId: string, idempotencyKey: string): void {
  writeQueue(stationId, readQueue(stationId).filter((e) => e.idempotencyKey !== idempotencyKey));
}

// ── talking to the server ─────────────────────────────────────────────────────────────────────

/** 1:1 by matrícula (server/src/modules/verification): the name comes only with a match. */
export type StaffVerifyResult = StaffVerifyResponse;

/**
 * The probe of POST /api/biometrics/verify/matricula (verification/schema.ts StaffVerifyBody, type-only) without
 * the purpose, which is always asistencia here. `ooadCode` null: the station has its own OOAD. A face at a kiosk
 * (nobody watching) carries the recording of the challenge the server issued (`liveness`).
 */
export type StaffProbe = Omit<StaffVerifyBody, 'purpose'>;

/** An active liveness challenge (issue 19 item 2): the steps to do in front of the camera, within a minute. */
export type LivenessChallenge = KioskChallengeResponse;

/** What the kiosk asks the person to do, step by step. */
export const CHALLENGE_STEP_TEXT: Record<LivenessChallenge['steps'][number], string> = {
  'turn-left': 'Gire la cabeza a su izquierda',
  'turn-right': 'Gire la cabeza a su derecha',
  blink: 'Parpadee',
  smile: 'Sonría',
};

export function kioskApi(client: ApiClient) {
  return {
    check: async (key: KioskKey, reading: SignedReading) =>
      client.post<CheckResult>('/api/attendance/check', { ...reading, signature: await signText(key.keyPair.privateKey, canonicalReading(reading)) }),
    /** The challenge for the staff member of this matrícula, before the face is recorded. */
    challenge: (who: { matricula: string; ooadCode: string | null; stationId: string }) =>
      client.post<LivenessChallenge>('/api/biometrics/liveness/challenges/matricula', { purpose: 'asistencia', ...who }),
    verifyByMatricula: (probe: StaffProbe) => client.post<StaffVerifyResult>('/api/biometrics/verify/matricula', { purpose: 'asistencia', ...probe }),
    /** A kept capture: the server matches it now and records the check-in at its original time. */
    checkOffline: async (key: KioskKey, capture: OfflineCapture) =>
      client.post<CheckResult>('/api/attendance/check/offline', { capture, signature: await signText(key.keyPair.privateKey, canonicalOfflineCapture(capture)) }),
  };
}

// ── what the kiosk tells the person ───────────────────────────────────────────────────────────

/**
 * Failures the page itself finds (before or after asking the server), with stable codes like the
 * server's, so support can tell them apart whatever the wording.
 */
export const KIOSK_MESSAGES = {
  MATRICULA_INVALID: 'La matrícula se escribe solo con dígitos (de 4 a 12).',
  OOAD_REQUIRED: 'Seleccione la OOAD de su matrícula.',
  READER_NOT_SELECTED: 'Seleccione el lector biométrico antes de registrar.',
  CAMERA_NOT_SELECTED: 'Esta estación no tiene cámara para el rostro; registre con su huella.',
  FINGER_NO_MATCH: 'La huella no coincide con la matrícula indicada. Coloque el dedo de nuevo.',
  FINGER_NOT_IDENTIFIED: 'La huella sola no bastó para identificarle con certeza. Escriba su matrícula y coloque el dedo de nuevo.',
  FACE_NO_MATCH: 'El rostro no coincide con la matrícula indicada. Mire de frente a la cámara e intente de nuevo.',
  FACE_NEEDS_MATRICULA: 'Para registrar con el rostro escriba su matrícula.',
  FACE_NEEDS_CAMERA: 'En el quiosco el rostro se registra con la cámara en vivo (prueba de vida); una fotografía no basta. Encienda la cámara o registre con su huella.',
  FACE_OFFLINE: 'Sin conexión con el servidor: el rostro solo se verifica con el servidor. Registre con su huella (se guarda firmada en este quiosco) o intente de nuevo más tarde.',
  OFFLINE_NEEDS_MATRICULA: 'Sin conexión con el servidor: para registrar sin conexión escriba su matrícula y coloque el dedo.',
  KIOSK_KEY_NOT_READY: 'La llave del quiosco aún no está lista.',
} as const;

export type KioskProblemCode = keyof typeof KIOSK_MESSAGES;

export class KioskError extends Error {
  constructor(
    readonly code: KioskProblemCode,
    options?: { cause?: unknown },
  ) {
    super(KIOSK_MESSAGES[code], options);
    this.name = 'KioskError';
  }
}

/** The stable code and es-MX message of any failure, the server's or the page's. */
export function kioskProblem(error: unknown): { code: string; message: string } {
  if (error instanceof KioskError || error instanceof ApiError) return { code: error.code, message: error.message };
  return { code: 'KIOSK_ERROR', message: error instanceof Error ? error.message : String(error) };
}

/** Matrícula as typed (spaces trimmed); throws MATRICULA_INVALID when it is not 4–12 digits. */
export function normalizeMatricula(input: string): string {
  const matricula = input.trim();
  if (!/^\d{4,12}$/.test(matricula)) throw new KioskError('MATRICULA_INVALID');
  return matricula;
}

export interface SyncOutcome {
  sent: number;
  /** Readings the server refused for good (no match, too old…): removed from the queue, with why. */
  rejected: Array<{ entry: QueuedCheck; message: string }>;
  /** True when the server was still unreachable; the rest stays queued. */
  offline: boolean;
}

/**
 * Sends the queue in order, each reading exactly once: a reading leaves the queue only after the
 * server answered for it, and a resend after a lost answer carries the same idempotency key, which
 * the server answers with the original record (`replayed`).
 */
export async function syncQueue(
  stationId: string,
  key: KioskKey,
  verifyAndCheck: (entry: QueuedCheck) => Promise<unknown>,
): Promise<SyncOutcome> {
  const outcome: SyncOutcome = { sent: 0, rejected: [], offline: false };
  for (const entry of readQueue(stationId)) {
    const { signature, ...unsigned } = entry;
    if (!(await verifyText(key.keyPair.publicKey, queuedText(unsigned), signature))) {
      removeFromQueue(stationId, entry.idempotencyKey);
      outcome.rejected.push({ entry, message: 'El registro guardado fue alterado; se descartó.' });
      continue;
    }
    try {
      await verifyAndCheck(entry);
      removeFromQueue(stationId, entry.idempotencyKey);
      outcome.sent += 1;
    } catch (error) {
      if (isUnreachable(error)) {
        outcome.offline = true;
        break;
      }
      removeFromQueue(stationId, entry.idempotencyKey);
      outcome.rejected.push({ entry, message: error instanceof Error ? error.message : String(error) });
    }
  }
  return outcome;
}

/**
 * Whether a failed reading should stay queued: the server did not answer (or answered 5xx), the
 * session or the kiosk key is not in place yet. Any other refusal (no match, too old) is final.
 */
export function isUnreachable(error: unknown): boolean {
  if (!(error instanceof ApiError)) return false;
  // A reader that timed out is a 504 from a server that did answer: say so, do not queue.
  if (error.code.startsWith('READER_')) return false;
  if (error.code === 'NETWORK_ERROR' || error.status >= 500) return true;
  return error.status === 401 || error.status === 429 || error.code === 'KIOSK_NOT_REGISTERED' || error.code === 'CSRF_INVALID';
}

// ── pairing: the browser asks to be a kiosk; an admin approves its code (issue 20) ──────────

/** One key per browser that is a kiosk: made before the station is known, registered at approval. */
export const DEVICE_KEY_ID = 'este-quiosco';

export type KioskDevice = Static<typeof KioskDeviceResponse>;

export function kioskPairingApi(client: ApiClient) {
  return {
    /** This browser's kiosk status (its own cookie); null when it never asked to be one. */
    status: async (): Promise<KioskDevice | null> => {
      try {
        return await client.get<KioskDevice>('/api/kiosk/session', { quietUnauthorized: true });
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
    requestPairing: (publicKey: string) => client.post<KioskDevice>('/api/kiosk/pairings', { publicKey }),
    faceEnrolled: async (input: { matricula: string; ooadCode: string | null; stationId: string }) =>
      (await client.post<Static<typeof FaceEnrolledResponse>>('/api/kiosk/face-enrolled', input)).face,
  };
}
