import { availableParallelism } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { Calibration, DEFAULT_MODEL } from '@siap/biometrics/face';
import { FINGERPRINT_MATCH_THRESHOLD } from '@siap/biometrics/fingerprint';
import { DEDUPLICATION_FPIR, IDENTIFICATION_FPIR } from '@siap/biometrics/gallery';
import { AppError } from '../../shared/app-error.ts';

/** Why a biometric comparison is made; each purpose has its own decision thresholds. */
export const VERIFICATION_PURPOSES = ['asistencia', 'supervivencia', 'firma', 'kiosco'] as const;
export type VerificationPurpose = (typeof VERIFICATION_PURPOSES)[number];

export interface Thresholds {
  /** Minimum fingerprint score (the library's matcher scale). */
  finger: number;
  /** Minimum face cosine similarity. */
  face: number;
}

export interface BiometricConfig {
  /** Key-encryption keys by id (32 bytes each); old ones stay listed until `keys:rotate` ran. */
  keks: ReadonlyMap<string, Buffer>;
  activeKekId: string;
  /** True when the fixed demo KEK is in use (demo/test only; the app logs a warning). */
  demoKek: boolean;
  /**
   * Keep the capture images (encrypted, WSQ fingers and JPEG faces) beside the templates: the
   * adjudicator compares them and `biometrics:reextract` redoes templates from them.
   */
  keepImages: boolean;
  /** Images of captures that never became part of an enrollment are deleted after this many days. */
  imageRetentionDays: number;
  /** What an enrollment must contain to be completed. */
  enrollmentPolicy: EnrollmentPolicy;
  /** FingerprintGallery worker threads. */
  galleryShards: number;
  /**
   * GALLERY_NATS_URL / GALLERY_NATS_SHARDS: serve 1:N from shard processes over NATS JetStream
   * (packages/gallery-nats) instead of in-process worker threads; null = embedded (the default).
   */
  galleryNats: { url: string; shards: number } | null;
  /**
   * BIOMETRIC_GALLERY_PACK_DIR: where the embedded gallery persists its computed index (encrypted
   * under a key derived from the active KEK) so a restart reads it instead of recomputing every
   * finger's cylinders; default `<DATA_DIR>.gallery-pack` (one per data directory, so two systems with
   * data directories in one folder never share a pack), `off` (or no data directory): none.
   */
  galleryPackDir: string | null;
  /**
   * BIOMETRIC_GALLERY_ENROLLED_CYLINDERS: at most this many cylinders per enrolled finger in the
   * embedded gallery's pre-filter (PrefilterOptions.enrolledCylinders), for a gallery that must fit
   * less memory; unset (the default): all. 36 measured ≈ 3.5 instead of 4.2 kB per finger at a
   * million fingers, and 1 of 440 mates lost at 100 k (bench/logs/gallery-memory.md).
   */
  galleryEnrolledCylinders: number | null;
  /** Face engine worker threads (started on first use). */
  faceWorkers: number;
  /** A reader that has not delivered a capture after this long answers READER_TIMEOUT. */
  readerTimeoutMs: number;
  thresholds: Record<VerificationPurpose, Thresholds>;
  /**
   * Deduplication at enrollment: `finger` and `face` are the floors (1:1 operating points); the
   * fingerprint threshold is derived from `targetFpir` at each search (@siap/biometrics/gallery
   * operatingPoint and searchThreshold: the cohort rule, or the gallery's size for short lists).
   */
  dedup: Thresholds & { maxCandidates: number; targetFpir: number };
  /** 1:N identification without a claimed identity (kiosk finger-only check-in): its target FPIR. */
  identification: { targetFpir: number };
  /** An open capture session untouched this long is abandoned: expired and its captures erased. */
  captureSessionTtlMs: number;
  /** Fingerprint extraction worker threads (started on first use). */
  extractionWorkers: number;
  /** Extractions and face inferences allowed to wait for a worker; one more answers 503 BIOMETRIC_BUSY. */
  workQueueMax: number;
  /** A capture not processed within this (waiting included) answers 503 BIOMETRIC_BUSY. */
  workDeadlineMs: number;
  /** NODE_ENV=test only (SIAP_TEST_CRASH_POINT): the enrollment SIGKILLs itself there (crash test). */
  testCrashPoint: string | null;
}

