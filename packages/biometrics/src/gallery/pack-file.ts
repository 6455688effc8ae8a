/**
 * Persisted packs: a warm start reads each shard's computed index (postings, cylinders, templates)
 * from disk instead of decoding every template and computing its cylinders again, the part of a
 * load that costs ≈ 10 ms of CPU per finger (bench/logs/prefilter-study.md: 1,109 s for 100,000).
 * The inverted index travels too (format 2): rebuilding it, a counting sort of ≈ 850 codes per
 * finger, was most of a warm start (bench/logs/gallery-memory.md); and cylinders are stored tight
 * (bits and valid cells in one column). Format 3 stores the postings Elias–Fano coded
 * (elias-fano.ts) instead of 3 bytes each. Older packs are refused as stale and rebuilt.
 *
 * A pack is a directory: one file per shard, written and read by the shard's own thread (so no
 * copy of a shard's arrays ever crosses to the main thread), and header.json, written last, naming
 * the index scheme, the number of shards (subjects are hashed to shards by that number), the
 * content digest of what was packed (content-digest.ts) and each shard file's size and SHA-256.
 * A pack whose scheme, shard count or digest differs from what is expected is stale; one whose file
 * is missing, short or fails its checksum is invalid. Either is refused and the gallery is rebuilt
 * from the templates.
 *
 * The packs hold templates and cylinders, biometric data: with a key (32 bytes, the caller's, e.g.
 * sealed under the server's biometric KEK) each shard file is AES-256-GCM ciphertext (12-byte IV
 * first, 16-byte tag last), and a wrong key or a changed byte fails authentication.
 *
 * Shard file (plaintext): "SIAPGPK2", u32 length of a JSON block (used, entries in the postings, subject ids, column lengths), the block,
 * then each column's bytes (platform byte order, little-endian on every machine we run), each
 * starting on an 8-byte boundary so a column is a view of the file's buffer, not a copy.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BiometricError } from '../errors.ts';
import { INDEX_SCHEME } from './cylinder-codes.ts';
import { placePackedPostings } from './rotation-postings.ts';
import type { PackedShard } from './shard-index.ts';

const MAGIC = 'SIAPGPK2';
const HEADER_FILE = 'header.json';
/** Bumped when the file layout changes (the index's own changes are INDEX_SCHEME's). */
export const PACK_FORMAT = 3;

type Column = Exclude<keyof PackedShard, 'scheme' | 'used' | 'postingsUsed' | 'subjectIds'>;
const COLUMNS: ReadonlyArray<[Column, { new (buffer: ArrayBuffer, offset: number, length: number): ArrayBufferView; BYTES_PER_ELEMENT: number }]> = [
  ['postingStart', Uint32Array],
  ['postingBytes', Uint8Array],
  ['codeOffset', Uint32Array],
  ['codeCount', Uint32Array],
  ['codes', Uint32Array],
  ['fingers', Uint8Array],
  ['subjectOf', Int32Array],
  ['templateOffset', Uint32Array],
  ['templateLength', Uint32Array],
  ['arena', Uint8Array],
  ['cylinderOffset', Uint32Array],
  ['cylinderCount', Uint16Array],
  ['cylinderBits', Uint32Array],
  ['cylinderDirections', Uint8Array],
];

export interface PackHeader {
  format: number;
  scheme: string;
  /** ContentDigest of every live finger in the pack. */
  digest: string;
  shards: Array<{ file: string; bytes: number; sha256: string }>;
}

export function shardFileName(shardIndex: number): string {
  return `shard-${shardIndex}.bin`;
}

const pad8 = (n: number) => (8 - (n % 8)) % 8;
const CHUNK = 1 << 26;
/**
 * A read's staging buffer: small, because it is garbage once the shard is loaded and a process
 * under little heap pressure keeps it: 64 MB per shard was ≈ 1.2 kB of RSS per finger at 100 k
 * (bench/logs/gallery-memory.md), with no measurable gain in load time.
 */
const READ_CHUNK = 1 << 22;

