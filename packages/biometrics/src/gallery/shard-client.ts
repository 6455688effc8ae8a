/**
 * The gallery's side of one shard: a worker thread plus the requests awaiting its answers. A shard
 * that dies (uncaught error, exit, unreadable message) fails every pending and future request with
 * GALLERY_SHARD_FAILED instead of leaving the caller waiting for an answer that will never come.
 */
import { Worker } from 'node:worker_threads';
import { BiometricError } from '../errors.ts';
import { SHARD_CLOSE_TIMEOUT_MS } from './parameters.ts';
import type { ShardConfig, ShardRequest, ShardResponse } from './protocol.ts';

type Request = Exclude<ShardRequest, { kind: 'close' }>;
type Answer = Exclude<ShardResponse, { kind: 'ready' } | { kind: 'error' }>;
type RequestBody = Request extends infer R ? (R extends Request ? Omit<R, 'requestId'> : never) : never;

interface Pending {
  resolve(response: Answer): void;
  reject(error: Error): void;
}

const BOOTSTRAP_URL = new URL('./shard-bootstrap.mjs', import.meta.url);
const WORKER_ENTRY_URL = new URL('./shard-worker.ts', import.meta.url).href;

export class ShardClient {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextRequestId = 1;
  private failure: BiometricError | undefined;
  private closing = false;
  private readonly exited: Promise<number>;
  readonly ready: Promise<void>;

  constructor(readonly config: ShardConfig) {
    // execArgv: [] so the worker does not inherit a loader flag of the parent (tsx's own flags
    // fail to apply to a worker's entry on Node 20); the bootstrap registers tsx itself.
    this.worker = new Worker(BOOTSTRAP_URL, { workerData: { ...config, entry: WORKER_ENTRY_URL }, execArgv: [] });
    let markReady: () => void = () => undefined;
    let markFailed: (error: Error) => void = () => undefined;
    this.ready = new Promise<void>((resolve, reject) => {
      markReady = resolve;
      markFailed = reject;
    });
    // The rejection is also delivered through the pending requests; avoid an unhandled one here.
    this.ready.catch(() => undefined);
    this.exited = new Promise((resolve) => this.worker.once('exit', resolve));
    this.worker.on('message', (response: ShardResponse) => {
      if (response.kind === 'ready') return markReady();
      const waiting = this.pending.get(response.requestId);
      if (!waiting) return;
      this.pending.delete(response.requestId);
      if (response.kind === 'error') waiting.reject(new BiometricError(response.code, response.message, response.details));
      else waiting.resolve(response);
    });
    const fail = (reason: string) => {
      if (this.closing || this.failure) return;
      this.failure = new BiometricError(
        'GALLERY_SHARD_FAILED',
        'Un fragmento de la galería biométrica dejó de responder; la búsqueda no puede completarse.',
        { shard: config.shardIndex, reason },
      );
      markFailed(this.failure);
      for (const waiting of this.pending.values()) waiting.reject(this.failure);
      this.pending.clear();
    };
    this.worker.on('error', (error) => fail(error instanceof Error ? error.message : String(error)));
    this.worker.on('messageerror', (error) => fail(`unreadable message: ${error.message}`));
    this.worker.on('exit', (code) => fail(`exited with code ${code}`));
  }

  request<K extends Request['kind']>(body: Extract<RequestBody, { kind: K }>): Promise<Extract<Answer, { kind: AnswerKind<K> }>> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.closing) {
      return Promise.reject(new BiometricError('GALLERY_CLOSED', 'La galería biométrica ya fue cerrada.'));
    }
    const requestId = this.nextRequestId++;
    return new Promise((resolve, reject) => {
      this.pending.set(requestId, { resolve: resolve as (r: Answer) => void, reject });
      this.worker.postMessage({ ...body, requestId } as Request);
    });
  }

  /** Asks the shard to stop after the requests it already has, and waits for its thread to end. */
  async close(): Promise<number> {
    if (!this.closing) {
      this.closing = true;
      if (!this.failure) this.worker.postMessage({ kind: 'close' } satisfies ShardRequest);
      const timer = setTimeout(() => void this.worker.terminate(), SHARD_CLOSE_TIMEOUT_MS);
      const code = await this.exited;
      clearTimeout(timer);
      const closed = new BiometricError('GALLERY_CLOSED', 'La galería biométrica ya fue cerrada.');
      for (const waiting of this.pending.values()) waiting.reject(closed);
      this.pending.clear();
      return code;
    }
    return this.exited;
  }
}

type AnswerKind<K extends Request['kind']> = K extends 'add'
  ? 'added'
  : K extends 'removeSubject'
    ? 'removed'
    : K extends 'search'
      ? 'candidates'
      : K extends 'savePack'
        ? 'packSaved'
        : K extends 'loadPack'
          ? 'packLoaded'
          : 'stats';
