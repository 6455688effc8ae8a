/**
 * What a gallery holds, as one digest that does not depend on order: the SHA-256 of each enrolled
 * finger (subject id, position, template bytes) summed lane by lane (eight 32-bit lanes, modulo
 * 2^32) with a count. The database's rows and a shard's live entries give the same digest whatever
 * order they come in and however the subjects are spread over shards (shards' digests add up), so
 * a persisted pack (pack-file.ts) can be checked against the database without sorting a million
 * rows. It detects staleness, not tampering: the pack file's own checksum covers damage.
 */
import { createHash } from 'node:crypto';

export class ContentDigest {
  private readonly lanes = new Uint32Array(8);
  count = 0;

  add(subjectId: string, finger: number, template: Uint8Array): void {
    const hash = createHash('sha256');
    hash.update(subjectId, 'utf8');
    // A separator no subject id contains, then the position, so ("a1", 2) and ("a", 12) differ.
    hash.update(Uint8Array.of(0, finger));
    hash.update(template);
    const h = hash.digest();
    for (let i = 0; i < 8; i++) this.lanes[i] = (this.lanes[i] + h.readUInt32BE(4 * i)) >>> 0;
    this.count++;
  }

  /** Adds another digest's fingers (a shard's, to give the gallery's). */
  merge(other: ContentDigest): void {
    for (let i = 0; i < 8; i++) this.lanes[i] = (this.lanes[i] + other.lanes[i]) >>> 0;
    this.count += other.count;
  }

  /** `count:hex` of the eight lanes. */
  toString(): string {
    return `${this.count}:${Array.from(this.lanes, (v) => v.toString(16).padStart(8, '0')).join('')}`;
  }

  static parse(text: string): ContentDigest {
    const match = /^(\d+):([0-9a-f]{64})$/.exec(text);
    if (!match) throw new Error(`not a content digest: ${text}`);
    const digest = new ContentDigest();
    digest.count = Number(match[1]);
    for (let i = 0; i < 8; i++) digest.lanes[i] = Number.parseInt(match[2].slice(8 * i, 8 * i + 8), 16);
    return digest;
  }
}
