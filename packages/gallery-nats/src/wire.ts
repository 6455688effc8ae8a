/**
 * What crosses NATS between the gallery client and its shard processes: JSON, with template bytes
 * in base64 (a compact template is a few hundred bytes; JSON keeps every message readable with
 * `nats sub` when something goes wrong).
 *
 * Subjects, for a gallery named N with shards 0…K−1:
 *   siap.gallery.N.updates.<shard>   JetStream stream SIAP_GALLERY_N: enrolments and removals, in
 *                                    order, kept on disk; a shard (re)starting replays its subject
 *   siap.gallery.N.shard.<shard>     request/reply: search, stats, sync
 */
import type { Candidate, FingerPosition, GalleryRecord, SearchOptions, SearchProbe, SearchStats, ShardStats } from './gallery-types.ts';

export function streamName(gallery: string): string {
  return `SIAP_GALLERY_${gallery.toUpperCase().replace(/[^A-Z0-9_]/g, '_')}`;
}
export function updatesSubject(gallery: string, shard: number | '*'): string {
  return `siap.gallery.${gallery}.updates.${shard}`;
}
export function requestSubject(gallery: string, shard: number): string {
  return `siap.gallery.${gallery}.shard.${shard}`;
}

interface WireRecord {
  subjectId: string;
  finger: FingerPosition;
  template: string;
}
interface WireProbe {
  finger?: FingerPosition;
  template: string;
}

export type UpdateMessage = { kind: 'add'; records: WireRecord[] } | { kind: 'removeSubject'; subjectId: string };

export type ShardRequestMessage =
  | { kind: 'search'; probes: WireProbe[]; options: SearchOptions }
  | { kind: 'stats' }
  /** Answered once the shard has applied every update up to stream sequence `seq`. */
  | { kind: 'sync'; seq: number };

export type ShardReplyMessage =
  | { ok: true; kind: 'search'; candidates: Candidate[]; stats: SearchStats }
  | { ok: true; kind: 'stats'; stats: ShardStats; appliedSeq: number }
  | { ok: true; kind: 'sync'; appliedSeq: number; result: UpdateResult | null }
  | { ok: false; code: string; message: string; details?: Record<string, unknown> };

/** What applying one update did (kept for a while so `sync` can report it). */
export type UpdateResult = { added: number; replaced: number; removed: number } | { error: { code: string; message: string; details?: Record<string, unknown> } };

const b64 = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
const bytes = (text: string) => new Uint8Array(Buffer.from(text, 'base64'));

export const toWireRecord = (r: GalleryRecord): WireRecord => ({ subjectId: r.subjectId, finger: r.finger, template: b64(r.template) });
export const fromWireRecord = (r: WireRecord): GalleryRecord => ({ subjectId: r.subjectId, finger: r.finger, template: bytes(r.template) });
export const toWireProbe = (p: SearchProbe): WireProbe => ({ ...(p.finger !== undefined ? { finger: p.finger } : {}), template: b64(p.template) });
export const fromWireProbe = (p: WireProbe): SearchProbe => ({ ...(p.finger !== undefined ? { finger: p.finger } : {}), template: bytes(p.template) });

const encoder = new TextEncoder();
const decoder = new TextDecoder();
export const encode = (value: unknown): Uint8Array => encoder.encode(JSON.stringify(value));
export const decode = <T>(data: Uint8Array): T => JSON.parse(decoder.decode(data)) as T;
