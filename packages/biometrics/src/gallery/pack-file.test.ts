import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { FingerPosition } from '../fingerprint/types.ts';
import { ContentDigest } from './content-digest.ts';
import { FingerprintGallery } from './fingerprint-gallery.ts';
import type { GalleryRecord, SearchProbe } from './protocol.ts';
import { encodeToyTemplate } from './testing/toy-engine.ts';
import { toyFinger, toyImpression } from './testing/toy-prints.ts';

const TOY_ENGINE = new URL('./testing/toy-engine.ts', import.meta.url);
// A pre-filter that really selects (K = 8 of ≈ 250 per shard), so the packed codes and cylinders decide what is compared.
const prefilter = { minCandidates: 8, penetration: 0.01 };
const directories: string[] = [];
const galleries: FingerprintGallery[] = [];

async function openGallery(shards = 2): Promise<FingerprintGallery> {
  const gallery = await FingerprintGallery.open({ shards, engineUrl: TOY_ENGINE, prefilter });
  galleries.push(gallery);
  return gallery;
}
async function packDirectory(): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), 'siap-gallery-pack-'));
  directories.push(directory);
  return directory;
}
afterEach(async () => {
  await Promise.all(galleries.splice(0).map((g) => g.close()));
});
afterAll(async () => {
  await Promise.all(directories.map((d) => rm(d, { recursive: true, force: true })));
});

function population(subjects: number): GalleryRecord[] {
  const records: GalleryRecord[] = [];
  for (let s = 0; s < subjects; s++) {
    for (const finger of [1, 2, 7] as FingerPosition[]) {
      records.push({ subjectId: `p-${s}`, finger, template: encodeToyTemplate(toyFinger(7000 + s * 10 + finger)) });
    }
  }
  return records;
}

function digestOf(records: GalleryRecord[]): string {
  const digest = new ContentDigest();
  for (const r of records) digest.add(r.subjectId, r.finger, r.template);
  return digest.toString();
}

const probes: SearchProbe[][] = [3, 41, 99, 150].map((s) => [
  { finger: 2, template: encodeToyTemplate(toyImpression(toyFinger(7000 + s * 10 + 2), s)) },
  { finger: 7, template: encodeToyTemplate(toyImpression(toyFinger(7000 + s * 10 + 7), s + 1)) },
]);

async function answers(gallery: FingerprintGallery) {
  return Promise.all(probes.map((p) => gallery.searchDetailed(p, { maxCandidates: 10 })));
}

