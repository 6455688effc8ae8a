import { ByteReader, ByteWriter, corrupt, guardDecode, invalid, startsWith, unsupported } from './bytes.ts';
import { IBIA_UNKNOWN_ORGANIZATION, IBIA_UNKNOWN_QUALITY_ALGORITHM } from './cbeff.ts';
import { detectTemplateFormat, wrongFormat } from './detect.ts';
import { ISO_2005_ANGLE } from './minutia-angle.ts';
import {
  FMR_MAGIC,
  PIXELS_PER_CM_500_DPI,
  QUALITY_WITH_UNREPORTED,
  checkField,
  normalizeViews,
  readMinutia,
  scaleTo500Dpi,
  writeMinutia,
  type DecodedFingerView,
  type DecodedMinutiaeRecord,
  type FingerView,
} from './minutiae-record.ts';
import type { FingerPosition, FingerprintTemplate, Minutia } from '../fingerprint/types.ts';

/**
 * ISO/IEC 19794-2:2011 finger minutiae record (off-card format), big-endian. Its general header
 * and representation header follow ISO/IEC 19794-1:2011; the finger-specific part follows.
 *
 *   general header (15 bytes)
 *   0   4  format identifier "FMR" 0x00
 *   4   4  version "030" 0x00
 *   8   4  record length, whole record
 *   12  2  number of finger representations
 *   14  1  certification flag (0: no certification blocks in any representation)
 *   representation
 *   +0  4  representation length, this representation
 *   +4  9  capture date and time, UTC: year u16, month, day, hour, minute, second u8,
 *          millisecond u16; all bits 1 when not recorded
 *   +13 1  capture device technology (0 unknown)
 *   +14 2  capture device vendor ID     +16 2  capture device type ID
 *   +18 1  number of quality blocks, then 5 bytes each: score u8 (0–100, 255 failed),
 *          quality algorithm vendor u16, quality algorithm ID u16
 *   (+1 certification block count and 3 bytes each, only when the flag is 1)
 *       1  finger position           1  representation (view) number
 *       2  horizontal resolution, pixels per cm (≥ 99)   2  vertical resolution
 *       1  impression type           2  image width    2  image height
 *       1  minutia field length (high nibble: 5, or 6 with quality) | ridge-ending type (low
 *          nibble: 0 valley-skeleton bifurcation point, 1 ridge-skeleton end point)
 *       1  number of minutiae, then 5 or 6 bytes each: type (2 bits) | x (14), reserved (2) |
 *          y (14), angle u8 in 360/256° units, [quality u8: 0–100, 254 not reported, 255 failed]
 *       2  extended data length, then that many bytes
 */
const VERSION_2011 = [0x30, 0x33, 0x30, 0x00] as const; // "030\0"
const GENERAL_HEADER_BYTES = 15;
const NOT_RECORDED = 0xff;
/** Our extractor marks ridge endings where the thinned ridge stops (ridge-skeleton end point). */
const RIDGE_SKELETON_END_POINT = 1;
const MINUTIA_WITH_QUALITY = 6;
const MINUTIA_WITHOUT_QUALITY = 5;

export interface Iso2011EncodeOptions {
  /** Capture time written into every representation; omitted (all bits 1) by default. */
  captureTime?: Date;
  /** Capture device vendor and type IDs (0 = unknown). */
  captureDevice?: { vendor?: number; type?: number; technology?: number };
}

export interface Iso2011FingerView extends DecodedFingerView {
  /** Capture time when the record carries one. */
  captureTime: Date | null;
}

export interface Iso2011MinutiaeRecord extends DecodedMinutiaeRecord {
  views: Iso2011FingerView[];
}

export function encodeIso19794_2_2011(
  views: FingerprintTemplate | FingerView | readonly FingerView[],
  options: Iso2011EncodeOptions = {},
): Uint8Array {
  const list = normalizeViews(views);
  if (list.length < 1 || list.length > 0xffff) throw invalid('a record holds at least one finger representation', { views: list.length });
  const w = new ByteWriter();
  w.bytes(FMR_MAGIC).bytes(VERSION_2011).u32(0).u16(list.length).u8(0);
  const seen = new Map<number, number>();
  for (const view of list) writeRepresentation(w, view, seen, options);
  w.patchU32(8, w.offset);
  return w.toBytes();
}

