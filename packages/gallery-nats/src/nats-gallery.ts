/**
 * The 1:N fingerprint gallery over NATS: the same operations as the embedded FingerprintGallery
 * (add, removeSubject, search, stats), served by K shard processes (shard-service.ts) that may run
 * on other machines. Chosen in the server by GALLERY_NATS_URL; the embedded gallery stays the
 * default.
 *
 * - Writes go to the JetStream update stream, to the subject of the subject's shard (the same
 *   FNV hash as the embedded gallery), with a message ID when the caller gives an idempotency key:
 *   a retried publish is dropped by the stream, never applied twice. The call then waits until that
 *   shard has applied the update (`sync`), so a search after `add` returns sees it.
 * - Searches go to every shard at once (request/reply) and the candidate lists are merged as the
 *   embedded gallery merges its threads'. A shard that is down (or still replaying after a
 *   restart) answers "no responders": the request is retried until `retryForMs`, then fails with
 *   GALLERY_SHARD_UNAVAILABLE rather than return a silently partial list.
 */
import { connect, type JetStreamClient, type NatsConnection } from 'nats';
import { addSearchStats, BiometricError, emptySearchStats, shardOfSubject, validateRecord, validateSearch } from '@siap/biometrics/gallery';
import type { Candidate, GalleryRecord, SearchOptions, SearchProbe, SearchStats, ShardStats } from './gallery-types.ts';
import { ensureStream } from './stream.ts';
import {
  decode,
  encode,
  requestSubject,
  toWireProbe,
  toWireRecord,
  updatesSubject,
  type ShardReplyMessage,
  type ShardRequestMessage,
  type UpdateMessage,
  type UpdateResult,
} from './wire.ts';

export interface NatsGalleryOptions {
  natsUrl: string;
  /** Number of shard processes; fixed for the life of a gallery (it decides who holds whom). */
  shards: number;
  /** Gallery name (several galleries can share one NATS). */
  gallery?: string;
  /** Per request. */
  requestTimeoutMs?: number;
  /** How long to keep retrying a shard that does not answer. */
  retryForMs?: number;
}

export class NatsGallery {
  private constructor(
    private readonly nc: NatsConnection,
    private readonly js: JetStreamClient,
    private readonly options: Required<NatsGalleryOptions>,
  ) {}

  static async open(options: NatsGalleryOptions): Promise<NatsGallery> {
    if (!Number.isInteger(options.shards) || options.shards < 1) {
      throw new BiometricError('GALLERY_OPTIONS_INVALID', 'El número de fragmentos de la galería debe ser un entero positivo.');
    }
    const resolved = { gallery: 'default', requestTimeoutMs: 30_000, retryForMs: 30_000, ...options };
    const nc = await connect({ servers: resolved.natsUrl, name: `siap-gallery-${resolved.gallery}-client` });
    await ensureStream(await nc.jetstreamManager(), resolved.gallery);
    return new NatsGallery(nc, nc.jetstream(), resolved);
  }

  get shardCount(): number {
    return this.options.shards;
  }

  /**
   * Enrols a batch (re-adding a subject's finger replaces it). `idempotencyKey` (e.g. the
   * enrollment's id) makes a retried call a no-op.
   */
  async add(records: readonly GalleryRecord[], idempotencyKey?: string): Promise<{ added: number; replaced: number }> {
    records.forEach((r, i) => validateRecord(r, i));
    const parts = new Map<number, GalleryRecord[]>();
    for (const r of records) {
      const s = shardOfSubject(r.subjectId, this.options.shards);
      parts.set(s, [...(parts.get(s) ?? []), r]);
    }
    const results = await Promise.all(
      [...parts].map(([shard, part]) => this.update(shard, { kind: 'add', records: part.map(toWireRecord) }, idempotencyKey && `${idempotencyKey}:${shard}`)),
    );
    return results.reduce<{ added: number; replaced: number }>((sum, r) => ({ added: sum.added + r.added, replaced: sum.replaced + r.replaced }), { added: 0, replaced: 0 });
  }

