import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BiometricError } from '../errors.ts';
import type { FingerPosition } from '../fingerprint/types.ts';
import { PREFILTER_MIN_CANDIDATES, PREFILTER_PENETRATION } from './parameters.ts';
import { readShardFile, writeShardFile } from './pack-file.ts';
import { ShardIndex } from './shard-index.ts';
import { indexCodes } from './cylinder-codes.ts';
import { encodeToyTemplate, galleryEngine } from './testing/toy-engine.ts';
import { toyFinger, toyImpression } from './testing/toy-prints.ts';

const exhaustive = { minCandidates: 1_000_000, penetration: 1 };
const record = (subjectId: string, finger: FingerPosition, seed: number) => ({
  subjectId,
  finger,
  template: encodeToyTemplate(toyFinger(seed)),
});

/** Byte equality of two typed arrays (toEqual walks millions of elements one by one). */
const sameBytes = (a: ArrayBufferView, b: ArrayBufferView) =>
  Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

describe('ShardIndex', () => {
  it('replaces a re-enrolled finger and removes every finger of a subject', () => {
    const shard = new ShardIndex(galleryEngine, exhaustive);
    expect(shard.add([record('a', 1, 1), record('a', 2, 2), record('b', 1, 3)])).toEqual({ added: 3, replaced: 0 });
    expect(shard.add([record('a', 2, 4)])).toEqual({ added: 0, replaced: 1 });
    expect(shard.size).toBe(3);
    const probe = [{ template: encodeToyTemplate(toyImpression(toyFinger(4), 1)) }];
    expect(shard.search(probe, { maxCandidates: 1 }).candidates[0]).toMatchObject({ subjectId: 'a', fingerScores: [{ finger: 2 }] });
    expect(shard.removeSubject('a')).toBe(2);
    expect(shard.removeSubject('a')).toBe(0);
    expect(shard.size).toBe(1);
    expect(shard.search(probe, { maxCandidates: 5 }).candidates.map((c) => c.subjectId)).toEqual(['b']);
  });

  it('keeps answering correctly after compacting thousands of removed entries', () => {
    const shard = new ShardIndex(galleryEngine, exhaustive);
    shard.add(Array.from({ length: 3000 }, (_, i) => record(`s${i}`, 1, i)));
    for (let i = 0; i < 2600; i++) shard.removeSubject(`s${i}`);
    expect(shard.size).toBe(400);
    expect(shard.stats().subjects).toBe(400);
    const probe = [{ template: encodeToyTemplate(toyImpression(toyFinger(2900), 5)) }];
    const [best] = shard.search(probe, { maxCandidates: 3 }).candidates;
    expect(best.subjectId).toBe('s2900');
    // The moved entries still belong to their subjects: removing one removes exactly its finger.
    expect(shard.removeSubject('s2900')).toBe(1);
    expect(shard.search(probe, { maxCandidates: 400 }).candidates.map((c) => c.subjectId)).not.toContain('s2900');
  });

  it('rejects a batch with bad template bytes as a whole, with the codec error code', () => {
    const shard = new ShardIndex(galleryEngine, exhaustive);
    const bad = { subjectId: 'x', finger: 3 as const, template: new Uint8Array([1, 2, 3, 4, 5]) };
    let error: unknown;
    try {
      shard.add([record('a', 1, 1), bad]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BiometricError);
    expect(error).toMatchObject({ code: 'TEMPLATE_FORMAT_INVALID', details: { index: 1 } });
    expect(shard.size).toBe(0);
    expect(() => shard.search([{ template: new Uint8Array(0) }], { maxCandidates: 1 })).toThrow(
      expect.objectContaining({ code: 'GALLERY_TEMPLATE_INVALID' }),
    );
    expect(() => shard.add([{ subjectId: '', finger: 1, template: new Uint8Array(20) }])).toThrow(
      expect.objectContaining({ code: 'GALLERY_RECORD_INVALID' }),
    );
  });

  it('matches only the probe finger position with fingerFilter', () => {
    const shard = new ShardIndex(galleryEngine, { minCandidates: 1, penetration: 0 });
    shard.add([record('a', 1, 10), record('a', 2, 11), record('b', 0, 12), ...Array.from({ length: 50 }, (_, i) => record(`d${i}`, 3, 100 + i))]);
    const probe = [{ finger: 2 as const, template: encodeToyTemplate(toyImpression(toyFinger(11), 3)) }];
    const { candidates, stats } = shard.search(probe, { maxCandidates: 10, fingerFilter: true });
    // With K = 1 only the best of the two eligible fingers (a/2 and b/0) reaches the matcher.
    expect(stats).toEqual({ scanned: 53, compared: 1, indexMs: 0, rerankMs: 0, matchMs: 0 });
    expect(candidates.map((c) => c.subjectId)).toEqual(['a']);
  });

  it('by default hands the matcher PREFILTER_MIN_CANDIDATES per probe finger until the penetration share is larger', () => {
    const shard = new ShardIndex(galleryEngine, { minCandidates: PREFILTER_MIN_CANDIDATES, penetration: PREFILTER_PENETRATION });
    const size = PREFILTER_MIN_CANDIDATES + 100;
    shard.add(Array.from({ length: size }, (_, i) => record(`s${i}`, 0, 8000 + i)));
    const probe = [{ template: encodeToyTemplate(toyImpression(toyFinger(8000 + 77), 41)) }];
    const { candidates, stats } = shard.search(probe, { maxCandidates: 1 });
    // 500 of 600 here: the floor, since 0.3 % of 600 is 2; at 1 M fingers on 2 shards the share (1,500) decides.
    expect(stats.compared).toBe(PREFILTER_MIN_CANDIDATES);
    expect(Math.ceil(PREFILTER_PENETRATION * 500_000)).toBeGreaterThan(PREFILTER_MIN_CANDIDATES);
    expect(candidates[0].subjectId).toBe('s77');
  });

  it('sends the mate through the pre-filter while comparing at most the penetration bound', () => {
    const penetration = 0.02;
    const shard = new ShardIndex(galleryEngine, { minCandidates: 1, penetration });
    shard.add(Array.from({ length: 600 }, (_, i) => record(`s${i}`, 0, 5000 + i)));
    const bound = Math.ceil(penetration * 600);
    for (let t = 0; t < 10; t++) {
      const mate = t * 59;
      const probe = [{ template: encodeToyTemplate(toyImpression(toyFinger(5000 + mate), 300 + t)) }];
      const { candidates, stats } = shard.search(probe, { maxCandidates: 1 });
      expect(stats.scanned).toBe(600);
      expect(stats.compared).toBeLessThanOrEqual(bound);
      expect(candidates[0].subjectId).toBe(`s${mate}`);
    }
  });

  it('packs into typed arrays and comes back answering the same, refusing stale or damaged packs', () => {
    const options = { minCandidates: 5, penetration: 0.02 };
    const shard = new ShardIndex(galleryEngine, options);
    shard.add(Array.from({ length: 400 }, (_, i) => record(`s${i}`, ((i % 10) + 1) as FingerPosition, 9000 + i)));
    for (let i = 0; i < 400; i += 7) shard.removeSubject(`s${i}`);
    // Through structured clone, as a packed shard crosses a worker boundary or a file.
    const packed = structuredClone(shard.pack());
    const copy = ShardIndex.fromPacked(galleryEngine, options, packed);
    expect(copy.stats()).toMatchObject({ entries: shard.stats().entries, subjects: shard.stats().subjects });
    for (const seed of [9001, 9100, 9399, 9014]) {
      const probe = [{ template: encodeToyTemplate(toyImpression(toyFinger(seed), seed)) }];
      expect(copy.search(probe, { maxCandidates: 5 })).toEqual(shard.search(probe, { maxCandidates: 5 }));
    }
    // Still a working shard: enrolment and removal after the warm start.
    expect(copy.add([record('s1', 2, 9999)])).toEqual({ added: 0, replaced: 1 });
    expect(copy.add([record('new', 1, 9998)])).toEqual({ added: 1, replaced: 0 });
    expect(copy.removeSubject('s2')).toBe(1);
    expect(copy.removeSubject('s7')).toBe(0);
    expect(() => ShardIndex.fromPacked(galleryEngine, options, { ...packed, scheme: 'triangles-0' })).toThrow(
      expect.objectContaining({ code: 'GALLERY_PACK_STALE' }),
    );
    expect(() => ShardIndex.fromPacked(galleryEngine, options, { ...packed, fingers: packed.fingers.slice(1) })).toThrow(
      expect.objectContaining({ code: 'GALLERY_PACK_INVALID' }),
    );
    expect(() => ShardIndex.fromPacked(galleryEngine, options, { ...packed, arena: packed.arena.slice(0, 10) })).toThrow(
      expect.objectContaining({ code: 'GALLERY_PACK_INVALID' }),
    );
  });

  it('keeps the codes of indexed entries only in the postings, and gives every entry its codes back for a pack or a compaction', () => {
    const options = { minCandidates: 5, penetration: 0.01 };
    const shard = new ShardIndex(galleryEngine, options);
    const records = Array.from({ length: 1500 }, (_, i) => record(`s${i}`, ((i % 10) + 1) as FingerPosition, 20_000 + i));
    shard.add(records.slice(0, 1000));
    shard.seal();
    // After seal() the code column is empty: the postings hold the codes.
    expect(shard.stats().columns?.codes).toBe(0);
    // Some removed after the build, some added after it (the delta, scanned from the column).
    for (let i = 0; i < 1000; i += 9) shard.removeSubject(`s${i}`);
    shard.add(records.slice(1000));
    const probes = [20_003, 20_500, 21_200, 21_499].map((seed) => [{ template: encodeToyTemplate(toyImpression(toyFinger(seed), seed)) }]);
    const answers = probes.map((p) => shard.search(p, { maxCandidates: 5 }));
    const packed = shard.pack();
    // Every live entry's codes, read back from postings or column, are the ones indexCodes gives.
    const full = shard.fullCodes();
    for (let e = 0; e < packed.used; e++) {
      if (packed.subjectOf[e] === -1) continue;
      const template = galleryEngine.decode(packed.arena.subarray(packed.templateOffset[e], packed.templateOffset[e] + packed.templateLength[e]));
      expect(Array.from(full.codes.subarray(full.codeOffset[e], full.codeOffset[e] + packed.codeCount[e]))).toEqual(Array.from(indexCodes(template)));
    }
    // The pack carries the postings of the first 1,000 entries and, in the column, only the delta's codes.
    expect(packed.postingsUsed).toBe(1000);
    expect(packed.codes.length).toBe(Array.from(packed.codeCount.subarray(1000)).reduce((n, c) => n + c, 0));
    // A shard adopting those postings (not rebuilt) answers the same and gives the same codes back.
    const copy = ShardIndex.fromPacked(galleryEngine, options, structuredClone(packed));
    probes.forEach((p, i) => expect(copy.search(p, { maxCandidates: 5 })).toEqual(answers[i]));
    expect(sameBytes(copy.fullCodes().codes, full.codes)).toBe(true);
    // Compaction moves entries: the shard takes its codes back from the postings first.
    for (let i = 0; i < 1500; i++) if (i % 5 !== 0) shard.removeSubject(`s${i}`);
    expect(shard.size).toBe(300 - 23);
    const [best] = shard.search([{ template: encodeToyTemplate(toyImpression(toyFinger(21_200), 7)) }], { maxCandidates: 1 }).candidates;
    expect(best.subjectId).toBe('s1200');
  });

  it('persists the postings: a round trip gives them back byte for byte and unrebuilt; damaged ones are refused', () => {
    const options = { minCandidates: 5, penetration: 0.01 };
    const shard = new ShardIndex(galleryEngine, options);
    shard.add(Array.from({ length: 300 }, (_, i) => record(`s${i}`, ((i % 10) + 1) as FingerPosition, 30_000 + i)));
    shard.seal();
    const packed = structuredClone(shard.pack());
    expect(packed.postingsUsed).toBe(300);
    // Every live code once, Elias–Fano coded: fewer bytes than 3 per posting.
    expect(packed.postingStart[packed.postingStart.length - 1]).toBe(Array.from(packed.codeCount).reduce((n, c) => n + c, 0));
    expect(packed.postingBytes.length).toBeLessThan(3 * packed.postingStart[packed.postingStart.length - 1]);
    expect(packed.codes.length).toBe(0);
    const adopted = structuredClone(packed);
    const copy = ShardIndex.fromPacked(galleryEngine, options, adopted);
    // seal() after a warm load keeps the code table the pack carried (no delta to index): not
    // rebuilt. The postings themselves were copied once, into the compiled walk's memory.
    copy.seal();
    const again = copy.pack();
    expect(again.postingStart).toBe(adopted.postingStart);
    expect(sameBytes(again.postingStart, packed.postingStart)).toBe(true);
    expect(sameBytes(again.postingBytes, packed.postingBytes)).toBe(true);
    const probe = [{ template: encodeToyTemplate(toyImpression(toyFinger(30_321), 3)) }];
    expect(copy.search(probe, { maxCandidates: 5 })).toEqual(shard.search(probe, { maxCandidates: 5 }));

    const refused = (changed: Partial<typeof packed>) =>
      expect(() => ShardIndex.fromPacked(galleryEngine, options, { ...packed, ...changed })).toThrow(
        expect.objectContaining({ code: 'GALLERY_PACK_INVALID' }),
      );
    // A list whose high bits no longer add up (the last list's last byte set throughout).
    const damaged = packed.postingBytes.slice();
    damaged[damaged.length - 1] = 0xff;
    refused({ postingBytes: damaged });
    // Lists read against fewer indexed entries than they name.
    refused({ postingsUsed: 150 });
    // A code table that is not a running count, or does not end at the postings' length.
    const unordered = packed.postingStart.slice();
    let at = 1;
    while (unordered[at] === unordered[at - 1]) at++;
    unordered[at] = unordered[at - 1] - 1;
    refused({ postingStart: unordered });
    refused({ postingBytes: packed.postingBytes.slice(3) });
    refused({ postingStart: packed.postingStart.slice(1) });
    // More indexed entries than the shard has, or postings without their code table.
    refused({ postingsUsed: 301 });
    refused({ postingStart: new Uint32Array(0) });
  });

  it("reads a shard file's postings straight into the walk's memory and adopts them there, without a copy", async () => {
    const options = { minCandidates: 5, penetration: 0.01 };
    const shard = new ShardIndex(galleryEngine, options);
    shard.add(Array.from({ length: 300 }, (_, i) => record(`s${i}`, ((i % 10) + 1) as FingerPosition, 40_000 + i)));
    shard.seal();
    const directory = await mkdtemp(join(tmpdir(), 'siap-shard-file-'));
    try {
      const path = join(directory, 'shard-0.bin');
      const written = await writeShardFile(path, shard.pack());
      const read = await readShardFile(path, written);
      const warm = ShardIndex.fromPacked(galleryEngine, options, read);
      // The shard walks the very bytes the file was read into (the view is the kernel's), and they are the built ones.
      expect(warm.pack().postingBytes).toBe(read.postingBytes);
      expect(sameBytes(read.postingBytes, shard.pack().postingBytes)).toBe(true);
      const probe = [{ template: encodeToyTemplate(toyImpression(toyFinger(40_123), 2)) }];
      expect(warm.search(probe, { maxCandidates: 5 })).toEqual(shard.search(probe, { maxCandidates: 5 }));
      // A copy of those columns (not placed by the reader) is still adopted, by copying.
      const copied = ShardIndex.fromPacked(galleryEngine, options, structuredClone(read));
      expect(copied.pack().postingBytes).not.toBe(read.postingBytes);
      expect(copied.search(probe, { maxCandidates: 5 })).toEqual(shard.search(probe, { maxCandidates: 5 }));
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
