import { afterEach, describe, expect, it } from 'vitest';
import type { FingerPosition } from '../fingerprint/types.ts';
import { FingerprintGallery, shardOfSubject } from './fingerprint-gallery.ts';
import { fuseFingerScores } from './fusion.ts';
import type { Candidate, GalleryRecord, SearchProbe } from './protocol.ts';
import { decodeToyTemplate, encodeToyTemplate, toyScore } from './testing/toy-engine.ts';
import { toyFinger, toyImpression } from './testing/toy-prints.ts';

const TOY_ENGINE = new URL('./testing/toy-engine.ts', import.meta.url);
const CRASHING_ENGINE = new URL('./testing/crashing-engine.ts', import.meta.url);
const exhaustive = { minCandidates: 1_000_000, penetration: 1 };

const open: FingerprintGallery[] = [];
async function openGallery(shards: number, options: Parameters<typeof FingerprintGallery.open>[0] = {}) {
  const gallery = await FingerprintGallery.open({ shards, engineUrl: TOY_ENGINE, ...options });
  open.push(gallery);
  return gallery;
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((g) => g.close()));
});

/** 120 subjects × 3 fingers of random toy prints (seed = subject × 10 + finger). */
function population(subjects = 120): GalleryRecord[] {
  const records: GalleryRecord[] = [];
  for (let s = 0; s < subjects; s++) {
    for (const finger of [1, 2, 6] as FingerPosition[]) {
      records.push({ subjectId: `subject-${s}`, finger, template: encodeToyTemplate(toyFinger(s * 10 + finger)) });
    }
  }
  return records;
}

/** The reference: every probe finger against every enrolled finger in one loop, fused the same way. */
function bruteForce(records: GalleryRecord[], probes: SearchProbe[], maxCandidates: number): Candidate[] {
  const bySubject = new Map<string, Candidate>();
  probes.forEach((probe, probeIndex) => {
    const p = decodeToyTemplate(probe.template);
    for (const r of records) {
      const score = toyScore(p, decodeToyTemplate(r.template));
      const c = bySubject.get(r.subjectId) ?? { subjectId: r.subjectId, score: 0, fingerScores: [], eligible: probes.map(() => 0) };
      c.eligible[probeIndex]++;
      bySubject.set(r.subjectId, c);
      const current = c.fingerScores.find((f) => f.probeIndex === probeIndex);
      if (!current) c.fingerScores.push({ probeIndex, finger: r.finger, score });
      else if (score > current.score) Object.assign(current, { finger: r.finger, score });
    }
  });
  const all = [...bySubject.values()].map((c) => ({ ...c, score: fuseFingerScores(c.fingerScores, c.eligible) }));
  all.sort((a, b) => b.score - a.score || (a.subjectId < b.subjectId ? -1 : 1));
  return all.slice(0, maxCandidates);
}

