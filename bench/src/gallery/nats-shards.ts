/**
 * `bench:gallery --nats URL --shards K`: starts K shard processes (`npm run gallery:shard`) on a
 * gallery of its own name, opens the NATS client on it, and on stop ends the processes and
 * deletes the gallery's stream, so a benchmark leaves nothing behind on the NATS server.
 * checkStream() reads the whole update stream back (each enrollment must be there once) and
 * shardMemory() the shard processes' resident memory (Linux /proc).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { connect } from 'nats';
import { NatsGallery, streamName } from '@siap/gallery-nats';

/**
 * The client's per-request timeout and retry span. The library's 30 s suit a server; a 100 k load
 * on a loaded 2-core machine can keep a shard applying one batch (decode, cylinders, codes) longer
 * than that before it answers the `sync` that follows it, and the run must not fail for it.
 */
const BENCH_REQUEST_MS = 600_000;

const REPO = fileURLToPath(new URL('../../..', import.meta.url));
const SHARD_CLI = fileURLToPath(new URL('../../../packages/gallery-nats/src/shard-cli.ts', import.meta.url));

export interface NatsBenchGallery {
  gallery: NatsGallery;
  stop(): Promise<void>;
  /** Messages per shard subject, records, distinct (subject, finger) and repeated ones in the update stream. */
  checkStream(): Promise<StreamCheck>;
  /** Each shard process's resident memory now and at its peak (VmRSS, VmHWM), in bytes. */
  shardMemory(): { pid: number; rss: number; peak: number }[];
}

export interface StreamCheck {
  messages: number;
  perSubject: Record<string, number>;
  records: number;
  distinct: number;
  repeated: number;
}

export async function startNatsGallery(natsUrl: string, shards: number, prefilter: { penetration?: number; minCandidates?: number; enrolledCylinders?: number }): Promise<NatsBenchGallery> {
  const name = `bench_${process.pid}`;
  const extra = [
    ...(prefilter.penetration !== undefined ? ['--penetration', String(prefilter.penetration)] : []),
    ...(prefilter.minCandidates !== undefined ? ['--min-candidates', String(prefilter.minCandidates)] : []),
    ...(prefilter.enrolledCylinders !== undefined ? ['--enrolled-cylinders', String(prefilter.enrolledCylinders)] : []),
  ];
  const children: ChildProcess[] = [];
  const stop = async () => {
    for (const child of children) child.kill('SIGTERM');
    const nc = await connect({ servers: natsUrl });
    await (await nc.jetstreamManager()).streams.delete(streamName(name)).catch(() => undefined);
    await nc.drain();
  };
  try {
    await Promise.all(
      Array.from({ length: shards }, (_, shard) => {
        const child = spawn(process.execPath, ['--import', 'tsx', SHARD_CLI, '--nats', natsUrl, '--shard', String(shard), '--gallery', name, ...extra], { cwd: REPO, stdio: ['ignore', 'pipe', 'inherit'] });
        children.push(child);
        return new Promise<void>((resolve, reject) => {
          child.stdout?.on('data', (chunk: Buffer) => chunk.toString().includes('serving') && resolve());
          child.on('exit', (code) => reject(new Error(`shard ${shard} exited with ${code}`)));
        });
      }),
    );
    const gallery = await NatsGallery.open({ natsUrl, shards, gallery: name, requestTimeoutMs: BENCH_REQUEST_MS, retryForMs: BENCH_REQUEST_MS });
    return {
      gallery,
      stop: async () => (await gallery.close(), await stop()),
      checkStream: () => checkStream(natsUrl, name),
      shardMemory: () => children.map((child) => ({ pid: child.pid!, ...processMemory(child.pid!) })),
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Reads every message of the gallery's update stream once (an ordered consumer) and counts what it holds. */
async function checkStream(natsUrl: string, gallery: string): Promise<StreamCheck> {
  const nc = await connect({ servers: natsUrl });
  try {
    const stream = streamName(gallery);
    const info = await (await nc.jetstreamManager()).streams.info(stream, { subjects_filter: '>' });
    const check: StreamCheck = { messages: info.state.messages, perSubject: info.state.subjects ?? {}, records: 0, distinct: 0, repeated: 0 };
    if (info.state.messages === 0) return check;
    const seen = new Set<string>();
    const consumer = await nc.jetstream().consumers.get(stream);
    const messages = await consumer.consume();
    for await (const message of messages) {
      const update = message.json<{ kind: string; records?: { subjectId: string; finger: number }[] }>();
      for (const r of update.records ?? []) {
        check.records++;
        const key = `${r.subjectId}\u0000${r.finger}`;
        if (seen.has(key)) check.repeated++;
        else seen.add(key);
      }
      if (message.info.pending === 0) break;
    }
    check.distinct = seen.size;
    return check;
  } finally {
    await nc.drain();
  }
}

function processMemory(pid: number): { rss: number; peak: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
    return { rss: kb('VmRSS'), peak: kb('VmHWM') };
  } catch {
    return { rss: NaN, peak: NaN };
  }
}
