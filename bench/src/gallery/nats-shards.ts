/**
 * `bench:gallery --nats URL --shards K`: starts K shard processes (`npm run gallery:shard`) on a
 * gallery of its own name, opens the NATS client on it, and on stop ends the processes and
 * deletes the gallery's stream, so a benchmark leaves nothing behind on the NATS server.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { connect } from 'nats';
import { NatsGallery, streamName } from '@siap/gallery-nats';

const REPO = fileURLToPath(new URL('../../..', import.meta.url));
const SHARD_CLI = fileURLToPath(new URL('../../../packages/gallery-nats/src/shard-cli.ts', import.meta.url));

export interface NatsBenchGallery {
  gallery: NatsGallery;
  stop(): Promise<void>;
}

export async function startNatsGallery(natsUrl: string, shards: number, prefilter: { penetration?: number; minCandidates?: number }): Promise<NatsBenchGallery> {
  const name = `bench_${process.pid}`;
  const extra = [
    ...(prefilter.penetration !== undefined ? ['--penetration', String(prefilter.penetration)] : []),
    ...(prefilter.minCandidates !== undefined ? ['--min-candidates', String(prefilter.minCandidates)] : []),
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
    const gallery = await NatsGallery.open({ natsUrl, shards, gallery: name });
    return { gallery, stop: async () => (await gallery.close(), await stop()) };
  } catch (error) {
    await stop();
    throw error;
  }
}