function writeRepresentation(w: ByteWriter, view: FingerView, seen: Map<number, number>, options: Iso2011EncodeOptions): void {
  const start = w.offset;
  w.u32(0);
  writeCaptureTime(w, options.captureTime);
  w.u8(checkField(options.captureDevice?.technology ?? 0, 0, 255, 'capture device technology'))
    .u16(checkField(options.captureDevice?.vendor ?? 0, 0, 0xffff, 'capture device vendor'))
    .u16(checkField(options.captureDevice?.type ?? 0, 0, 0xffff, 'capture device type'));
  const { template } = view;
  const minutiae = template.minutiae;
  if (minutiae.length > 255) throw invalid('a finger representation holds at most 255 minutiae', { minutiae: minutiae.length });
  const meanQuality = minutiae.length ? minutiae.reduce((s, m) => s + m.quality, 0) / minutiae.length : 0;
  // One quality block: our finger quality, by an algorithm of unregistered ownership.
  w.u8(1)
    .u8(checkField(Math.round(view.fingerQuality ?? meanQuality), 0, 100, 'finger quality'))
    .u16(IBIA_UNKNOWN_ORGANIZATION)
    .u16(IBIA_UNKNOWN_QUALITY_ALGORITHM);
  const position = checkField(view.position ?? 0, 0, 10, 'finger position');
  const order = seen.get(position) ?? 0;
  seen.set(position, order + 1);
  const width = checkField(Math.round(template.width), 1, 0x3fff, 'image width');
  const height = checkField(Math.round(template.height), 1, 0x3fff, 'image height');
  w.u8(position)
    .u8(checkField(view.viewNumber ?? order, 0, 15, 'view number'))
    .u16(PIXELS_PER_CM_500_DPI)
    .u16(PIXELS_PER_CM_500_DPI)
    .u8(checkField(view.impressionType ?? 0, 0, 255, 'impression type'))
    .u16(width)
    .u16(height)
    .u8((MINUTIA_WITH_QUALITY << 4) | RIDGE_SKELETON_END_POINT)
    .u8(minutiae.length);
  for (const m of minutiae) writeMinutia(w, m, { width, height }, ISO_2005_ANGLE, true);
  w.u16(0); // no extended data
  w.patchU32(start, w.offset - start);
}

function writeCaptureTime(w: ByteWriter, time: Date | undefined): void {
  if (!time || Number.isNaN(time.getTime())) {
    w.u16(0xffff).u8(NOT_RECORDED).u8(NOT_RECORDED).u8(NOT_RECORDED).u8(NOT_RECORDED).u8(NOT_RECORDED).u16(0xffff);
    return;
  }
  w.u16(time.getUTCFullYear())
    .u8(time.getUTCMonth() + 1)
    .u8(time.getUTCDate())
    .u8(time.getUTCHours())
    .u8(time.getUTCMinutes())
    .u8(time.getUTCSeconds())
    .u16(time.getUTCMilliseconds());
}

export function decodeIso19794_2_2011(bytes: Uint8Array): Iso2011MinutiaeRecord {
  return guardDecode(bytes, (b) => {
    if (!startsWith(b, FMR_MAGIC)) throw corrupt('not a finger minutiae record (magic)');
    if (b.length < GENERAL_HEADER_BYTES) throw corrupt('truncated header', { length: b.length });
    if (detectTemplateFormat(b) !== 'iso19794-2-2011') throw wrongFormat(b, 'ISO/IEC 19794-2:2011');
    const r = new ByteReader(b);
    r.skip(8, 'header');
    const length = r.u32('record length');
    if (length !== b.length) throw corrupt('record length does not match the data', { length, actual: b.length });
    const count = r.u16('representation count');
    const certified = r.u8('certification flag') === 1;
    const views: Iso2011FingerView[] = [];
    let resolution = { x: PIXELS_PER_CM_500_DPI, y: PIXELS_PER_CM_500_DPI };
    for (let v = 0; v < count; v++) {
      const representationStart = r.offset;
      const representationLength = r.u32('representation length');
      const body = new ByteReader(b, representationStart + representationLength);
      body.skip(r.offset, 'representation');
      const read = readRepresentation(body, v, certified);
      if (body.remaining !== 0) throw corrupt('representation length does not match its content', { view: v, remaining: body.remaining });
      views.push(read.view);
      if (v === 0) resolution = read.resolution;
      r.skip(representationLength - 4, 'representation');
    }
    if (r.remaining !== 0) throw corrupt('bytes left over after the last representation', { remaining: r.remaining });
    return {
      width: Math.max(1, ...views.map((view) => view.template.width)),
      height: Math.max(1, ...views.map((view) => view.template.height)),
      resolutionX: resolution.x,
      resolutionY: resolution.y,
      // 2011 moved the capture device into each representation (vendor/type IDs); the record
      // has no compliance nibble any more.
      captureEquipment: { compliance: 0, id: 0 },
      views,
    };
  });
}