/** Writes one shard's pack to `path` (via a temporary name); returns its size and SHA-256. */
export async function writeShardFile(path: string, packed: PackedShard, key?: Uint8Array): Promise<{ bytes: number; sha256: string }> {
  const meta = Buffer.from(
    JSON.stringify({ used: packed.used, postingsUsed: packed.postingsUsed, subjectIds: packed.subjectIds, columns: COLUMNS.map(([name]) => packed[name].length) }),
    'utf8',
  );
  const head = Buffer.alloc(12);
  head.write(MAGIC, 0, 'latin1');
  head.writeUInt32LE(meta.length, 8);
  const parts: Uint8Array[] = [head, meta, new Uint8Array(pad8(12 + meta.length))];
  for (const [name] of COLUMNS) {
    const column = packed[name];
    parts.push(new Uint8Array(column.buffer, column.byteOffset, column.byteLength), new Uint8Array(pad8(column.byteLength)));
  }
  const hash = createHash('sha256');
  const temporary = `${path}.tmp`;
  const file = await open(temporary, 'w');
  let bytes = 0;
  const put = async (chunk: Uint8Array) => {
    hash.update(chunk);
    await file.write(chunk);
    bytes += chunk.length;
  };
  try {
    const iv = key ? randomBytes(12) : null;
    const cipher = key && iv ? createCipheriv('aes-256-gcm', key, iv) : null;
    if (iv) await put(iv);
    for (const part of parts) {
      // fs writes at most 2 GB per call; the cipher is fed in the same slices.
      for (let at = 0; at < part.length; at += CHUNK) {
        const chunk = part.subarray(at, Math.min(part.length, at + CHUNK));
        await put(cipher ? cipher.update(chunk) : chunk);
      }
    }
    if (cipher) {
      await put(cipher.final());
      await put(cipher.getAuthTag());
    }
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(temporary, path);
  return { bytes, sha256: hash.digest('hex') };
}

/**
 * One shard's pack from `path`, checked against the size and SHA-256 its header recorded (and, with
 * a key, GCM's tag). The file is read in slices straight into each column's own array (the
 * postings into the memory of the kernel that will walk them), so a load holds no second copy of
 * the shard and no column keeps the others alive (the code column, dropped once the postings are
 * built, must not pin the file's buffer). GALLERY_PACK_INVALID when anything
 * disagrees; nothing read is used before every check has passed.
 */
export async function readShardFile(path: string, expected: { bytes: number; sha256: string; scheme?: string }, key?: Uint8Array): Promise<PackedShard> {
  let file;
  try {
    file = await open(path, 'r');
  } catch {
    throw invalidPack('missing shard file');
  }
  const hash = createHash('sha256');
  let sink: ShardSink;
  try {
    const { size } = await file.stat();
    const overhead = key ? 28 : 0;
    if (size !== expected.bytes || size < overhead) throw invalidPack('size');
    const readAt = async (target: Uint8Array, position: number) => {
      for (let at = 0; at < target.length; ) {
        const { bytesRead } = await file.read(target, at, target.length - at, position + at);
        if (bytesRead === 0) throw invalidPack('short read');
        at += bytesRead;
      }
      hash.update(target);
    };
    sink = new ShardSink(size - overhead, expected.scheme ?? INDEX_SCHEME);
    let decipher = null;
    if (key) {
      const iv = new Uint8Array(12);
      await readAt(iv, 0);
      decipher = createDecipheriv('aes-256-gcm', key, iv);
    }
    const end = key ? size - 16 : size;
    const slice = new Uint8Array(Math.max(1, Math.min(READ_CHUNK, end)));
    for (let at = key ? 12 : 0; at < end; ) {
      const chunk = slice.subarray(0, Math.min(slice.length, end - at));
      await readAt(chunk, at);
      sink.feed(decipher ? decipher.update(chunk) : chunk);
      at += chunk.length;
    }
    if (decipher) {
      const tag = new Uint8Array(16);
      await readAt(tag, end);
      if (hash.digest('hex') !== expected.sha256) throw invalidPack('checksum');
      decipher.setAuthTag(tag);
      try {
        sink.feed(decipher.final());
      } catch {
        throw invalidPack('key');
      }
    } else if (hash.digest('hex') !== expected.sha256) {
      throw invalidPack('checksum');
    }
  } finally {
    await file.close();
  }
  return sink.result();
}

function invalidPack(reason: string): BiometricError {
  return new BiometricError('GALLERY_PACK_INVALID', 'El índice guardado está dañado.', { reason });
}

/**
 * Takes a shard file's plaintext slice by slice and copies it into the parts it is made of: the
 * 12-byte head, the JSON block, then each column's array (allocated once the block says its
 * length). A malformed stream only marks the sink as failed: the checksum decides first whether
 * the file was damaged, and result() refuses it otherwise.
 */
class ShardSink {
  private readonly parts: Uint8Array[] = [new Uint8Array(12)];
  private part = 0;
  private filled = 0;
  private failed = false;
  private meta: { used: number; postingsUsed: number; subjectIds: (string | null)[]; columns: number[] } | null = null;
  private readonly columns = new Map<Column, ArrayBufferView>();

  /** `scheme`: the index scheme the pack's header was checked against (readPackHeader), carried into the result. */
  constructor(
    private readonly plainBytes: number,
    private readonly scheme: string,
  ) {}

  feed(chunk: Uint8Array): void {
    if (this.failed) return;
    try {
      for (let at = 0; at < chunk.length; ) {
        this.skipEmpty();
        if (this.part >= this.parts.length) throw new Error('trailing bytes');
        const target = this.parts[this.part];
        const n = Math.min(target.length - this.filled, chunk.length - at);
        target.set(chunk.subarray(at, at + n), this.filled);
        this.filled += n;
        at += n;
        if (this.filled === target.length) this.complete();
      }
    } catch {
      this.failed = true;
    }
  }

  result(): PackedShard {
    if (!this.failed) {
      try {
        this.skipEmpty();
      } catch {
        this.failed = true;
      }
    }
    if (this.failed || !this.meta || this.part !== this.parts.length) throw invalidPack('layout');
    const packed: Record<string, unknown> = { scheme: this.scheme, used: this.meta.used, postingsUsed: this.meta.postingsUsed, subjectIds: this.meta.subjectIds };
    for (const [name, column] of this.columns) packed[name] = column;
    return packed as unknown as PackedShard;
  }

  private skipEmpty(): void {
    while (this.part < this.parts.length && this.parts[this.part].length === 0) this.complete();
  }

  private complete(): void {
    const done = this.part++;
    this.filled = 0;
    if (done === 0) {
      const head = Buffer.from(this.parts[0].buffer, this.parts[0].byteOffset, 12);
      if (head.toString('latin1', 0, 8) !== MAGIC) throw new Error('magic');
      const metaLength = head.readUInt32LE(8);
      if (12 + metaLength > this.plainBytes) throw new Error('meta length');
      this.parts.push(new Uint8Array(metaLength), new Uint8Array(pad8(12 + metaLength)));
    } else if (done === 1) {
      const block = this.parts[1];
      const meta = JSON.parse(Buffer.from(block.buffer, block.byteOffset, block.length).toString('utf8')) as ShardSink['meta'];
      if (!meta || !Array.isArray(meta.columns) || meta.columns.length !== COLUMNS.length || !Array.isArray(meta.subjectIds)) throw new Error('meta');
      let total = 12 + block.length + pad8(12 + block.length);
      for (const [i, [, Type]] of COLUMNS.entries()) {
        const length = meta.columns[i];
        if (!Number.isInteger(length) || length < 0) throw new Error('column length');
        total += length * Type.BYTES_PER_ELEMENT + pad8(length * Type.BYTES_PER_ELEMENT);
      }
      // Checked before anything is allocated: a damaged length must not ask for gigabytes.
      if (total !== this.plainBytes) throw new Error('column lengths');
      for (const [i, [name, Type]] of COLUMNS.entries()) {
        const length = meta.columns[i];
        // The postings go straight where the search walks them (the kernel's memory), not via a copy.
        const column =
          name === 'postingBytes' && length > 0
            ? placePackedPostings(length)
            : new Type(new ArrayBuffer(length * Type.BYTES_PER_ELEMENT), 0, length);
        this.columns.set(name, column);
        this.parts.push(new Uint8Array(column.buffer, column.byteOffset, column.byteLength), new Uint8Array(pad8(column.byteLength)));
      }
      this.meta = meta;
    }
  }
}

/** Writes header.json (last, via a temporary name): the pack is complete once it exists. */
export async function writePackHeader(directory: string, header: PackHeader): Promise<void> {
  await writeFile(join(directory, `${HEADER_FILE}.tmp`), JSON.stringify(header));
  await rename(join(directory, `${HEADER_FILE}.tmp`), join(directory, HEADER_FILE));
}

/** Makes the directory and removes a previous header, so a half-written pack is never taken for whole. */
export async function beginPack(directory: string): Promise<void> {
  await mkdir(directory, { recursive: true });
  await rm(join(directory, HEADER_FILE), { force: true });
}

/**
 * The header of the pack in `directory`, refused (GALLERY_PACK_STALE) unless it was written under
 * this index scheme (INDEX_SCHEME unless `scheme` says another) and file format, for `shards` shards, with content digest `digest`.
 */
export async function readPackHeader(directory: string, expected: { shards: number; digest: string; scheme?: string }): Promise<PackHeader> {
  let header: PackHeader;
  try {
    header = JSON.parse(await readFile(join(directory, HEADER_FILE), 'utf8')) as PackHeader;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new BiometricError('GALLERY_PACK_MISSING', 'No hay un índice guardado de la galería.');
    }
    throw new BiometricError('GALLERY_PACK_INVALID', 'El índice guardado está dañado.', { reason: 'header' });
  }
  const stale = (reason: string) =>
    new BiometricError('GALLERY_PACK_STALE', 'El índice guardado no corresponde a las plantillas actuales; hay que reconstruirlo.', { reason });
  if (header.format !== PACK_FORMAT || header.scheme !== (expected.scheme ?? INDEX_SCHEME)) throw stale('scheme');
  if (!Array.isArray(header.shards) || header.shards.length !== expected.shards) throw stale('shards');
  if (header.digest !== expected.digest) throw stale('digest');
  return header;
}
