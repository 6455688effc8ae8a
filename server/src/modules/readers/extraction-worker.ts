/**
 * Runs in a worker thread of FingerprintProcessor (fingerprint-pool.ts): decode, resample, extract
 * and judge one finger off the main thread. Errors go back as data, since a worker's thrown error
 * loses its class and code on the way.
 */
import { AppError } from '../../shared/app-error.ts';
import type { RawSample } from './drivers.ts';
import { processFinger, type ProcessedFinger } from './processing.ts';

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
