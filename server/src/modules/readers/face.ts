import { BiometricError, FacePool, type FaceRecord, type FrameObservation, type PassiveLiveness } from '@siap/biometrics/face';
import sharp from 'sharp';
import { AppError } from '../../shared/app-error.ts';
import type { RawSample } from './drivers.ts';
import { busy } from './fingerprint-pool.ts';
import { qualityLow, toAppError } from './processing.ts';

export interface FaceTemplate {
  model: string;
  embedding: Float32Array;
}

export interface ProcessedFace {
  template: FaceTemplate;
  /** Compact bytes of the template (faceTemplateBytes): what is encrypted and stored. */
  bytes: Uint8Array;
  quality: { score: number; problems: Array<{ code: string; message: string }>; liveness: boolean | null };
  /** The engine's passive presentation-attack detection on this image, as the engine reports it. */
  passive: PassiveLiveness;
  image: Uint8Array;
}

/**
 * The face engine for the server: a worker pool started on first use (it takes seconds and
 * ~60 MB per worker, and most requests never need it), shared by enrollment and verification.
 */
export class FaceProcessor {
  private pool: Promise<FacePool> | null = null;
  /** Requests running or waiting: bounded like fingerprint extraction (503 BIOMETRIC_BUSY past it). */
  private inFlight = 0;
  private readonly limits: { workers: number; queueMax: number; deadlineMs: number };

  constructor(workers: number, limits: { queueMax: number; deadlineMs: number } = { queueMax: 32, deadlineMs: 60_000 }) {
    this.limits = { workers, ...limits };
  }

  async process(sample: RawSample, options: { requireQuality: boolean }): Promise<ProcessedFace> {
    if (sample.kind !== 'encoded-image') {
      throw new AppError('CAPTURE_DATA_MISSING', 'La captura de rostro debe ser una imagen JPEG o PNG.', 400);
    }
    if (this.inFlight >= this.limits.workers + this.limits.queueMax) throw busy(this.limits, 'queue_full');
    let record: FaceRecord;
    this.inFlight += 1;
    try {
      const started = this.start();
      const inference = started.then((pool) => (options.requireQuality ? pool.enroll(sample.bytes) : pool.probe(sample.bytes)));
      void inference.then(
        () => (this.inFlight -= 1),
        () => (this.inFlight -= 1),
      );
      // The deadline counts from a started engine (loading the models once takes seconds and is not
      // this request's doing). It frees the request, not the worker: wasm inference cannot be
      // interrupted, and restarting a worker costs that loading again. The in-flight count keeps it until done.
      await started;
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(busy(this.limits, 'deadline')), this.limits.deadlineMs);
      });
      record = await Promise.race([inference, deadline]).finally(() => clearTimeout(timer));
    } catch (error) {
      if (error instanceof AppError) throw error;
      if (error instanceof BiometricError && error.code === 'FACE_QUALITY_LOW') {
        const codes = (error.details?.failures as string[] | undefined) ?? [];
        const messages = (error.details?.messages as string[] | undefined) ?? [];
        throw qualityLow(0, 1, codes.map((code, i) => ({ code, message: messages[i] ?? code })));
      }
      throw toAppError(error);
    }
    const template = { model: record.model, embedding: Float32Array.from(record.embedding) };
    return {
      template,
      bytes: faceTemplateBytes(template),
      quality: {
        score: Math.round(record.quality.score * 100),
        problems: record.quality.checks.filter((c) => !c.passed).map((c) => ({ code: c.code, message: c.message })),
        liveness: record.liveness.passed,
      },
      passive: record.liveness,
      // Only an enrollment keeps the image; a verification probe is not converted for nothing.
      image: options.requireQuality ? await asJpeg(sample.bytes) : sample.bytes,
    };
  }

  /** One frame of an active liveness challenge (pose, eyes, mouth, embedding). */
  async observe(bytes: Uint8Array): Promise<FrameObservation> {
    try {
      const observation = await (await this.start()).observe(bytes, true);
      // Worker replies arrive as structured clones: keep the embedding a Float32Array.
      return { ...observation, embedding: observation.embedding ? Float32Array.from(observation.embedding) : null };
    } catch (error) {
      throw toAppError(error);
    }
  }

  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = null;
    if (pool) await (await pool.catch(() => null))?.close();
  }

  private start(): Promise<FacePool> {
    if (!this.pool) {
      this.pool = FacePool.start({ workers: this.limits.workers });
      // A failed start is not cached: the next request tries again.
      this.pool.catch(() => {
        this.pool = null;
      });
    }
    return this.pool;
  }
}

/** Face images are kept as JPEG (ISO/IEC 19794-5 allows JPEG; a webcam frame may arrive as PNG). */
async function asJpeg(bytes: Uint8Array): Promise<Uint8Array> {
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return bytes;
  return sharp(bytes).flatten({ background: '#ffffff' }).jpeg({ quality: 90 }).toBuffer();
}

/** model id (UTF-8, 1-byte length) ‖ float32 little-endian embedding. */
export function faceTemplateBytes(template: FaceTemplate): Uint8Array {
  const model = Buffer.from(template.model, 'utf8');
  const out = Buffer.alloc(1 + model.length + template.embedding.length * 4);
  out[0] = model.length;
  model.copy(out, 1);
  for (let i = 0; i < template.embedding.length; i++) out.writeFloatLE(template.embedding[i], 1 + model.length + i * 4);
  return out;
}

export function parseFaceTemplate(bytes: Uint8Array): FaceTemplate {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const length = buffer[0];
  const model = buffer.subarray(1, 1 + length).toString('utf8');
  const count = (buffer.length - 1 - length) / 4;
  const embedding = new Float32Array(count);
  for (let i = 0; i < count; i++) embedding[i] = buffer.readFloatLE(1 + length + i * 4);
  return { model, embedding };
}