/**
 * The minimum of one enrollment: `minFingers` fingers each either captured or documented as
 * unavailable (amputation, injury… with the reason), and the face when `requireFace`.
 */
export interface EnrollmentPolicy {
  minFingers: number;
  requireFace: boolean;
}

/** Eight of ten fingers (or their documented absence) and the face: the policy of the demo and the default. */
export const DEFAULT_ENROLLMENT_POLICY: EnrollmentPolicy = { minFingers: 8, requireFace: true };

type Env = Record<string, string | undefined>;

/**
 * A fixed, published key: lets the demo and the tests run without configuration. Anything
 * encrypted under it is readable by anyone who reads this file — hence demo/test mode only.
 */
export const DEMO_KEK_ID = 'demo';
export const DEMO_KEK = Buffer.from('U0lBUC1kZW1vLUtFSy1zb2xvLXBhcmEtcHJ1ZWJhcyE=', 'base64');

/** The library's documented thresholds: fingerprint matcher calibration and the face model's FAR 0.1 % point. */
export const LIBRARY_THRESHOLDS: Thresholds = {
  finger: FINGERPRINT_MATCH_THRESHOLD,
  face: Calibration[DEFAULT_MODEL].threshold,
};

export function parseBiometricConfig(env: Env, mode: { nodeEnv: 'production' | 'development' | 'test'; demo: boolean; dataDir?: string | null }): BiometricConfig {
  const { keks, activeKekId, demoKek } = parseKeks(env, mode);
  const thresholds = {} as Record<VerificationPurpose, Thresholds>;
  for (const purpose of VERIFICATION_PURPOSES) {
    const prefix = `BIOMETRIC_THRESHOLD_${purpose.toUpperCase()}`;
    thresholds[purpose] = {
      finger: parseNumber(env, `${prefix}_FINGER`, LIBRARY_THRESHOLDS.finger, 0, 10_000),
      face: parseNumber(env, `${prefix}_FACE`, LIBRARY_THRESHOLDS.face, -1, 1),
    };
  }
  const isTest = mode.nodeEnv === 'test';
  return {
    keks,
    activeKekId,
    demoKek,
    keepImages: parseFlag(env, 'BIOMETRIC_KEEP_IMAGES', true),
    imageRetentionDays: parseNumber(env, 'BIOMETRIC_IMAGE_RETENTION_DAYS', 90, 1, 36_500),
    enrollmentPolicy: {
      minFingers: parseNumber(env, 'BIOMETRIC_ENROLL_MIN_FINGERS', DEFAULT_ENROLLMENT_POLICY.minFingers, 0, 10),
      requireFace: parseFlag(env, 'BIOMETRIC_ENROLL_REQUIRE_FACE', DEFAULT_ENROLLMENT_POLICY.requireFace),
    },
    galleryShards: parseNumber(env, 'BIOMETRIC_GALLERY_SHARDS', isTest ? 1 : Math.min(4, availableParallelism()), 1, 64),
    galleryPackDir: galleryPackDir(env.BIOMETRIC_GALLERY_PACK_DIR, mode.dataDir ?? null),
    galleryEnrolledCylinders: env.BIOMETRIC_GALLERY_ENROLLED_CYLINDERS?.trim() ? parseInteger(env, 'BIOMETRIC_GALLERY_ENROLLED_CYLINDERS', 8, 1000) : null,
    galleryNats: env.GALLERY_NATS_URL ? { url: env.GALLERY_NATS_URL, shards: parseNumber(env, 'GALLERY_NATS_SHARDS', 4, 1, 256) } : null,
    faceWorkers: parseNumber(env, 'BIOMETRIC_FACE_WORKERS', 1, 1, 64),
    readerTimeoutMs: parseNumber(env, 'BIOMETRIC_READER_TIMEOUT_MS', 30_000, 10, 600_000),
    thresholds,
    dedup: {
      finger: parseNumber(env, 'BIOMETRIC_DEDUP_FINGER', LIBRARY_THRESHOLDS.finger, 0, 10_000),
      face: parseNumber(env, 'BIOMETRIC_DEDUP_FACE', LIBRARY_THRESHOLDS.face, -1, 1),
      maxCandidates: 10,
      targetFpir: parseNumber(env, 'BIOMETRIC_DEDUP_FPIR', DEDUPLICATION_FPIR, 1e-12, 0.5),
    },
    captureSessionTtlMs: parseNumber(env, 'BIOMETRIC_SESSION_TTL_MINUTES', 240, 1, 10_080) * 60_000,
    extractionWorkers: parseNumber(env, 'BIOMETRIC_EXTRACTION_WORKERS', isTest ? 1 : Math.max(1, availableParallelism()), 1, 64),
    workQueueMax: parseNumber(env, 'BIOMETRIC_QUEUE_MAX', 32, 0, 10_000),
    workDeadlineMs: parseNumber(env, 'BIOMETRIC_DEADLINE_MS', 30_000, 1, 600_000),
    identification: { targetFpir: parseNumber(env, 'BIOMETRIC_IDENTIFICATION_FPIR', IDENTIFICATION_FPIR, 1e-12, 0.5) },
    testCrashPoint: isTest ? env.SIAP_TEST_CRASH_POINT?.trim() || null : null,
  };
}