describe('FingerprintGallery', () => {
  it('spreads subjects over the shards and merges their candidates exactly as one brute-force loop', async () => {
    const records = population();
    const gallery = await openGallery(3, { prefilter: exhaustive });
    expect(await gallery.load(records, 50)).toBe(records.length);
    const stats = await gallery.stats();
    expect(stats.map((s) => s.entries).reduce((a, b) => a + b)).toBe(records.length);
    for (const s of stats) expect(s.entries).toBeGreaterThan(records.length / 6);
    expect(new Set(records.map((r) => shardOfSubject(r.subjectId, 3))).size).toBe(3);

    const probes: SearchProbe[] = [
      { finger: 1, template: encodeToyTemplate(toyImpression(toyFinger(37 * 10 + 1), 1)) },
      { finger: 6, template: encodeToyTemplate(toyImpression(toyFinger(37 * 10 + 6), 2)) },
    ];
    const got = await gallery.search(probes, { maxCandidates: 15 });
    expect(got).toEqual(bruteForce(records, probes, 15));
    expect(got[0].subjectId).toBe('subject-37');

    const single = await openGallery(1, { prefilter: exhaustive });
    await single.add(records);
    expect(await single.search(probes, { maxCandidates: 15 })).toEqual(got);
  });

  it('ranks the right subject first by fusing several fingers, and removes subjects', async () => {
    const gallery = await openGallery(2);
    await gallery.load(
      (async function* () {
        yield* population(200);
      })(),
    );
    expect(await gallery.size()).toBe(600);
    // Heavy jitter: one finger alone is weak evidence, three together are not.
    const probes: SearchProbe[] = ([1, 2, 6] as FingerPosition[]).map((finger, i) => ({
      finger,
      template: encodeToyTemplate(toyImpression(toyFinger(150 * 10 + finger), 100 + i, { jitter: 7 })),
    }));
    const [first, second] = await gallery.search(probes, { maxCandidates: 5, fingerFilter: true });
    expect(first.subjectId).toBe('subject-150');
    expect(first.fingerScores.map((f) => f.finger).sort()).toEqual([1, 2, 6]);
    expect(first.score).toBeGreaterThan(2 * second.score);

    expect(await gallery.removeSubject('subject-150')).toBe(3);
    expect(await gallery.size()).toBe(597);
    const after = await gallery.search(probes, { maxCandidates: 200, fingerFilter: true });
    expect(after.map((c) => c.subjectId)).not.toContain('subject-150');
    expect(await gallery.search(probes, { maxCandidates: 5, minScore: first.score / 2 })).toEqual([]);
  });

  it('rejects bad template bytes with the codec code and the caller’s record index', async () => {
    const gallery = await openGallery(2);
    const records = population(6);
    records[13] = { ...records[13], template: new Uint8Array([9, 9, 9]) };
    await expect(gallery.add(records)).rejects.toMatchObject({ code: 'TEMPLATE_FORMAT_INVALID', details: { index: 13 } });
    await expect(gallery.search([{ template: new Uint8Array([1]) }], { maxCandidates: 1 })).rejects.toMatchObject({
      code: 'TEMPLATE_FORMAT_INVALID',
    });
    await expect(gallery.search([], { maxCandidates: 1 })).rejects.toMatchObject({ code: 'GALLERY_SEARCH_INVALID' });
    await expect(gallery.add([{ subjectId: 'x', finger: 11 as FingerPosition, template: new Uint8Array(4) }])).rejects.toMatchObject({
      code: 'GALLERY_RECORD_INVALID',
    });
  });

  it('closes its worker threads cleanly and refuses work afterwards', async () => {
    const gallery = await openGallery(2);
    await gallery.add(population(10));
    const pendingSearch = gallery.search([{ template: encodeToyTemplate(toyFinger(11)) }], { maxCandidates: 1 });
    expect(await gallery.close()).toEqual([0, 0]);
    // A request sent before close() is answered: the shard drains its queue before it stops.
    expect((await pendingSearch)[0].subjectId).toBe('subject-1');
    await expect(gallery.size()).rejects.toMatchObject({ code: 'GALLERY_CLOSED' });
  });

  it('reports a shard that exits as an error instead of hanging', async () => {
    const gallery = await openGallery(2, { engineUrl: CRASHING_ENGINE });
    const dying = { subjectId: 'x', finger: 1 as const, template: new TextEncoder().encode('EXIT') };
    await expect(gallery.add([dying])).rejects.toMatchObject({ code: 'GALLERY_SHARD_FAILED' });
    await expect(gallery.size()).rejects.toMatchObject({ code: 'GALLERY_SHARD_FAILED' });
  });

  it('reports a shard that throws outside a request as an error', async () => {
    const gallery = await openGallery(2, { engineUrl: CRASHING_ENGINE });
    const template = encodeToyTemplate(toyFinger(1));
    const throwing = new Uint8Array(4 + template.length);
    throwing.set(new TextEncoder().encode('THRW'));
    throwing.set(template, 4);
    // The worker throws on its own event loop right after decoding: the error can reach us before
    // or after the answer to this add, so the add may already fail with the shard's failure.
    await gallery.add([{ subjectId: 'x', finger: 1, template: throwing }]).then(
      () => undefined,
      (error: { code: string }) => expect(error.code).toBe('GALLERY_SHARD_FAILED'),
    );
    // On a loaded machine the thread's exit can take well over poll's default second to arrive,
    // so wait up to 20 s for the report.
    await expect
      .poll(() => gallery.size().then(() => 'alive', (e: { code: string }) => e.code), { timeout: 20_000, interval: 100 })
      .toBe('GALLERY_SHARD_FAILED');
  });

  it('fails to open with an engine that cannot be loaded', async () => {
    await expect(openGallery(1, { engineUrl: new URL('./testing/no-such-engine.ts', import.meta.url) })).rejects.toMatchObject({
      code: 'GALLERY_SHARD_FAILED',
    });
  });
});
