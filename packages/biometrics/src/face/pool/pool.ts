import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { BiometricError } from '../../errors.ts';
import { faceError } from '../codes.ts';
import type { EngineOptions, FaceRecord, FrameObservation, PresentationRecord } from '../engine.ts';
import type { FaceOp, WorkerEvent, WorkerInit, WorkerReply, WorkerRequest } from './protocol.ts';

interface Pending {
  req: WorkerRequest;
  resolve: (value: { result: unknown; ms: number }) => void;
  reject: (err: unknown) => void;
}

interface Slot {
  worker: Worker;
  busy: Pending | null;
}

export interface PoolOptions extends EngineOptions {
  /** Worker threads; default one per core. Each holds its own copy of the models (~60 MB). */
  workers?: number;
}

/**
 * The face engine on a pool of worker threads: TensorFlow.js wasm inference is synchronous and
 * single-threaded, so two requests use two cores only when they run in two threads. Requests
 * queue when every worker is busy. Same methods as FaceEngine, returning promises.
 */
export class FacePool {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;

  private constructor(readonly model: string) {}

  static async start(options: PoolOptions = {}): Promise<FacePool> {
    const count = Math.max(1, options.workers ?? availableParallelism());
    const { workers: _w, ...engineOptions } = options;
    const init: WorkerInit = { options: engineOptions };
    const started = await Promise.allSettled(
      Array.from({ length: count }, () => startWorker(init)),
    );
    const ok = started.filter((s): s is PromiseFulfilledResult<{ worker: Worker; model: string }> => s.status === 'fulfilled');
    if (ok.length !== count) {
      await Promise.all(ok.map((s) => s.value.worker.terminate()));
      const reason = started.find((s) => s.status === 'rejected') as PromiseRejectedResult;
      throw faceError('FACE_ENGINE_UNAVAILABLE', { reason: String(reason.reason?.message ?? reason.reason) });
    }
    const pool = new FacePool(ok[0].value.model);
    for (const { value } of ok) pool.attach(value.worker);
    return pool;
  }

  get size(): number {
    return this.slots.length;
  }

  extractAll(bytes: Uint8Array): Promise<FaceRecord[]> {
    return this.call('extractAll', bytes, {}).then((r) => r.result as FaceRecord[]);
  }

  enroll(bytes: Uint8Array, options: { requireQuality?: boolean } = {}): Promise<FaceRecord> {
    return this.call('enroll', bytes, options).then((r) => r.result as FaceRecord);
  }

  probe(bytes: Uint8Array): Promise<FaceRecord> {
    return this.call('probe', bytes, {}).then((r) => r.result as FaceRecord);
  }

  observe(bytes: Uint8Array, withEmbedding: boolean): Promise<FrameObservation> {
    return this.call('observe', bytes, { withEmbedding }).then((r) => r.result as FrameObservation);
  }

  /** Passive presentation-attack detection of the largest face (no embedding). */
  presentation(bytes: Uint8Array): Promise<PresentationRecord> {
    return this.call('presentation', bytes, {}).then((r) => r.result as PresentationRecord);
  }

  /** Low-level call that also returns the worker's processing time in ms (for benchmarks). */
  call(op: FaceOp, bytes: Uint8Array, args: Record<string, unknown>): Promise<{ result: unknown; ms: number }> {
    if (this.closed) return Promise.reject(faceError('FACE_ENGINE_UNAVAILABLE', { reason: 'pool closed' }));
    return new Promise((resolve, reject) => {
      this.queue.push({ req: { id: this.nextId++, op, bytes, args }, resolve, reject });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) p.reject(faceError('FACE_ENGINE_UNAVAILABLE', { reason: 'pool closed' }));
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private attach(worker: Worker): void {
    const slot: Slot = { worker, busy: null };
    worker.on('message', (reply: WorkerReply) => {
      const pending = slot.busy;
      slot.busy = null;
      if (pending && pending.req.id === reply.id) {
        if (reply.ok) pending.resolve({ result: reply.result, ms: reply.ms });
        else if (reply.error.code) pending.reject(new BiometricError(reply.error.code, reply.error.message, reply.error.details));
        else pending.reject(new Error(reply.error.message));
      }
      this.dispatch();
    });
    worker.on('error', (err) => {
      slot.busy?.reject(faceError('FACE_ENGINE_UNAVAILABLE', { reason: err.message }));
      slot.busy = null;
      const at = this.slots.indexOf(slot);
      if (at >= 0) this.slots.splice(at, 1);
    });
    worker.unref();
    this.slots.push(slot);
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (slot.busy || this.queue.length === 0) continue;
      const next = this.queue.shift()!;
      slot.busy = next;
      slot.worker.ref();
      slot.worker.postMessage(next.req);
    }
    // Idle workers must not keep the process alive.
    for (const slot of this.slots) if (!slot.busy) slot.worker.unref();
    if (this.slots.length === 0) {
      for (const p of this.queue.splice(0)) p.reject(faceError('FACE_ENGINE_UNAVAILABLE', { reason: 'no worker alive' }));
    }
  }
}

function startWorker(init: WorkerInit): Promise<{ worker: Worker; model: string }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./worker-entry.mjs', import.meta.url), { workerData: init });
    const onMessage = (event: WorkerEvent) => {
      worker.off('message', onMessage);
      worker.off('error', reject);
      if (event.type === 'ready') resolve({ worker, model: event.model });
      else {
        void worker.terminate();
        reject(new Error(event.message));
      }
    };
    worker.on('message', onMessage);
    worker.once('error', reject);
  });
}
