import { ByteReader, ByteWriter, corrupt, guardDecode, startsWith } from './bytes.ts';
import { ISO_2005_ANGLE } from './minutia-angle.ts';
import { detectTemplateFormat, wrongFormat } from './detect.ts';
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
import type { FingerprintTemplate } from '../fingerprint/types.ts';

/**
 * ISO/IEC 19794-2:2005 finger minutiae record (record-format clause), big-endian:
 *
 *   offset size  field
 *   0      4     format identifier "FMR" 0x00
 *   4      4     version " 20" 0x00
 *   8      4     record length in bytes (whole record)
 *   12     2     capture equipment: 4-bit compliance, 12-bit device ID
 *   14     2     image width, pixels
 *   16     2     image height
 *   18     2     horizontal resolution, pixels per cm
 *   20     2     vertical resolution, pixels per cm
 *   22     1     number of finger views
 *   23     1     reserved (0)
 *   24     …     finger views: position u8, view number (4 bits) | impression type (4 bits),
 *                finger quality u8, minutia count u8; then per minutia type (2 bits) | x (14),
 *                reserved (2) | y (14), angle u8 (1.40625°), quality u8; then extended-data
 *                length u16 and that many bytes.
 */
const ISO_HEADER_BYTES = 24;

export interface IsoEncodeOptions {
  captureEquipment?: CaptureEquipment;
}

export type IsoMinutiaeRecord = DecodedMinutiaeRecord;

export function encodeIso19794_2(
  views: FingerprintTemplate | FingerView | readonly FingerView[],
  options: IsoEncodeOptions = {},
): Uint8Array {
  const list = normalizeViews(views);
  const size = recordImageSize(list);
  const w = new ByteWriter();
  w.bytes(FMR_MAGIC).bytes(VERSION_20).u32(0);
  w.u16(captureEquipmentField(options.captureEquipment));
  w.u16(size.width).u16(size.height).u16(PIXELS_PER_CM_500_DPI).u16(PIXELS_PER_CM_500_DPI);
  w.u8(list.length).u8(0);
  writeViews(w, list, size, ISO_2005_ANGLE);
  w.patchU32(8, w.offset);
  return w.toBytes();
}

export function decodeIso19794_2(bytes: Uint8Array): IsoMinutiaeRecord {
  return guardDecode(bytes, (b) => {
    if (!startsWith(b, FMR_MAGIC)) throw corrupt('not a finger minutiae record (magic)');
    if (b.length < 12) throw corrupt('truncated header', { length: b.length });
    const format = detectTemplateFormat(b);
    if (format !== 'iso19794-2-2005') throw wrongFormat(b, 'ISO/IEC 19794-2:2005');
    const head = new ByteReader(b);
    head.skip(8, 'header');
    const length = head.u32('record length');
    if (length < ISO_HEADER_BYTES) throw corrupt('record length below the header size', { length });
    if (length !== b.length) throw corrupt('record length does not match the data', { length, actual: b.length });
    const r = new ByteReader(b, length);
    r.skip(12, 'header');
    return readRecordBody(r, ISO_2005_ANGLE);
  });
}
