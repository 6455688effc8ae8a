import { ByteReader, ByteWriter, corrupt, guardDecode, invalid, startsWith } from './bytes.ts';
import { ANSI_2004_ANGLE } from './minutia-angle.ts';
import {
  FMR_MAGIC,
  PIXELS_PER_CM_500_DPI,
  VERSION_20,
  captureEquipmentField,
  normalizeViews,
  readRecordBody,
  recordImageSize,
  writeViews,
  type CaptureEquipment,
  type DecodedMinutiaeRecord,
  type FingerView,
} from './minutiae-record.ts';
import { IBIA_UNKNOWN_ORGANIZATION, type CbeffProductId } from './cbeff.ts';
import { detectTemplateFormat, wrongFormat } from './detect.ts';
import type { FingerprintTemplate } from '../fingerprint/types.ts';

/**
 * ANSI/INCITS 378-2004 finger minutiae record (record-format clause), big-endian. Same magic and version
 * string as ISO/IEC 19794-2:2005 but a different header:
 *
 *   offset size  field
 *   0      4     format identifier "FMR" 0x00
 *   4      4     version " 20" 0x00
 *   8      2|6   record length: 2 bytes when it fits (≤ 0xFFFF), otherwise 0x0000 followed by
 *                a 4-byte length
 *   +0     4     CBEFF product identifier: owner u16, type u16
 *   +4     2     capture equipment: 4-bit compliance, 12-bit device ID
 *   +6     2     image width, pixels
 *   +8     2     image height
 *   +10    2     horizontal resolution, pixels per cm
 *   +12    2     vertical resolution, pixels per cm
 *   +14    1     number of finger views
 *   +15    1     reserved (0)
 * The header is therefore 26 bytes (30 with the long length). Finger views follow exactly as in
 * ISO/IEC 19794-2:2005 except that minutia angles are in 2° units (0–179).
 *
 * The sample record printed in the 2004 standard itself is not conforming (version "020",
 * a record length 2 bytes short, angles above 179 — FingerprintIO documents the same errata);
 * it is rejected here as TEMPLATE_UNSUPPORTED/TEMPLATE_CORRUPT rather than guessed at.
 */
const SHORT_HEADER_BYTES = 26;
const LONG_HEADER_BYTES = 30;

export interface AnsiEncodeOptions {
  captureEquipment?: CaptureEquipment;
  /** CBEFF product identifier; the owner defaults to IBIA's "unknown" organization (0x0103). */
  productId?: Partial<CbeffProductId>;
}

export interface AnsiMinutiaeRecord extends DecodedMinutiaeRecord {
  productId: CbeffProductId;
}

export function encodeAnsi378(
  views: FingerprintTemplate | FingerView | readonly FingerView[],
  options: AnsiEncodeOptions = {},
): Uint8Array {
  const list = normalizeViews(views);
  const size = recordImageSize(list);
  // 2004 itself allows owner 0 ("unreported"), but strict readers refuse it (see cbeff.ts).
  const owner = options.productId?.owner ?? IBIA_UNKNOWN_ORGANIZATION;
  const type = options.productId?.type ?? 0;
  for (const v of [owner, type]) {
    if (!Number.isInteger(v) || v < 0 || v > 0xffff) throw invalid('CBEFF product identifier out of range', { value: v });
  }
  const body = new ByteWriter();
  body.u16(owner).u16(type);
  body.u16(captureEquipmentField(options.captureEquipment));
  body.u16(size.width).u16(size.height).u16(PIXELS_PER_CM_500_DPI).u16(PIXELS_PER_CM_500_DPI);
  body.u8(list.length).u8(0);
  writeViews(body, list, size, ANSI_2004_ANGLE);
  const rest = body.toBytes();

  const w = new ByteWriter();
  w.bytes(FMR_MAGIC).bytes(VERSION_20);
  const shortTotal = 8 + 2 + rest.length;
  if (shortTotal <= 0xffff) w.u16(shortTotal);
  else w.u16(0).u32(8 + 6 + rest.length);
  w.bytes(rest);
  return w.toBytes();
}

export function decodeAnsi378(bytes: Uint8Array): AnsiMinutiaeRecord {
  return guardDecode(bytes, (b) => {
    if (!startsWith(b, FMR_MAGIC)) throw corrupt('not a finger minutiae record (magic)');
    if (b.length < 12) throw corrupt('truncated header', { length: b.length });
    const format = detectTemplateFormat(b);
    if (format !== 'ansi378-2004') throw wrongFormat(b, 'ANSI/INCITS 378-2004');
    const head = new ByteReader(b);
    head.skip(8, 'header');
    let length = head.u16('record length');
    let headerBytes = SHORT_HEADER_BYTES;
    if (length === 0) {
      length = head.u32('record length');
      headerBytes = LONG_HEADER_BYTES;
    }
    if (length < headerBytes) throw corrupt('record length below the header size', { length });
    if (length !== b.length) throw corrupt('record length does not match the data', { length, actual: b.length });
    const r = new ByteReader(b, length);
    r.skip(head.offset, 'header');
    const owner = r.u16('CBEFF product owner');
    const type = r.u16('CBEFF product type');
    return { ...readRecordBody(r, ANSI_2004_ANGLE), productId: { owner, type } };
  });
}
