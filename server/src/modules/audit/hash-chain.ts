import { createHash, createHmac } from 'node:crypto';
import canonicalize from 'canonicalize';

/** The hash that stands before the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

export interface ChainedEntry {
  seq: number;
  occurredAt: Date;
  actor: string;
  action: string;
  subject: string;
  purpose: string;
  details: Record<string, unknown>;
}

/** The key the chain is HMAC'd with: held outside the database (AUDIT_HMAC_KEY), named by its id. */
export interface AuditKey {
  key: Buffer;
  keyId: string;
}

/**
 * A fixed, published key for demo and test mode (like the demo KEK): a chain under it proves
 * nothing against anyone, which is why outside demo mode AUDIT_HMAC_KEY is required.
 */
export const DEMO_AUDIT_KEY: AuditKey = { key: Buffer.from('SIAP-demo-audit-key-solo-para-pruebas-no-usar!', 'utf8'), keyId: 'demo' };

/**
 * HMAC-SHA-256 (keyed, issue 19 item 9) — or plain SHA-256 for entries written before the chain
 * was keyed — over the RFC 8785 canonical JSON of the entry together with the previous entry's
 * hash. Canonical JSON (sorted keys, fixed number format) is what makes the hash reproducible
 * after a round trip through jsonb, which reorders keys. Without the key, someone who can write
 * the table cannot recompute a keyed entry's hash, so rewriting history from any row is caught.
 */
export function entryHash(prevHash: string, entry: ChainedEntry, key?: AuditKey, content: CanonicalContent = canonicalContent(entry)): string {
  return contentHash(prevHash, entry.seq, content, key);
}

/** entryHash from the entry's canonical content (what its writer computed) and its place in the chain. */
export function contentHash(prevHash: string, seq: number, content: CanonicalContent, key?: AuditKey): string {
  const canonical = canonicalObject({
    ...(key ? { keyId: canonicalText(key.keyId) } : {}),
    prevHash: canonicalText(prevHash),
    seq: canonicalText(seq),
    ...content,
  });
  if (key) return createHmac('sha256', key.key).update(canonical, 'utf8').digest('hex');
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

/** What the writer MACs before the entry has a place in the chain: its content and a random uid. */
export interface UnsealedEntry {
  uid: string;
  occurredAt: Date;
  actor: string;
  action: string;
  subject: string;
  purpose: string;
  details: Record<string, unknown>;
}

/**
 * The writer's HMAC of an entry not yet sealed (canonical JSON, as entryHash). The sealer chains an
 * entry only if this holds under its key: a row inserted by someone with table rights but not the
 * key is never turned into a keyed chain entry, and the verifier reports it as forged. The uid
 * (unique in the table) makes a copy of a real unsealed row fail the insert.
 */
export function entryMac(key: AuditKey, entry: UnsealedEntry, content: CanonicalContent = canonicalContent(entry)): string {
  const canonical = canonicalObject({
    kind: canonicalText('siap-audit-entry'),
    keyId: canonicalText(key.keyId),
    uid: canonicalText(entry.uid),
    ...content,
  });
  return createHmac('sha256', key.key).update(canonical, 'utf8').digest('hex');
}

/** The MAC of a checkpoint line in the anchor file (modules/audit/anchors.ts). */
export function anchorMac(key: AuditKey, anchor: { seq: number; hash: string; at: string }): string {
  return createHmac('sha256', key.key).update(`siap-audit-anchor:${key.keyId}:${anchor.seq}:${anchor.hash}:${anchor.at}`, 'utf8').digest('hex');
}

/** Details as they will read back from jsonb: plain JSON, no undefined, no class instances. */
export function normaliseDetails(details: Record<string, unknown> | undefined): Record<string, unknown> {
  return JSON.parse(JSON.stringify(details ?? {})) as Record<string, unknown>;
}

/**
 * The fields both the chain hash and the writer's MAC cover, each already in canonical JSON. The
 * sealer checks the MAC and computes the hash of the same entry: it canonicalises the details (the
 * costly part) once for both and passes the result to entryMac and entryHash.
 */
export type CanonicalContent = Readonly<Record<keyof ReturnType<typeof entryContent>, string>>;

export function canonicalContent(entry: Omit<UnsealedEntry, 'uid'>): CanonicalContent {
  const content = entryContent(entry);
  return {
    occurredAt: canonicalText(content.occurredAt),
    actor: canonicalText(content.actor),
    action: canonicalText(content.action),
    subject: canonicalText(content.subject),
    purpose: canonicalText(content.purpose),
    details: canonicalText(content.details),
  };
}

/**
 * RFC 8785 serialisation of an object whose members are given already serialised: keys sorted
 * by UTF-16 code units, as canonicalize sorts them, so the text is the one canonicalize would
 * give for the whole object (tested against it).
 */
function canonicalObject(members: Record<string, string>): string {
  const keys = Object.keys(members).sort();
  return `{${keys.map((key) => `${canonicalText(key)}:${members[key]}`).join(',')}}`;
}

/** With the u flag a surrogate pair is one code point: only a lone surrogate matches. */
const LONE_SURROGATE = /\p{Surrogate}/u;

/**
 * RFC 8785 text of one value. Strings and numbers are what canonicalize makes of them (ECMAScript
 * JSON.stringify, after refusing lone surrogates and non-finite numbers), without the Set it
 * allocates on every call: an entry has a dozen such members, on every audited request.
 * Objects and arrays go to canonicalize.
 */
function canonicalText(value: unknown): string {
  if (typeof value === 'string') {
    if (LONE_SURROGATE.test(value)) throw new Error('audit entry cannot be canonicalised: lone surrogate');
    return JSON.stringify(value);
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error('audit entry cannot be canonicalised: non-finite number');
    return JSON.stringify(value);
  }
  const text = canonicalize(value);
  if (text === undefined) throw new Error('audit entry cannot be canonicalised');
  return text;
}

/** The fields both the chain hash and the writer's MAC cover. */
function entryContent(entry: Omit<UnsealedEntry, 'uid'>) {
  return {
    occurredAt: entry.occurredAt.toISOString(),
    actor: entry.actor,
    action: entry.action,
    subject: entry.subject,
    purpose: entry.purpose,
    details: entry.details,
  };
}