  /** Enrols records from a stream in batches (the server feeds it from the database). */
  async load(records: Iterable<GalleryRecord> | AsyncIterable<GalleryRecord>, batchSize = 2000): Promise<number> {
    let batch: GalleryRecord[] = [];
    let count = 0;
    for await (const record of records) {
      batch.push(record);
      count++;
      if (batch.length >= batchSize) {
        await this.add(batch);
        batch = [];
      }
    }
    if (batch.length) await this.add(batch);
    return count;
  }

  async removeSubject(subjectId: string, idempotencyKey?: string): Promise<number> {
    const shard = shardOfSubject(subjectId, this.options.shards);
    return (await this.update(shard, { kind: 'removeSubject', subjectId }, idempotencyKey)).removed;
  }

  async search(probes: readonly SearchProbe[], options: SearchOptions): Promise<Candidate[]> {
    return (await this.searchDetailed(probes, options)).candidates;
  }

  async searchDetailed(probes: readonly SearchProbe[], options: SearchOptions): Promise<{ candidates: Candidate[]; stats: SearchStats }> {
    validateSearch(probes, options);
    const request: ShardRequestMessage = { kind: 'search', probes: probes.map(toWireProbe), options };
    const answers = await Promise.all(Array.from({ length: this.options.shards }, (_, s) => this.ask(s, request)));
    const candidates: Candidate[] = [];
    const stats = emptySearchStats();
    for (const a of answers) {
      if (a.kind !== 'search') continue;
      candidates.push(...a.candidates);
      addSearchStats(stats, a.stats);
    }
    // The embedded gallery's order: fused score, then subject id.
    candidates.sort((a, b) => b.score - a.score || (a.subjectId < b.subjectId ? -1 : a.subjectId > b.subjectId ? 1 : 0));
    return { candidates: candidates.slice(0, options.maxCandidates), stats };
  }

  async stats(): Promise<ShardStats[]> {
    const answers = await Promise.all(Array.from({ length: this.options.shards }, (_, s) => this.ask(s, { kind: 'stats' })));
    return answers.map((a) => (a.kind === 'stats' ? a.stats : { entries: 0, subjects: 0, bytes: 0 }));
  }

  async size(): Promise<number> {
    return (await this.stats()).reduce((sum, s) => sum + s.entries, 0);
  }

  async close(): Promise<void> {
    await this.nc.drain().catch(() => undefined);
  }

  private async update(shard: number, message: UpdateMessage, msgID: string | undefined): Promise<{ added: number; replaced: number; removed: number }> {
    const ack = await this.js.publish(updatesSubject(this.options.gallery, shard), encode(message), msgID ? { msgID } : undefined);
    const reply = await this.ask(shard, { kind: 'sync', seq: ack.seq });
    const result: UpdateResult | null = reply.kind === 'sync' ? reply.result : null;
    if (result && 'error' in result) throw new BiometricError(result.error.code, result.error.message, result.error.details);
    // A duplicate publish (same msgID) was applied the first time; nothing more to count.
    if (ack.duplicate || !result) return { added: 0, replaced: 0, removed: 0 };
    return result;
  }

  private async ask(shard: number, request: ShardRequestMessage): Promise<Exclude<ShardReplyMessage, { ok: false }>> {
    const deadline = Date.now() + this.options.retryForMs;
    let delay = 50;
    for (;;) {
      try {
        const message = await this.nc.request(requestSubject(this.options.gallery, shard), encode(request), { timeout: this.options.requestTimeoutMs });
        const reply = decode<ShardReplyMessage>(message.data);
        if (!reply.ok) throw new BiometricError(reply.code, reply.message, reply.details);
        return reply;
      } catch (error) {
        if (error instanceof BiometricError) throw error;
        if (Date.now() + delay > deadline) {
          throw new BiometricError('GALLERY_SHARD_UNAVAILABLE', 'Un fragmento de la galería biométrica no responde; intente de nuevo en unos minutos.', { shard });
        }
        await new Promise((resolve) => setTimeout(resolve, delay));
        delay = Math.min(1000, delay * 2);
      }
    }
  }
}