describe('gallery packs (warm start)', () => {
  it('comes back from its pack answering every search exactly as the gallery built from the templates', async () => {
    const records = population(160);
    const built = await openGallery();
    await built.load(records, 100);
    // A re-enrolment and a removal before packing: the pack holds what the gallery holds.
    await built.add([{ subjectId: 'p-5', finger: 2, template: encodeToyTemplate(toyFinger(99_999)) }]);
    await built.removeSubject('p-6');
    const current = records
      .filter((r) => r.subjectId !== 'p-6' && !(r.subjectId === 'p-5' && r.finger === 2))
      .concat({ subjectId: 'p-5', finger: 2, template: encodeToyTemplate(toyFinger(99_999)) });
    const directory = await packDirectory();
    const { digest } = await built.savePack(directory);
    // The digest of the gallery's contents is the one the records it holds give, in any order.
    expect(digest).toBe(digestOf([...current].reverse()));
    const expected = await answers(built);
    expect(expected.every((a) => a.stats.compared < a.stats.scanned)).toBe(true);

    const warm = await openGallery();
    expect(await warm.loadPack(directory, digest)).toBe(current.length);
    expect(await answers(warm)).toEqual(expected);
    expect((await warm.stats()).map((s) => s.subjects)).toEqual((await built.stats()).map((s) => s.subjects));
    // Still a working gallery after a warm start.
    expect(await warm.removeSubject('p-3')).toBe(3);
    expect((await warm.search(probes[0], { maxCandidates: 10 })).map((c) => c.subjectId)).not.toContain('p-3');
  });

  it('refuses a stale pack (other records, other shard count, other index scheme) and leaves the gallery empty to be rebuilt', async () => {
    const records = population(60);
    const built = await openGallery();
    await built.load(records);
    const directory = await packDirectory();
    const { digest } = await built.savePack(directory);

    const changed = digestOf([...records, { subjectId: 'new', finger: 1, template: encodeToyTemplate(toyFinger(1)) }]);
    const warm = await openGallery();
    await expect(warm.loadPack(directory, changed)).rejects.toMatchObject({ code: 'GALLERY_PACK_STALE' });
    expect(await warm.size()).toBe(0);
    const threeShards = await openGallery(3);
    await expect(threeShards.loadPack(directory, digest)).rejects.toMatchObject({ code: 'GALLERY_PACK_STALE' });

    const header = JSON.parse(await readFile(join(directory, 'header.json'), 'utf8'));
    // A pack of the former file format (1: no postings, every code in the column) is refused, not misread.
    await writeFile(join(directory, 'header.json'), JSON.stringify({ ...header, format: 1 }));
    await expect(warm.loadPack(directory, digest)).rejects.toMatchObject({ code: 'GALLERY_PACK_STALE', details: { reason: 'scheme' } });
    await writeFile(join(directory, 'header.json'), JSON.stringify({ ...header, scheme: 'cylinder-lsh-0' }));
    await expect(warm.loadPack(directory, digest)).rejects.toMatchObject({ code: 'GALLERY_PACK_STALE' });
    await expect(warm.loadPack(await packDirectory(), digest)).rejects.toMatchObject({ code: 'GALLERY_PACK_MISSING' });
  });

  it('keeps at most enrolledCylinders cylinders per enrolled finger, still finds the mates, and packs under its own scheme', async () => {
    const records = population(80);
    const all = await openGallery();
    await all.load(records);
    const capped = await FingerprintGallery.open({ shards: 2, engineUrl: TOY_ENGINE, prefilter: { ...prefilter, enrolledCylinders: 20 } });
    galleries.push(capped);
    await capped.load(records);
    const cylinders = async (g: FingerprintGallery) => {
      const stats = await g.stats();
      // One direction byte per stored cylinder.
      return stats.reduce((n, s) => n + (s.columns?.cylinderDirections ?? 0), 0) / stats.reduce((n, s) => n + s.entries, 0);
    };
    expect(await cylinders(all)).toBeGreaterThan(25);
    expect(await cylinders(capped)).toBeLessThanOrEqual(20);
    // The central cylinders still carry the mates (the full match sees every minutia).
    // (probes 0 and 1 search subjects p-3 and p-41, both enrolled here.)
    expect((await capped.search(probes[0], { maxCandidates: 1 }))[0].subjectId).toBe('p-3');
    expect((await capped.search(probes[1], { maxCandidates: 1 }))[0].subjectId).toBe('p-41');
    // A pack written under the cap is another scheme: refused by a gallery without it, read by one with it.
    const directory = await packDirectory();
    const { digest } = await capped.savePack(directory);
    const plain = await openGallery();
    await expect(plain.loadPack(directory, digest)).rejects.toMatchObject({ code: 'GALLERY_PACK_STALE', details: { reason: 'scheme' } });
    const warm = await FingerprintGallery.open({ shards: 2, engineUrl: TOY_ENGINE, prefilter: { ...prefilter, enrolledCylinders: 20 } });
    galleries.push(warm);
    expect(await warm.loadPack(directory, digest)).toBe(records.length);
    expect(await answers(warm)).toEqual(await answers(capped));
    await expect(FingerprintGallery.open({ shards: 1, engineUrl: TOY_ENGINE, prefilter: { enrolledCylinders: 0 } })).rejects.toMatchObject({ code: 'GALLERY_OPTIONS_INVALID' });
  });

  it('encrypts the pack with a key and refuses it under another key or none', async () => {
    const records = population(50);
    const built = await openGallery();
    await built.load(records);
    const directory = await packDirectory();
    const key = randomBytes(32);
    const { digest } = await built.savePack(directory, key);
    const expected = await answers(built);
    // No template's bytes appear in the files.
    const file = await readFile(join(directory, 'shard-0.bin'));
    expect(records.some((r) => file.includes(Buffer.from(r.template)))).toBe(false);
    const warm = await openGallery();
    await expect(warm.loadPack(directory, digest, randomBytes(32))).rejects.toMatchObject({ code: 'GALLERY_PACK_INVALID', details: { reason: 'key' } });
    await expect(warm.loadPack(directory, digest)).rejects.toMatchObject({ code: 'GALLERY_PACK_INVALID' });
    expect(await warm.size()).toBe(0);
    expect(await warm.loadPack(directory, digest, key)).toBe(records.length);
    expect(await answers(warm)).toEqual(expected);
  });

  it('refuses a damaged shard file, empties the shards it had restored, and rebuilds from the templates', async () => {
    const records = population(80);
    const built = await openGallery();
    await built.load(records);
    const directory = await packDirectory();
    const { digest } = await built.savePack(directory);
    const expected = await answers(built);

    // One byte flipped in the middle of the second shard's file (its columns).
    const path = join(directory, 'shard-1.bin');
    const bytes = await readFile(path);
    bytes[bytes.length >> 1] ^= 0x40;
    await writeFile(path, bytes);
    const warm = await openGallery();
    await expect(warm.loadPack(directory, digest)).rejects.toMatchObject({ code: 'GALLERY_PACK_INVALID', details: { reason: 'checksum' } });
    expect(await warm.size()).toBe(0);
    // A truncated file is refused as well.
    await writeFile(path, bytes.subarray(0, 100));
    await expect(warm.loadPack(directory, digest)).rejects.toMatchObject({ code: 'GALLERY_PACK_INVALID' });
    expect(await warm.size()).toBe(0);

    await warm.load(records);
    expect(await answers(warm)).toEqual(expected);
    // The rebuilt gallery's pack replaces the damaged one.
    await warm.savePack(directory);
    const again = await openGallery();
    expect(await again.loadPack(directory, digest)).toBe(records.length);
    expect(await answers(again)).toEqual(expected);
  });
});
