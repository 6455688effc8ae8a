import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FingerprintGallery, type GalleryRecord, type SearchProbe } from '@siap/biometrics/gallery';
import { encodeTemplate } from '@siap/biometrics/formats';
import type { FingerPosition, FingerprintTemplate } from '@siap/biometrics/fingerprint';
import { impression, randomFinger, seededRandom } from '../../biometrics/src/fingerprint/matcher/synthetic-minutiae.ts';
import { NatsGallery } from './index.ts';

/**
 * The NATS gallery against the embedded one on the same synthetic prints: same candidates, same
 * scores, in the same order; then a shard process killed (SIGKILL) while enrolments go on, and
 * restarted: it catches up from the stream and the results are again identical. Runs its own
 * nats-server (Debian package nats-server) on a free port with a throwaway store.
 */
const NATS_SERVER = ['nats-server', '/usr/sbin/nats-server', '/usr/bin/nats-server'].find((p) => spawnSync(p, ['--version']).status === 0);
const REPO = fileURLToPath(new URL('../../..', import.meta.url));
const SHARD_CLI = fileURLToPath(new URL('./shard-cli.ts', import.meta.url));
const SHARDS = 2;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function waitFor(child: ChildProcess, pattern: RegExp, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`${what} did not start: ${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (pattern.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => reject(new Error(`${what} exited (${code}): ${output}`)));
  });
}

/** An impression's minutiae that fall inside its frame (the codecs store non-negative pixels). */
function probeOf(template: FingerprintTemplate): SearchProbe {
  const minutiae = template.minutiae.filter((m) => m.x >= 0 && m.y >= 0 && m.x < template.width && m.y < template.height);
  return { template: encodeTemplate({ ...template, minutiae }) };
}

describe.runIf(NATS_SERVER)('NATS JetStream gallery (shard processes)', () => {
  const random = seededRandom(4222);
  const fingers = Array.from({ length: 240 }, () => randomFinger(random));
  const record = (i: number, finger: FingerPosition): GalleryRecord => ({ subjectId: `persona-${String(i).padStart(4, '0')}`, finger, template: encodeTemplate(fingers[i]) });
  const enrolled = Array.from({ length: 200 }, (_, i) => record(i, ((i % 10) + 1) as FingerPosition));
  const probes: SearchProbe[][] = [
    ...Array.from({ length: 12 }, (_, k) => [probeOf(impression(fingers[k * 15], random))]), // mates
    ...Array.from({ length: 6 }, (_, k) => [probeOf(impression(fingers[200 + k], random))]), // not yet enrolled
  ];
  const options = { maxCandidates: 5, minScore: 0 };

  let natsDir: string;
  let nats: ChildProcess;
  let natsUrl: string;
  const shards: ChildProcess[] = [];
  let remote: NatsGallery;
  let embedded: FingerprintGallery;

  const startShard = async (shard: number) => {
    const child = spawn(process.execPath, ['--import', 'tsx', SHARD_CLI, '--nats', natsUrl, '--shard', String(shard), '--gallery', 'test'], { cwd: REPO, stdio: 'pipe' });
    shards[shard] = child;
    await waitFor(child, /serving/, `shard ${shard}`);
  };

  const results = async (gallery: NatsGallery | FingerprintGallery) =>
    Promise.all(probes.map(async (p) => (await gallery.search(p, options)).map((c) => [c.subjectId, c.score.toFixed(9)])));

  beforeAll(async () => {
    natsDir = mkdtempSync(join(tmpdir(), 'nats-'));
    const port = await freePort();
    natsUrl = `nats://127.0.0.1:${port}`;
    nats = spawn(NATS_SERVER!, ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', natsDir], { stdio: 'pipe' });
    await waitFor(nats, /Server is ready/, 'nats-server');
    await Promise.all(Array.from({ length: SHARDS }, (_, s) => startShard(s)));
    remote = await NatsGallery.open({ natsUrl, shards: SHARDS, gallery: 'test', retryForMs: 60_000 });
    embedded = await FingerprintGallery.open({ shards: SHARDS });
    await remote.add(enrolled.slice(0, 100));
    await remote.add(enrolled.slice(100));
    await embedded.add(enrolled);
  }, 180_000);

  afterAll(async () => {
    await remote?.close();
    await embedded?.close();
    for (const child of shards) child?.kill('SIGKILL');
    nats?.kill('SIGTERM');
    rmSync(natsDir, { recursive: true, force: true });
  });

  it('returns exactly what the embedded gallery returns', async () => {
    expect(await remote.size()).toBe(enrolled.length);
    const expected = await results(embedded);
    expect(expected.slice(0, 12).every((list) => list.length > 0)).toBe(true);
    expect(await results(remote)).toEqual(expected);
  });

  it('never enrols twice for a retried call with the same idempotency key', async () => {
    const extra = [record(230, 1)];
    await remote.add(extra, 'enrolment-230');
    expect(await remote.add(extra, 'enrolment-230')).toEqual({ added: 0, replaced: 0 });
    expect(await remote.size()).toBe(enrolled.length + 1);
    expect(await remote.removeSubject('persona-0230')).toBe(1);
  });

  it('a shard killed mid-run catches up from the stream on restart, nothing lost or doubled', async () => {
    shards[1].kill('SIGKILL');
    await new Promise((resolve) => shards[1].once('exit', resolve));
    // Enrolments go on while shard 1 is down: those for shard 0 complete, those for shard 1 wait
    // in the stream (and the call waits for the shard to apply them).
    const late = Array.from({ length: 40 }, (_, k) => record(200 + k, 2));
    const pending = remote.add(late, 'late-batch');
    await new Promise((resolve) => setTimeout(resolve, 500));
    await startShard(1);
    await pending;
    await embedded.add(late);
    expect(await remote.size()).toBe(enrolled.length + late.length);
    expect(await results(remote)).toEqual(await results(embedded));
  });
});
