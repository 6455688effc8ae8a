import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractTemplate, FINGERPRINT_MATCH_THRESHOLD } from '../fingerprint/index.ts';
import type { FingerPosition } from '../fingerprint/types.ts';
import { encodeTemplate } from '../formats/index.ts';
import { generateImpression, generateMasterPrint, impressionSeed } from '../synth/index.ts';
import { FingerprintGallery } from './fingerprint-gallery.ts';
import type { GalleryRecord } from './protocol.ts';
import { toyFinger, toyImpression } from './testing/toy-prints.ts';

/** The default engine: compact codec bytes, the project's matcher, the pre-filter in front. */
describe('FingerprintGallery with the project codec and matcher', () => {
  let gallery: FingerprintGallery;
  const fingers: FingerPosition[] = [2, 3, 7];
  const records: GalleryRecord[] = [];
  for (let s = 0; s < 100; s++) {
    for (const finger of fingers) {
      records.push({ subjectId: `d${s}`, finger, template: encodeTemplate(toyFinger(5000 + s * 10 + finger)) });
    }
  }

  beforeAll(async () => {
    // Pre-filter floor of 30 per shard: ~10 % of this small gallery reaches the matcher.
    gallery = await FingerprintGallery.open({ shards: 2, prefilter: { minCandidates: 30 } });
    await gallery.add(records);
  });
  afterAll(async () => {
    await gallery.close();
  });

  it('finds a synthetic print rank-1 from another impression of it', async () => {
    const master = generateMasterPrint(424242);
    const [enrolled, probe] = [0, 1].map((i) => extractTemplate(generateImpression(master, impressionSeed(424242, i))));
    await gallery.add([{ subjectId: 'synthetic-subject', finger: 1, template: encodeTemplate(enrolled) }]);
    const [best] = await gallery.search([{ finger: 1, template: encodeTemplate(probe) }], { maxCandidates: 3 });
    expect(best.subjectId).toBe('synthetic-subject');
    expect(best.score).toBeGreaterThanOrEqual(FINGERPRINT_MATCH_THRESHOLD);
    expect(await gallery.removeSubject('synthetic-subject')).toBe(1);
  });

  it('ranks a subject first from rotated, shifted impressions of three fingers', async () => {
    const probes = fingers.map((finger, i) => ({
      finger,
      template: encodeTemplate(
        toyImpression(toyFinger(5000 + 61 * 10 + finger), 300 + i, { rotation: 0.4 - 0.3 * i, dx: 20, dy: -15, jitter: 3 }),
      ),
    }));
    const { candidates, stats } = await gallery.searchDetailed(probes, { maxCandidates: 5, fingerFilter: true });
    expect(candidates[0].subjectId).toBe('d61');
    expect(candidates[0].fingerScores).toHaveLength(3);
    expect(candidates[0].score).toBeGreaterThan(candidates[1]?.score ?? 0);
    // Only pre-filter survivors were matched: 3 probe fingers × 2 shards × 30.
    expect(stats.compared).toBe(180);
  });

  it('rejects corrupted template bytes with the codec error code', async () => {
    const bytes = encodeTemplate(toyFinger(1));
    bytes[20] ^= 0xff;
    await expect(gallery.add([{ subjectId: 'x', finger: 1, template: bytes }])).rejects.toMatchObject({ code: 'TEMPLATE_CORRUPT' });
    await expect(gallery.search([{ template: bytes }], { maxCandidates: 1 })).rejects.toMatchObject({ code: 'TEMPLATE_CORRUPT' });
    expect(await gallery.size()).toBe(records.length);
  });
});
