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
import { processFinger, type ProcessedFinger } from './processing.ts';

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
    if (error instanceof AppError) return { ok: false, error: { code: error.code, message: error.message, status: error.httpStatus, details: error.details } };
    return { ok: false, error: { code: null, message: error instanceof Error ? error.message : String(error) } };
  }
}

/** One probe finger against the enrolled fingers it may match (compact templates). */
export interface CompareTask {
  probe: Uint8Array;
  enrolled: Uint8Array[];
}

/**
 * Prepared enrolled templates, keyed by a digest of their bytes: the same people verify every day
 * (attendance), and preparing a template costs about as much as comparing it. Bounded by count;
 * a prepared template is a few tens of kB.
 */
const prepared = new LRUCache<string, PreparedTemplate>({ max: 2_000 });

function preparedOf(template: Uint8Array): PreparedTemplate {
  const key = createHash('sha256').update(template).digest('base64');
  let hit = prepared.get(key);
  if (!hit) {
    hit = prepareTemplate(decodeTemplate(template));
    prepared.set(key, hit);
  }
  return hit;
}

/** Scores of the probe against each enrolled template, in order. */
export function compareFingers(task: CompareTask): number[] {
  const probe = prepareTemplate(decodeTemplate(task.probe));
  return task.enrolled.map((template) => matchScore(probe, preparedOf(template)));
}
