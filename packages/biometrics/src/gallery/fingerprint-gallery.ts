/**
 * The 1:N fingerprint gallery: enrolled fingers spread over shards (one worker thread each, by
 * default one per core), every search broadcast to all shards and their candidate lists merged.
 *
 * Subjects are assigned to shards by a hash of their id, so all fingers of a subject live in one
 * shard: multi-finger fusion and "remove subject" stay local to it, and merging is a plain sort of
 * the shards' lists (they never name the same subject). The shards speak only the plain messages of
 * protocol.ts, so one could live on another machine behind the same ShardClient interface.
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { BiometricError } from '../errors.ts';
import { DEFAULT_ENGINE_URL } from './engine.ts';
import { LOAD_BATCH_SIZE, PREFILTER_MIN_CANDIDATES, PREFILTER_PENETRATION } from './parameters.ts';
import type { Candidate, GalleryRecord, PrefilterOptions, SearchOptions, SearchProbe, SearchStats, ShardStats } from './protocol.ts';
import { addSearchStats, emptySearchStats } from './protocol.ts';
import { ShardClient } from './shard-client.ts';
import { ContentDigest } from './content-digest.ts';
import { indexScheme } from './cylinder-codes.ts';
import { PACK_FORMAT, beginPack, readPackHeader, shardFileName, writePackHeader } from './pack-file.ts';
import { validateRecord, validateSearch } from './validation.ts';

export interface GalleryOptions {
  /** Worker threads; default one per core. */
  shards?: number;
  /** Module exporting `galleryEngine` (engine.ts); default the project's codec and matcher. */
  engineUrl?: string | URL;
  /** Pre-filter survivors per probe finger and shard (parameters.ts gives the measured defaults). */
  prefilter?: Partial<PrefilterOptions>;
}

export class FingerprintGallery {
  private closed = false;

  private constructor(
    private readonly shards: ShardClient[],
    /** indexScheme() of these shards' packs. */
    private readonly scheme: string,
  ) {}

  /** Starts the shards and waits until each has loaded its engine. */
  static async open(options: GalleryOptions = {}): Promise<FingerprintGallery> {
    const count = options.shards ?? availableParallelism();
    if (!Number.isInteger(count) || count < 1) {
      throw new BiometricError('GALLERY_OPTIONS_INVALID', 'El número de fragmentos de la galería debe ser un entero positivo.');
    }
    const prefilter: PrefilterOptions = {
      minCandidates: options.prefilter?.minCandidates ?? PREFILTER_MIN_CANDIDATES,
      penetration: options.prefilter?.penetration ?? PREFILTER_PENETRATION,
      ...(options.prefilter?.enrolledCylinders === undefined ? {} : { enrolledCylinders: options.prefilter.enrolledCylinders }),
    };
    const cap = prefilter.enrolledCylinders;
    if (cap !== undefined && (!Number.isInteger(cap) || cap < 1)) {
      throw new BiometricError('GALLERY_OPTIONS_INVALID', 'El máximo de cilindros por huella enrolada debe ser un entero positivo.');
    }
    const engineUrl = String(options.engineUrl ?? DEFAULT_ENGINE_URL);
    const shards = Array.from({ length: count }, (_, shardIndex) => new ShardClient({ shardIndex, engineUrl, prefilter }));
    const gallery = new FingerprintGallery(shards, indexScheme(prefilter.enrolledCylinders));
    try {
      await Promise.all(shards.map((s) => s.ready));
    } catch (error) {
      await gallery.close();
      throw error;
    }
    return gallery;
  }

  /**
   * Enrols records from a stream (the server feeds it from the database at start), in batches so
   * memory stays bounded whatever the stream's length. Returns how many records were read.
   */
  async load(records: Iterable<GalleryRecord> | AsyncIterable<GalleryRecord>, batchSize = LOAD_BATCH_SIZE): Promise<number> {
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
    if (batch.length > 0) await this.add(batch);
    await this.seal();
    return count;
  }

  /** Trims every shard's arrays to size and builds its inverted index (done by load()). */
  async seal(): Promise<void> {
    this.assertOpen();
    await Promise.all(this.shards.map((s) => s.request({ kind: 'seal' })));
  }

  /**
   * Persists every shard's computed index to `directory` (pack-file.ts), each shard writing its own
   * file (encrypted when a 32-byte `key` is given: it holds templates), and the header last. Returns the content digest of what was written: the figure a later
   * start must find over its records (ContentDigest) for the pack to be taken.
   */
  async savePack(directory: string, key?: Uint8Array): Promise<{ digest: string; bytes: number }> {
    this.assertOpen();
    await beginPack(directory);
    const written = await Promise.all(
      this.shards.map((s, i) => s.request({ kind: 'savePack', path: join(directory, shardFileName(i)), key })),
    );
    const digest = new ContentDigest();
    for (const w of written) digest.merge(ContentDigest.parse(w.digest));
    await writePackHeader(directory, {
      format: PACK_FORMAT,
      scheme: this.scheme,
      digest: digest.toString(),
      shards: written.map((w, i) => ({ file: shardFileName(i), bytes: w.bytes, sha256: w.sha256 })),
    });
    return { digest: digest.toString(), bytes: written.reduce((n, w) => n + w.bytes, 0) };
  }

