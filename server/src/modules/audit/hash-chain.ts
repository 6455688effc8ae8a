import { createHash } from 'node:crypto';
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

/**
 * SHA-256 over the RFC 8785 canonical JSON of the entry together with the previous entry's hash.
 * Canonical JSON (sorted keys, fixed number format) is what makes the hash reproducible after a
 * round trip through jsonb, which reorders keys.
 */
export function entryHash(prevHash: string, entry: ChainedEntry): string {
  const canonical = canonicalize({
    prevHash,
    seq: entry.seq,
    occurredAt: entry.occurredAt.toISOString(),
    actor: entry.actor,
    action: entry.action,
    subject: entry.subject,
    purpose: entry.purpose,
    details: entry.details,
  });
  if (canonical === undefined) throw new Error('audit entry cannot be canonicalised');
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

/** Details as they will read back from jsonb: plain JSON, no undefined, no class instances. */
export function normaliseDetails(details: Record<string, unknown> | undefined): Record<string, unknown> {
  return JSON.parse(JSON.stringify(details ?? {})) as Record<string, unknown>;
}
