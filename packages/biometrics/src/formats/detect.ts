import { startsWith } from './bytes.ts';
import { COMPACT_MAGIC } from './compact.ts';
import { FMR_MAGIC, VERSION_20 } from './minutiae-record.ts';

export type TemplateFormat = 'compact' | 'iso19794-2-2005' | 'ansi378-2004' | 'unknown';

/**
 * Names the format of a serialized template from its first bytes.
 *
 * ISO/IEC 19794-2:2005 and ANSI/INCITS 378-2004 start with the same eight bytes ("FMR\0 20\0");
 * they are told apart by the length field at offset 8 (the rule FingerprintIO documents): ISO
 * stores a 4-byte length, ANSI a 2-byte one (or 0x0000 and then 4 bytes). Read as 16 bits:
 *  - ≥ 26: only an ANSI short length can be that large (an ISO record under 1.7 MB has a
 *    high half below 26) → ANSI;
 *  - 1–25: an impossible ANSI length (its header alone is 26 bytes) → ISO;
 *  - 0: either a small ISO record or ANSI's long form. The next 16 bits are then the low half
 *    of an ISO length (≥ 24 bytes) or the high half of an ANSI long length (tiny) → ISO if ≥ 24.
 */
export function detectTemplateFormat(bytes: Uint8Array): TemplateFormat {
  if (!(bytes instanceof Uint8Array)) return 'unknown';
  if (startsWith(bytes, COMPACT_MAGIC)) return 'compact';
  if (!startsWith(bytes, FMR_MAGIC) || !startsWith(bytes.subarray(4), VERSION_20) || bytes.length < 12) return 'unknown';
  const first = (bytes[8] << 8) | bytes[9];
  if (first >= 26) return 'ansi378-2004';
  if (first > 0) return 'iso19794-2-2005';
  const second = (bytes[10] << 8) | bytes[11];
  return second >= 24 ? 'iso19794-2-2005' : 'ansi378-2004';
}