function parseKeks(env: Env, mode: { nodeEnv: string; demo: boolean }): Pick<BiometricConfig, 'keks' | 'activeKekId' | 'demoKek'> {
  const raw = env.BIOMETRIC_KEKS?.trim();
  if (!raw) {
    if (mode.nodeEnv === 'test' || (mode.demo && mode.nodeEnv !== 'production')) {
      return { keks: new Map([[DEMO_KEK_ID, DEMO_KEK]]), activeKekId: DEMO_KEK_ID, demoKek: true };
    }
    throw invalid('BIOMETRIC_KEKS', 'es obligatorio fuera del modo demostración (formato id:clave_base64,…; claves de 32 bytes)');
  }
  const keks = new Map<string, Buffer>();
  for (const entry of raw.split(',')) {
    const at = entry.indexOf(':');
    const id = entry.slice(0, at).trim();
    const key = Buffer.from(entry.slice(at + 1).trim(), 'base64');
    if (at <= 0 || !/^[A-Za-z0-9_.-]{1,40}$/.test(id) || key.length !== 32) {
      throw invalid('BIOMETRIC_KEKS', 'debe ser una lista id:clave_base64 separada por comas, con claves de 32 bytes');
    }
    if (keks.has(id)) throw invalid('BIOMETRIC_KEKS', `repite el identificador de clave ${id}`);
    keks.set(id, key);
  }
  const activeKekId = env.BIOMETRIC_ACTIVE_KEK?.trim() || [...keks.keys()].at(-1)!;
  if (!keks.has(activeKekId)) throw invalid('BIOMETRIC_ACTIVE_KEK', 'debe nombrar una de las claves de BIOMETRIC_KEKS');
  return { keks, activeKekId, demoKek: false };
}

function parseNumber(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max) throw invalid(name, `debe ser un número entre ${min} y ${max}`);
  return value;
}

function parseInteger(env: Env, name: string, min: number, max: number): number {
  const value = parseNumber(env, name, min, min, max);
  if (!Number.isInteger(value)) throw invalid(name, `debe ser un entero entre ${min} y ${max}`);
  return value;
}

function parseFlag(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (!raw) return fallback;
  if (['1', 'true', 'yes', 'si', 'sí'].includes(raw)) return true;
  if (['0', 'false', 'no'].includes(raw)) return false;
  throw invalid(name, 'debe ser true o false');
}

function invalid(name: string, problem: string): AppError {
  return new AppError('CONFIG_INVALID', `Configuración inválida: ${name} ${problem}.`, 500, { variable: name });
}

function galleryPackDir(value: string | undefined, dataDir: string | null): string | null {
  const given = value?.trim();
  if (given === 'off') return null;
  if (given) return given;
  return dataDir ? join(dirname(dataDir), `${basename(dataDir)}.gallery-pack`) : null;
}