  /**
   * Replaces the whole gallery by the pack in `directory`, if it was written for this index scheme
   * and shard count and its content digest is `digest` (the caller's ContentDigest of the records
   * it would otherwise load), decrypting with `key` if it was written with one. Refused packs throw GALLERY_PACK_MISSING, _STALE or _INVALID and
   * leave the gallery empty, ready for load(). Returns the fingers loaded.
   */
  async loadPack(directory: string, digest: string, key?: Uint8Array): Promise<number> {
    this.assertOpen();
    const header = await readPackHeader(directory, { shards: this.shards.length, digest, scheme: this.scheme });
    try {
      const loaded = await Promise.all(
        this.shards.map((s, i) => s.request({ kind: 'loadPack', path: join(directory, header.shards[i].file), bytes: header.shards[i].bytes, sha256: header.shards[i].sha256, scheme: this.scheme, key })),
      );
      return loaded.reduce((n, l) => n + l.entries, 0);
    } catch (error) {
      await Promise.all(this.shards.map((s) => s.request({ kind: 'loadPack', path: null, bytes: 0, sha256: '' }).catch(() => undefined)));
      throw error;
    }
  }

  /**
   * Enrols a batch. Records are checked here first; template bytes are decoded by the shards, and a
   * bad one rejects its shard's part of the batch (the error's `details.index` is the position in
   * `records`). Re-adding a subject's finger replaces it.
   */
  async add(records: readonly GalleryRecord[]): Promise<{ added: number; replaced: number }> {
    this.assertOpen();
    records.forEach((r, i) => {
      try {
        validateRecord(r, i);
      } catch (error) {
        throw withIndex(error, i);
      }
    });
    const parts = this.shards.map(() => ({ records: [] as GalleryRecord[], origin: [] as number[] }));
    records.forEach((r, i) => {
      const part = parts[this.shardOf(r.subjectId)];
      part.records.push(r);
      part.origin.push(i);
    });
    const answers = await Promise.all(
      parts.map(async (part, s) => {
        if (part.records.length === 0) return { added: 0, replaced: 0 };
        try {
          return await this.shards[s].request({ kind: 'add', records: part.records });
        } catch (error) {
          const local = error instanceof BiometricError ? error.details?.index : undefined;
          throw typeof local === 'number' ? withIndex(error, part.origin[local]) : error;
        }
      }),
    );
    return answers.reduce((sum, a) => ({ added: sum.added + a.added, replaced: sum.replaced + a.replaced }), { added: 0, replaced: 0 });
  }

  /** Removes every finger of a subject; returns how many were removed. */
  async removeSubject(subjectId: string): Promise<number> {
    this.assertOpen();
    const answer = await this.shards[this.shardOf(subjectId)].request({ kind: 'removeSubject', subjectId });
    return answer.removed;
  }

  /** Candidates sorted by fused score, best first (ties by subject id). */
  async search(probes: readonly SearchProbe[], options: SearchOptions): Promise<Candidate[]> {
    return (await this.searchDetailed(probes, options)).candidates;
  }

  /** search() plus how much work the pre-filter and the matcher did (for benchmarks and logs). */
  async searchDetailed(probes: readonly SearchProbe[], options: SearchOptions): Promise<{ candidates: Candidate[]; stats: SearchStats }> {
    this.assertOpen();
    validateSearch(probes, options);
    const answers = await Promise.all(this.shards.map((s) => s.request({ kind: 'search', probes: [...probes], options })));
    const candidates = answers.flatMap((a) => a.candidates);
    candidates.sort((a, b) => b.score - a.score || (a.subjectId < b.subjectId ? -1 : a.subjectId > b.subjectId ? 1 : 0));
    const stats = answers.reduce(
      (sum, a) => addSearchStats(sum, a.stats),
      emptySearchStats(),
    );
    return { candidates: candidates.slice(0, options.maxCandidates), stats };
  }

  /** Enrolled fingers. */
  async size(): Promise<number> {
    return (await this.stats()).reduce((sum, s) => sum + s.entries, 0);
  }

  /** Per-shard counts and memory. */
  async stats(): Promise<ShardStats[]> {
    this.assertOpen();
    return Promise.all(this.shards.map(async (s) => (await s.request({ kind: 'stats' })).stats));
  }

  /**
   * Stops every shard (requests already sent are answered first) and waits for their threads to
   * end. Returns each thread's exit code: 0 for a clean stop, 1 for one terminated after
   * SHARD_CLOSE_TIMEOUT_MS, other codes for a shard that had already died.
   */
  async close(): Promise<number[]> {
    this.closed = true;
    return Promise.all(this.shards.map((s) => s.close()));
  }

  get shardCount(): number {
    return this.shards.length;
  }

  private shardOf(subjectId: string): number {
    return shardOfSubject(subjectId, this.shards.length);
  }

  private assertOpen(): void {
    if (this.closed) throw new BiometricError('GALLERY_CLOSED', 'La galería biométrica ya fue cerrada.');
  }
}

/** FNV-1a over the id's UTF-16 code units: stable across processes, so a subject's shard is too. */
export function shardOfSubject(subjectId: string, shardCount: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < subjectId.length; i++) {
    h ^= subjectId.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % shardCount;
}

function withIndex(error: unknown, index: number): unknown {
  if (!(error instanceof BiometricError)) return error;
  return new BiometricError(error.code, error.message, { ...error.details, index });
}
