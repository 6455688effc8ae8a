import { appendFileSync, closeSync, existsSync, fsyncSync, openSync, readFileSync } from 'node:fs';
import type { Executor } from '../../db/database.ts';
import { anchorMac, type AuditKey } from './hash-chain.ts';
import * as repository from './repository.ts';

/** One line of the anchor file: the chain head at `seq`, MAC'd with the audit key. */
export interface Anchor {
  seq: number;
  hash: string;
  at: string;
  keyId: string;
  mac: string;
}

export type AnchorVerification =
  | { ok: true; anchors: number; lastAnchoredSeq: number }
  | { ok: false; anchors: number; reason: string; seq: number | null };

/**
 * Signed checkpoints of the audit chain kept OUTSIDE the database (issue 19 item 9): every
 * `every` entries the server appends `{ seq, hash, at, keyId, mac }` to a JSON-lines file (a
 * different disk, a WORM bucket, a log shipper in production). The verifier then checks each
 * anchored head against the database: rewriting the table — even recomputing every hash, even
 * as unkeyed entries from the first one — no longer matches the anchored hashes.
 */
export class AuditAnchors {
  private lastAnchoredSeq: number | null = null;

  constructor(
    private readonly file: string,
    private readonly key: AuditKey,
    private readonly every: number,
  ) {}

  /** Appends the current head if `every` entries passed since the last anchor (or if forced). */
  async checkpoint(db: Executor, now: Date, force = false): Promise<Anchor | null> {
    const head = await repository.readChainHead(db);
    this.lastAnchoredSeq ??= readAnchors(this.file).at(-1)?.seq ?? 0;
    if (head.lastSeq === 0 || head.lastSeq === this.lastAnchoredSeq) return null;
    if (!force && head.lastSeq - this.lastAnchoredSeq < this.every) return null;
    const at = now.toISOString();
    const anchor: Anchor = { seq: head.lastSeq, hash: head.lastHash, at, keyId: this.key.keyId, mac: anchorMac(this.key, { seq: head.lastSeq, hash: head.lastHash, at }) };
    appendFileSync(this.file, JSON.stringify(anchor) + '\n', { mode: 0o600 });
    const fd = openSync(this.file, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    this.lastAnchoredSeq = anchor.seq;
    return anchor;
  }

  /** Every anchor must carry a valid MAC and match the entry the database holds at its seq. */
  async verify(db: Executor): Promise<AnchorVerification> {
    const anchors = readAnchors(this.file);
    let last = 0;
    for (const anchor of anchors) {
      const fail = (reason: string): AnchorVerification => ({ ok: false, anchors: anchors.length, reason, seq: anchor.seq });
      if (anchor.keyId !== this.key.keyId || anchor.mac !== anchorMac(this.key, anchor)) {
        return fail(`el ancla #${anchor.seq} no está firmada con la clave de la bitácora`);
      }
      if (anchor.seq < last) return fail(`las anclas retroceden (#${anchor.seq} después de #${last})`);
      const row = await repository.readEntry(db, anchor.seq);
      if (!row) return fail(`la entrada #${anchor.seq} anclada el ${anchor.at} ya no existe (bitácora truncada)`);
      if (row.hash !== anchor.hash) return fail(`la entrada #${anchor.seq} no tiene el hash anclado el ${anchor.at} (historia reescrita)`);
      last = anchor.seq;
    }
    return { ok: true, anchors: anchors.length, lastAnchoredSeq: last };
  }
}

export function readAnchors(file: string): Anchor[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as Anchor);
}
