/**
 * Runs in a worker thread of FingerprintProcessor (fingerprint-pool.ts): decode, resample, extract
 * and judge one finger, or compare a probe with enrolled fingers, off the main thread. Errors go
 * back as data, since a worker's thrown error loses its class and code on the way.
 */
import { createHash } from 'node:crypto';
import { setPriority } from 'node:os';
import { LRUCache } from 'lru-cache';
import { matchScore, prepareTemplate, type PreparedTemplate } from '@siap/biometrics/fingerprint';
import { decodeTemplate } from '@siap/biometrics/formats';
import { AppError } from '../../shared/app-error.ts';
import type { RawSample } from './drivers.ts';
import { probeFinger, processFinger, type ProcessedFinger } from './processing.ts';

/**
 * Biometric work runs below the event loop's priority (Linux niceness is per thread): with every
 * core busy extracting, the main thread still answers `/api/health`, logins and database work at
 * once (issue 19 item 4), and the workers take whatever CPU is left. Best effort: a platform that
 * refuses keeps the default priority.
 */
const WORKER_NICENESS = 10;
try {
  setPriority(0, WORKER_NICENESS);
} catch {
  // not permitted here: same priority as the main thread
}

export interface ExtractionTask {
  sample: RawSample;
  requireQuality: boolean;
  /** Also return the capture as WSQ to be kept encrypted beside the template (enrollment). */
  keepImage?: boolean;
}

export type ExtractionAnswer =
  | { ok: true; finger: ProcessedFinger }
  | { ok: false; error: { code: string; message: string; status: number; details?: Record<string, unknown> } | { code: null; message: string } };

export default async function extract(task: ExtractionTask): Promise<ExtractionAnswer> {
  try {
    return { ok: true, finger: await processFinger(task.sample, { requireQuality: task.requireQuality, keepImage: task.keepImage ?? false }) };
  } catch (error) {
    return failure(error);
  }
}

/** A comparison probe's compact template (processing.ts probeFinger). */
export interface ProbeTask {
  probe: RawSample;
}

export type ProbeAnswer = { ok: true; compact: Uint8Array } | Extract<ExtractionAnswer, { ok: false }>;

export async function extractProbe(task: ProbeTask): Promise<ProbeAnswer> {
  try {
    return { ok: true, compact: await probeFinger(task.probe) };
  } catch (error) {
    return failure(error);
  }
}

function failure(error: unknown): Extract<ExtractionAnswer, { ok: false }> {
  if (error instanceof AppError) return { ok: false, error: { code: error.code, message: error.message, status: error.httpStatus, details: error.details } };
  return { ok: false, error: { code: null, message: error instanceof Error ? error.message : String(error) } };
}

/** One probe finger against the enrolled fingers it may match (compact templates). */
export interface CompareTask {
  probe: Uint8Array;
  enrolled: Uint8Array[];
}

/**
 * Prepared enrolled templates with their edge hashes, keyed by a digest of their bytes: the same
 * people verify every day (attendance), and preparing and hashing a template costs three times
 * what matching it does. Bounded by bytes (a hashed template is ~0.25 MB, mostly its hash): 96 MB
 * a worker keeps a few hundred people's fingers; past that a verification costs what it did
 * without the cache.
 */
const CACHE_BYTES = 96 * 1024 * 1024;
const prepared = new LRUCache<string, PreparedTemplate>({ maxSize: CACHE_BYTES, sizeCalculation: preparedBytes });

/** The typed arrays a prepared template holds (its edge hash included), in bytes. */
function preparedBytes(template: PreparedTemplate): number {
  let bytes = 0;
  const visit = (value: unknown) => {
    if (ArrayBuffer.isView(value)) bytes += value.byteLength;
    else if (value && typeof value === 'object') for (const inner of Object.values(value)) if (ArrayBuffer.isView(inner)) bytes += inner.byteLength;
  };
  for (const value of Object.values(template)) visit(value);
  return Math.max(1, bytes);
}

/**
 * Scores of the probe against each enrolled template, in order. The enrolled template goes first:
 * matchScore builds an edge hash of its first argument (built once and kept with the prepared
 * template), which is ~70 % of a one-to-one comparison's CPU; the probe is new every time, so with
 * the hash on the enrolled side a repeat verification costs preparing the probe and one match.
 * The score seen from the other side is not bit-identical but has the same error rates:
 * `npm run bench:fingerprint-symmetry` on the nine shared sets (3,668 genuine, 104,640 impostor
 * pairs) gave FMR 0.010 % at the threshold in either order, FNMR 8.02 % with the earlier
 * impression first and 8.23 % with the later one first (8 pairs).
 */
export function compareFingers(task: CompareTask): number[] {
  const probe = prepareTemplate(decodeTemplate(task.probe));
  return task.enrolled.map((template) => {
    const key = createHash('sha256').update(template).digest('base64');
    const cached = prepared.get(key);
    const enrolled = cached ?? prepareTemplate(decodeTemplate(template));
    const score = matchScore(enrolled, probe);
    // Kept after the match, which built its edge hash, so that the size counted includes it.
    if (!cached) prepared.set(key, enrolled);
    return score;
  });
}
