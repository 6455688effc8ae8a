/**
 * Persisted packs: a warm start reads each shard's computed index (codes, cylinders, templates)
 * from disk instead of decoding every template and computing its cylinders again, the part of a
 * load that costs ≈ 10 ms of CPU per finger (bench/logs/prefilter-study.md: 1,109 s for 100,000).
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
 * Shard file (plaintext): "SIAPGPK1", u32 length of a JSON block (used, subject ids, column lengths), the block,
 * then each column's bytes (platform byte order, little-endian on every machine we run), each
 * starting on an 8-byte boundary so a column is a view of the file's buffer, not a copy.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BiometricError } from '../errors.ts';
import { INDEX_SCHEME } from './cylinder-codes.ts';
import type { PackedShard } from './shard-index.ts';

const MAGIC = 'SIAPGPK1';
const HEADER_FILE = 'header.json';
/** Bumped when the file layout changes (the index's own changes are INDEX_SCHEME's). */
export const PACK_FORMAT = 1;

type Column = Exclude<keyof PackedShard, 'scheme' | 'used' | 'subjectIds'>;
const COLUMNS: ReadonlyArray<[Column, { new (buffer: ArrayBuffer, offset: number, length: number): ArrayBufferView; BYTES_PER_ELEMENT: number }]> = [
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
  ['cylinderValid', Uint32Array],
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

/** Writes one shard's pack to `path` (via a temporary name); returns its size and SHA-256. */
export async function writeShardFile(path: string, packed: PackedShard, key?: Uint8Array): Promise<{ bytes: number; sha256: string }> {
  const meta = Buffer.from(
    JSON.stringify({ used: packed.used, subjectIds: packed.subjectIds, columns: COLUMNS.map(([name]) => packed[name].length) }),
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
 * One shard's pack from `path`, checked against the size and SHA-256 its header recorded; the
 * columns are views of the one buffer read. GALLERY_PACK_INVALID when anything disagrees.
 */
export async function readShardFile(path: string, expected: { bytes: number; sha256: string }, key?: Uint8Array): Promise<PackedShard> {
  const invalid = (reason: string) => new BiometricError('GALLERY_PACK_INVALID', 'El índice guardado está dañado.', { reason });
  let file;
  try {
    file = await open(path, 'r');
  } catch {
    throw invalid('missing shard file');
  }
  let data = new Uint8Array(expected.bytes);
  try {
    const { size } = await file.stat();
    if (size !== expected.bytes) throw invalid('size');
    for (let at = 0; at < data.length; ) {
      const { bytesRead } = await file.read(data, at, Math.min(data.length - at, 1 << 30), at);
      if (bytesRead === 0) throw invalid('short read');
      at += bytesRead;
    }
  } finally {
    await file.close();
  }
  const hash = createHash('sha256');
  for (let at = 0; at < data.length; at += 1 << 30) hash.update(data.subarray(at, Math.min(data.length, at + (1 << 30))));
  if (hash.digest('hex') !== expected.sha256) throw invalid('checksum');
  if (key) {
    if (data.length < 28) throw invalid('size');
    const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, 12));
    decipher.setAuthTag(data.subarray(data.length - 16));
    const plain = new Uint8Array(data.length - 28);
    let at = 0;
    for (let from = 12; from < data.length - 16; from += CHUNK) {
      const out = decipher.update(data.subarray(from, Math.min(data.length - 16, from + CHUNK)));
      plain.set(out, at);
      at += out.length;
    }
    try {
      plain.set(decipher.final(), at);
    } catch {
      throw invalid('key');
    }
    data = plain;
  }
  try {
    return decodeShard(data);
  } catch (error) {
    // The checksum passed, so this is a file written by other code, not damage: refused all the same.
    if (error instanceof BiometricError) throw error;
    throw invalid('layout');
  }
}

function decodeShard(data: Uint8Array): PackedShard {
  const invalid = (reason: string) => new BiometricError('GALLERY_PACK_INVALID', 'El índice guardado está dañado.', { reason });
  if (data.length < 12) throw invalid('size');
  const buffer = Buffer.from(data.buffer, data.byteOffset, data.length);
  if (buffer.toString('latin1', 0, 8) !== MAGIC) throw invalid('magic');
  const metaLength = buffer.readUInt32LE(8);
  const meta = JSON.parse(buffer.toString('utf8', 12, 12 + metaLength)) as { used: number; subjectIds: (string | null)[]; columns: number[] };
  let at = 12 + metaLength;
  at += pad8(at);
  const packed: Record<string, unknown> = { scheme: INDEX_SCHEME, used: meta.used, subjectIds: meta.subjectIds };
  COLUMNS.forEach(([name, Type], i) => {
    const length = meta.columns[i];
    const byteLength = length * Type.BYTES_PER_ELEMENT;
    if (!Number.isInteger(length) || length < 0 || at + byteLength > data.length) throw invalid('column bounds');
    packed[name] = new Type(data.buffer as ArrayBuffer, data.byteOffset + at, length);
    at += byteLength + pad8(byteLength);
  });
  return packed as unknown as PackedShard;
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
 * this INDEX_SCHEME and file format, for `shards` shards, with content digest `digest`.
 */
export async function readPackHeader(directory: string, expected: { shards: number; digest: string }): Promise<PackHeader> {
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
  if (header.format !== PACK_FORMAT || header.scheme !== INDEX_SCHEME) throw stale('scheme');
  if (!Array.isArray(header.shards) || header.shards.length !== expected.shards) throw stale('shards');
  if (header.digest !== expected.digest) throw stale('digest');
  return header;
}
