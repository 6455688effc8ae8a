import { createHash, createHmac } from 'node:crypto';
import canonicalize from 'canonicalize';
import { describe, expect, it } from 'vitest';
import { canonicalContent, entryHash, entryMac, type AuditKey } from './hash-chain.ts';

const KEY: AuditKey = { key: Buffer.from('clave-de-prueba-de-la-bitacora-32+bytes', 'utf8'), keyId: 'prueba' };

/** Entries whose canonical form depends on the details' order, numbers and non-ASCII keys. */
const ENTRIES = [
  { occurredAt: new Date('2026-12-07T08:00:00.123Z'), actor: 'account:1', action: 'biometrics.verification', subject: 'person:ñ', purpose: 'asistencia', details: {} },
  {
    occurredAt: new Date('2026-01-31T23:59:59.000Z'),
    actor: 'kiosk:Ω😀',
    action: 'biometrics.data.read',
    subject: 'person:2',
    purpose: 'verificación 1:1 (firma)',
    details: { z: 1, a: [3, { é: 0.1, e: -0, '😀': 1e21, '\u007f': 'x' }], m: null, kinds: { template: 2 }, score: 41.25, text: 'línea\n"citada"' },
  },
];

describe('audit hash chain: the canonical form assembled field by field', () => {
  // The formulas as they were written before (canonicalize of the whole object), kept here as the oracle.
  const oracleHash = (prevHash: string, seq: number, entry: (typeof ENTRIES)[number], key?: AuditKey) => {
    const text = canonicalize({ ...(key ? { keyId: key.keyId } : {}), prevHash, seq, ...plain(entry) })!;
    return key ? createHmac('sha256', key.key).update(text, 'utf8').digest('hex') : createHash('sha256').update(text, 'utf8').digest('hex');
  };
  const oracleMac = (uid: string, entry: (typeof ENTRIES)[number]) =>
    createHmac('sha256', KEY.key).update(canonicalize({ kind: 'siap-audit-entry', keyId: KEY.keyId, uid, ...plain(entry) })!, 'utf8').digest('hex');

  it('gives the hash and the MAC that canonicalize of the whole entry gives, keyed and not', () => {
    for (const [i, entry] of ENTRIES.entries()) {
      const prev = createHash('sha256').update(`previa ${i}`).digest('hex');
      expect(entryHash(prev, { seq: 17 + i, ...entry }, KEY)).toBe(oracleHash(prev, 17 + i, entry, KEY));
      expect(entryHash(prev, { seq: 17 + i, ...entry })).toBe(oracleHash(prev, 17 + i, entry));
      expect(entryMac(KEY, { uid: `uid-${i}`, ...entry })).toBe(oracleMac(`uid-${i}`, entry));
    }
  });

  it('gives the same results from content canonicalised once and passed to both', () => {
    const entry = ENTRIES[1]!;
    const content = canonicalContent(entry);
    expect(entryMac(KEY, { uid: 'u', ...entry }, content)).toBe(entryMac(KEY, { uid: 'u', ...entry }));
    expect(entryHash('0'.repeat(64), { seq: 1, ...entry }, KEY, content)).toBe(entryHash('0'.repeat(64), { seq: 1, ...entry }, KEY));
    // A change anywhere in the details changes both.
    const changed = canonicalContent({ ...entry, details: { ...entry.details, score: 41.26 } });
    expect(entryMac(KEY, { uid: 'u', ...entry }, changed)).not.toBe(entryMac(KEY, { uid: 'u', ...entry }, content));
  });

  it('refuses what canonical JSON cannot hold', () => {
    expect(() => entryMac(KEY, { uid: 'u', ...ENTRIES[0]!, details: { n: Number.NaN } })).toThrow();
    expect(() => entryMac(KEY, { uid: 'u', ...ENTRIES[0]!, actor: 'solo \ud800' })).toThrow();
  });
});

function plain(entry: (typeof ENTRIES)[number]) {
  return { occurredAt: entry.occurredAt.toISOString(), actor: entry.actor, action: entry.action, subject: entry.subject, purpose: entry.purpose, details: entry.details };
}