function readRepresentation(r: ByteReader, v: number, certified: boolean): { view: Iso2011FingerView; resolution: { x: number; y: number } } {
  const captureTime = readCaptureTime(r);
  r.skip(5, 'capture device');
  const qualityBlocks = r.u8('quality block count');
  let fingerQuality: number | null = null;
  for (let q = 0; q < qualityBlocks; q++) {
    const score = r.u8('quality score');
    r.skip(4, 'quality algorithm');
    if (score <= 100 && fingerQuality === null) fingerQuality = score;
  }
  if (certified) r.skip(3 * r.u8('certification block count'), 'certification blocks');
  const position = r.u8('finger position');
  if (position > 10) throw unsupported('finger position code other than 0–10', { view: v, position });
  const viewNumber = r.u8('view number');
  if (viewNumber > 15) throw corrupt('view number above 15', { view: v, viewNumber });
  const resolutionX = r.u16('horizontal resolution');
  const resolutionY = r.u16('vertical resolution');
  const impressionType = r.u8('impression type');
  const width = r.u16('image width');
  const height = r.u16('image height');
  const field = r.u8('minutia field length and ridge-ending type');
  const minutiaBytes = field >> 4;
  if (minutiaBytes !== MINUTIA_WITH_QUALITY && minutiaBytes !== MINUTIA_WITHOUT_QUALITY) {
    throw corrupt('minutia field length neither 5 nor 6', { view: v, minutiaBytes });
  }
  if ((field & 0x0f) > 1) throw corrupt('undefined ridge-ending type', { view: v, endingType: field & 0x0f });
  if (width === 0 || height === 0 || width > 0x3fff || height > 0x3fff) throw corrupt('image size outside 1..16383', { view: v, width, height });
  if (resolutionX === 0 || resolutionY === 0) throw corrupt('zero resolution', { view: v });
  const scale = { x: scaleTo500Dpi(resolutionX), y: scaleTo500Dpi(resolutionY) };
  const n = r.u8('minutia count');
  const minutiae: Minutia[] = [];
  const quality = minutiaBytes === MINUTIA_WITH_QUALITY ? QUALITY_WITH_UNREPORTED : null;
  for (let i = 0; i < n; i++) minutiae.push(readMinutia(r, { width, height }, scale, ISO_2005_ANGLE, { view: v, index: i }, quality));
  r.skip(r.u16('extended data length'), 'extended data');
  return {
    view: {
      template: { width: Math.max(1, Math.round(width * scale.x)), height: Math.max(1, Math.round(height * scale.y)), minutiae },
      position: position as FingerPosition,
      viewNumber,
      impressionType,
      fingerQuality: fingerQuality ?? 0,
      captureTime,
    },
    resolution: { x: resolutionX, y: resolutionY },
  };
}

function readCaptureTime(r: ByteReader): Date | null {
  const year = r.u16('capture year');
  const month = r.u8('capture month');
  const day = r.u8('capture day');
  const hour = r.u8('capture hour');
  const minute = r.u8('capture minute');
  const second = r.u8('capture second');
  const millisecond = r.u16('capture millisecond');
  if (year === 0xffff || month === NOT_RECORDED || day === NOT_RECORDED) return null;
  const at = (field: number, fallback: number, max: number) => (field <= max ? field : fallback);
  const time = new Date(Date.UTC(year, month - 1, day, at(hour, 0, 23), at(minute, 0, 59), at(second, 0, 59), at(millisecond, 0, 999)));
  return Number.isNaN(time.getTime()) ? null : time;
}
