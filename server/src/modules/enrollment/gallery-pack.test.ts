import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { FingerprintTemplate } from '@siap/biometrics/fingerprint';
import { encodeTemplate } from '@siap/biometrics/formats';
import { BiometricGallery, type GallerySubject } from './gallery.ts';

/** Random minutiae (seeded), encoded with the real codec: the real matcher and index run on them. */
function finger(seed: number): Uint8Array {
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const template: FingerprintTemplate = {
    width: 400,
    height: 450,
    minutiae: Array.from({ length: 45 }, () => ({
      x: Math.round(40 + random() * 320),
      y: Math.round(40 + random() * 370),
      direction: random() * 2 * Math.PI,
      type: random() < 0.5 ? ('ending' as const) : ('bifurcation' as const),
      quality: 80,
    })),
  };
  return encodeTemplate(template);
}

function people(count: number, seedBase = 1000): GallerySubject[] {
  return Array.from({ length: count }, (_, i) => ({
    personId: `person-${i}`,
    fingers: [2, 7].map((position) => ({ position, template: finger(seedBase + i * 10 + position) })),
    face: null,
  }));
}

const directories: string[] = [];
afterAll(async () => {
  await Promise.all(directories.map((d) => rm(d, { recursive: true, force: true })));
});

async function search(gallery: BiometricGallery, template: Uint8Array) {
  return (await gallery.searchFingers([{ finger: 2, template }], { maxCandidates: 3 })).map((c) => ({ subjectId: c.subjectId, score: c.score }));
}

describe('BiometricGallery warm start from its pack', () => {
  it('reads the pack when it holds what the database holds, rebuilds it when it is stale, damaged or under another key', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'siap-server-gallery-pack-'));
    directories.push(directory);
    let subjects = people(30);
    let key = randomBytes(32);
    const pack = { directory, key: () => key };
    const start = () => new BiometricGallery(async () => subjects, 2, null, pack);
    const probe = subjects[4].fingers[0].template;

    const first = start();
    const expected = await search(first, probe);
    expect(first.loadedFrom).toBe('templates');
    expect(expected[0].subjectId).toBe('person-4');
    await first.close();

    // Same database: the pack is read, and answers the same.
    const second = start();
    expect(await search(second, probe)).toEqual(expected);
    expect(second.loadedFrom).toBe('pack');
    // An enrollment while running: close() packs again, so the next start is warm and sees it.
    const enrolled = { personId: 'person-new', fingers: [{ position: 2, template: finger(77) }], face: null };
    await second.replace(enrolled);
    subjects = [...subjects, enrolled];
    await second.close();
    const third = start();
    expect((await search(third, finger(77)))[0].subjectId).toBe('person-new');
    expect(third.loadedFrom).toBe('pack');
    await third.close();

    // The database changed while the service was down: the pack is stale, refused and rebuilt.
    subjects = subjects.filter((s) => s.personId !== 'person-4');
    const fourth = start();
    expect((await search(fourth, probe)).map((c) => c.subjectId)).not.toContain('person-4');
    expect(fourth.loadedFrom).toBe('templates');
    await fourth.close();
    const fifth = start();
    await fifth.ready();
    expect(fifth.loadedFrom).toBe('pack');
    await fifth.close();

    const seven = subjects.find((s) => s.personId === 'person-7')!.fingers[0].template;
    // A damaged shard file, then a rotated key: both refused, both rebuilt from the templates.
    const path = join(directory, 'shard-0.bin');
    const bytes = await readFile(path);
    bytes[bytes.length >> 1] ^= 1;
    await writeFile(path, bytes);
    const sixth = start();
    const rebuilt = await search(sixth, seven);
    expect(rebuilt[0].subjectId).toBe('person-7');
    expect(sixth.loadedFrom).toBe('templates');
    await sixth.close();
    key = randomBytes(32);
    const seventh = start();
    expect(await search(seventh, seven)).toEqual(rebuilt);
    expect(seventh.loadedFrom).toBe('templates');
    await seventh.close();
  });
});
