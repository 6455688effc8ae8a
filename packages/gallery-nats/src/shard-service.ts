/**
 * One gallery shard as a service on NATS: the same ShardIndex a worker thread hosts in the
 * embedded gallery, fed by the shard's subject of the JetStream update stream and answering
 * search / stats / sync requests.
 *
 * Start-up replays the shard's whole subject from the stream (a fresh consumer from sequence 1), so a shard that was killed comes back with exactly what it had plus whatever was enrolled
 * while it was down; it answers requests only once it has caught up (until then a client gets "no
 * responders" and retries). Updates are applied in stream order, one at a time, and searches are
 * answered between them, so a search never sees half an update.
 */
import { AckPolicy, connect, DeliverPolicy, nanos, type ConsumerMessages, type NatsConnection, type Subscription } from 'nats';
import { BiometricError, DEFAULT_ENGINE_URL, PREFILTER_MIN_CANDIDATES, PREFILTER_PENETRATION, ShardIndex, type GalleryEngineModule } from '@siap/biometrics/gallery';
import { ensureStream } from './stream.ts';
import {
  decode,
  encode,
  fromWireProbe,
  fromWireRecord,
  requestSubject,
  streamName,
  updatesSubject,
  type ShardReplyMessage,
  type ShardRequestMessage,
  type UpdateMessage,
  type UpdateResult,
} from './wire.ts';

export interface ShardServiceOptions {
  natsUrl: string;
  gallery: string;
  shard: number;
  engineUrl?: string;
  prefilter?: { minCandidates?: number; penetration?: number; enrolledCylinders?: number };
}

/** Results of recent updates, for `sync` answers; older ones are forgotten. */
const RESULTS_KEPT = 4096;

export class ShardService {
  private nc: NatsConnection | null = null;
  private messages: ConsumerMessages | null = null;
  private requests: Subscription | null = null;
  private appliedSeq = 0;
  private readonly results = new Map<number, UpdateResult>();
  private readonly waiters: Array<{ seq: number; wake: () => void }> = [];
  private index!: ShardIndex;

  constructor(private readonly options: ShardServiceOptions) {}

  /** Connects, replays the shard's updates, then starts answering. Resolves once serving. */
  async start(): Promise<void> {
    const { galleryEngine } = (await import(this.options.engineUrl ?? DEFAULT_ENGINE_URL)) as GalleryEngineModule;
    this.index = new ShardIndex(galleryEngine, {
      minCandidates: this.options.prefilter?.minCandidates ?? PREFILTER_MIN_CANDIDATES,
      penetration: this.options.prefilter?.penetration ?? PREFILTER_PENETRATION,
      ...(this.options.prefilter?.enrolledCylinders === undefined ? {} : { enrolledCylinders: this.options.prefilter.enrolledCylinders }),
    });
    const nc = await connect({ servers: this.options.natsUrl, name: `siap-gallery-${this.options.gallery}-shard-${this.options.shard}` });
    this.nc = nc;
    const jsm = await nc.jetstreamManager();
    await ensureStream(jsm, this.options.gallery);
    const stream = streamName(this.options.gallery);
    const subject = updatesSubject(this.options.gallery, this.options.shard);
    // Where the replay ends: the stream's last sequence for this shard's subject right now.
    const info = await jsm.streams.info(stream, { subjects_filter: subject });
    const backlog = info.state.subjects?.[subject] ?? 0;
    // An ephemeral consumer of this shard's subject from the first message (server-side, so it
    // works on the nats-server 2.9 of Debian bookworm; the server drops it a minute after the
    // shard goes away). Pull consumers need explicit acks; each message is acked once applied.
    const created = await jsm.consumers.add(stream, {
      filter_subject: subject,
      deliver_policy: DeliverPolicy.All,
      ack_policy: AckPolicy.Explicit,
      inactive_threshold: nanos(60_000),
    });
    const consumer = await nc.jetstream().consumers.get(stream, created.name);
    this.messages = await consumer.consume();
    let applied = 0;
    let caughtUp: () => void = () => undefined;
    const replayed = new Promise<void>((resolve) => (caughtUp = resolve));
    if (backlog === 0) caughtUp();
    void (async () => {
      for await (const message of this.messages!) {
        this.apply(message.seq, decode<UpdateMessage>(message.data));
        message.ack();
        if (++applied >= backlog) caughtUp();
      }
    })();
    await replayed;
    this.requests = nc.subscribe(requestSubject(this.options.gallery, this.options.shard), {
      callback: (error, message) => {
        if (error) return;
        void this.answer(decode<ShardRequestMessage>(message.data)).then((reply) => message.respond(encode(reply)));
      },
    });
    await nc.flush();
  }

  private apply(seq: number, update: UpdateMessage): void {
    let result: UpdateResult;
    try {
      if (update.kind === 'add') result = { ...this.index.add(update.records.map(fromWireRecord)), removed: 0 };
      else result = { added: 0, replaced: 0, removed: this.index.removeSubject(update.subjectId) };
    } catch (error) {
      // A bad update is refused as a whole (ShardIndex leaves the shard as it was) and reported
      // to whoever syncs on it; the stream moves on.
      const e = error instanceof BiometricError ? error : new BiometricError('GALLERY_UPDATE_FAILED', 'No se pudo aplicar la actualización de la galería.');
      result = { error: { code: e.code, message: e.message, ...(e.details ? { details: e.details } : {}) } };
    }
    this.appliedSeq = seq;
    this.results.set(seq, result);
    if (this.results.size > RESULTS_KEPT) this.results.delete(this.results.keys().next().value!);
    for (let i = this.waiters.length - 1; i >= 0; i--) {
      if (this.waiters[i].seq <= seq) this.waiters.splice(i, 1)[0].wake();
    }
  }

  private async answer(request: ShardRequestMessage): Promise<ShardReplyMessage> {
    try {
      switch (request.kind) {
        case 'search':
          return { ok: true, kind: 'search', ...this.index.search(request.probes.map(fromWireProbe), request.options) };
        case 'stats':
          return { ok: true, kind: 'stats', stats: this.index.stats(), appliedSeq: this.appliedSeq };
        case 'sync':
          if (this.appliedSeq < request.seq) await new Promise<void>((wake) => this.waiters.push({ seq: request.seq, wake }));
          return { ok: true, kind: 'sync', appliedSeq: this.appliedSeq, result: this.results.get(request.seq) ?? null };
      }
    } catch (error) {
      if (error instanceof BiometricError) return { ok: false, code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) };
      return { ok: false, code: 'GALLERY_SHARD_ERROR', message: 'El fragmento de la galería falló al atender la solicitud.' };
    }
  }

  async stop(): Promise<void> {
    this.requests?.unsubscribe();
    this.messages?.stop();
    await this.nc?.drain().catch(() => undefined);
    this.nc = null;
  }
}
