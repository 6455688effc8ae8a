import { startsWith, unsupported } from './bytes.ts';
import type { BiometricError } from '../errors.ts';
import { COMPACT_MAGIC } from './compact.ts';
import { FMR_MAGIC, VERSION_20 } from './minutiae-record.ts';

export type TemplateFormat =
  | 'compact'
  | 'iso19794-2-2005'
  | 'ansi378-2004'
  | 'iso19794-2-2011'
  | 'ansi378-2009'
  | 'ansi378-2009am1'
  | 'unknown';

const VERSION_030 = [0x30, 0x33, 0x30, 0x00] as const;
const VERSION_035 = [0x30, 0x33, 0x35, 0x00] as const;

/** Names of the formats as people know them, for messages. */
export const FORMAT_NAMES: Record<Exclude<TemplateFormat, 'unknown'>, string> = {
  compact: 'plantilla compacta SIAP',
  'iso19794-2-2005': 'ISO/IEC 19794-2:2005',
  'ansi378-2004': 'ANSI/INCITS 378-2004',
  'iso19794-2-2011': 'ISO/IEC 19794-2:2011',
  'ansi378-2009': 'ANSI/INCITS 378-2009',
  'ansi378-2009am1': 'ANSI/INCITS 378-2009/Am1',
};

/**
 * Names the format of a serialized template from its first bytes.
 *
 * Finger minutiae records all start "FMR\0" and a version string: " 20\0" for both ISO/IEC
 * 19794-2:2005 and ANSI/INCITS 378-2004, "030\0" for both ISO/IEC 19794-2:2011 and ANSI/INCITS
 * 378-2009, "035\0" for 378-2009 Amendment 1 alone. Within a shared version string:
 *
 * " 20": told apart by the length field at offset 8 (the rule FingerprintIO documents): ISO
 * stores a 4-byte length, ANSI a 2-byte one (or 0x0000 and then 4 bytes). Read as 16 bits:
 *  - ≥ 26: only an ANSI short length can be that large (an ISO record under 1.7 MB has a
 *    high half below 26) → ANSI;
 *  - 1–25: an impossible ANSI length (its header alone is 26 bytes) → ISO;
 *  - 0: either a small ISO record or ANSI's long form. The next 16 bits are then the low half
 *    of an ISO length (≥ 24 bytes) or the high half of an ANSI long length (tiny) → ISO if ≥ 24.
 *
 * "030": both store a 4-byte length, so the structure decides. ISO 2011 follows it with a 2-byte
 * representation count and a 1-byte certification flag, then representations that each open with
 * their own 4-byte length (at least 34 bytes) and together fill the record: 15 + Σ lengths = total.
 * An ANSI 2009 record puts its CBEFF owner where ISO has the count, and its finger views carry no
 * length, so that sum practically never comes out right for it (FingerprintIO tells them apart the
 * same way).
 */
export function detectTemplateFormat(bytes: Uint8Array): TemplateFormat {
  if (!(bytes instanceof Uint8Array)) return 'unknown';
  if (startsWith(bytes, COMPACT_MAGIC)) return 'compact';
  if (!startsWith(bytes, FMR_MAGIC) || bytes.length < 12) return 'unknown';
  const version = bytes.subarray(4, 8);
  if (startsWith(version, VERSION_035)) return 'ansi378-2009am1';
  if (startsWith(version, VERSION_030)) return looksLikeIso2011(bytes) ? 'iso19794-2-2011' : 'ansi378-2009';
  if (!startsWith(version, VERSION_20)) return 'unknown';
  const first = (bytes[8] << 8) | bytes[9];
  if (first >= 26) return 'ansi378-2004';
  if (first > 0) return 'iso19794-2-2005';
  const second = (bytes[10] << 8) | bytes[11];
  return second >= 24 ? 'iso19794-2-2005' : 'ansi378-2004';
}

/** Smallest ISO/IEC 19794-2:2011 representation: its header without certificates, no minutiae. */
const MIN_ISO_2011_REPRESENTATION = 34;

function looksLikeIso2011(b: Uint8Array): boolean {
  if (b.length < 15) return false;
  const total = u32(b, 8);
  const count = (b[12] << 8) | b[13];
  if (count === 0 || b[14] > 1) return false;
  let offset = 15;
  for (let i = 0; i < count; i++) {
    if (offset + 4 > b.length) return false;
    const length = u32(b, offset);
    if (length < MIN_ISO_2011_REPRESENTATION) return false;
    offset += length;
  }
  return offset === total;
}

function u32(b: Uint8Array, at: number): number {
  return b[at] * 0x1000000 + ((b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]);
}

/**
 * What a record says it is, for error messages: the format's name when it is one we know,
 * otherwise the version string found ("FMR" record version "040", say), so a person can tell the
 * sender which version to send instead.
 */
export function describeFormat(bytes: Uint8Array): string {
  const format = detectTemplateFormat(bytes);
  if (format !== 'unknown') return FORMAT_NAMES[format];
  if (bytes instanceof Uint8Array && startsWith(bytes, FMR_MAGIC) && bytes.length >= 8) {
    const printable = Array.from(bytes.subarray(4, 7), (c) => (c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : '?')).join('');
    return `un registro de minucias (FMR) versión «${printable.trim()}»`;
  }
  return 'un formato no reconocido';
}

/** The error a codec raises when handed a record of another format or version. */
export function wrongFormat(bytes: Uint8Array, expected: string): BiometricError {
  const found = describeFormat(bytes);
  return unsupported(
    `expected ${expected}, found ${detectTemplateFormat(bytes)}`,
    { format: detectTemplateFormat(bytes), expected },
    `La plantilla es ${found}, no ${expected}.`,
  );
}

/** The error for a record in no supported format, naming what was found and what is accepted. */
export function unrecognisedFormat(bytes: Uint8Array): BiometricError {
  return unsupported(
    'unrecognised template format',
    { format: 'unknown' },
    `La plantilla es ${describeFormat(bytes)}, que no es compatible. Se aceptan ISO/IEC 19794-2 (2005 y 2011), ` +
      'ANSI/INCITS 378 (2004, 2009 y 2009/Am1) y la plantilla compacta SIAP.',
  );
}
