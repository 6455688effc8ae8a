import type { FingerPosition, FingerprintTemplate, Minutia } from '../fingerprint/types.ts';
import { WORKING_DPI } from '../fingerprint/types.ts';
import { ByteReader, ByteWriter, corrupt, invalid } from './bytes.ts';

/**
 * What ISO/IEC 19794-2:2005 and ANSI/INCITS 378-2004 share: after their (different) record
 * headers, both carry the same finger-view blocks — a 4-byte view header, 6 bytes per minutia,
 * and an extended-data block introduced by its 2-byte length — and the same minutia semantics.
 * Only the angle unit differs (1.40625° in ISO, 2° in ANSI), so it is passed in.
 */

/** Format identifier "FMR\0" and version " 20\0", shared by ISO/IEC 19794-2:2005 and ANSI/INCITS 378-2004. */
export const FMR_MAGIC = [0x46, 0x4d, 0x52, 0x00] as const;
export const VERSION_20 = [0x20, 0x32, 0x30, 0x00] as const;

/** One finger view to export. */
export interface FingerView {
  template: FingerprintTemplate;
  /** Finger position code (ISO/IEC 19794-2 table; 0 = unknown). */
  position?: FingerPosition;
  /** Distinguishes several views of the same finger, 0–15. Default: order among views of that finger. */
  viewNumber?: number;
  /** Impression type, 4 bits: 0 live-scan plain (default), 1 live-scan rolled, 2 non-live plain, 3 non-live rolled, 8 swipe. */
  impressionType?: number;
  /** Finger (view) quality 0–100. Default: the mean minutia quality. */
  fingerQuality?: number;
}

export interface DecodedFingerView {
  template: FingerprintTemplate;
  position: FingerPosition;
  viewNumber: number;
  impressionType: number;
  fingerQuality: number;
}

/** Capture-device fields common to both headers. */
export interface CaptureEquipment {
  /** 4-bit compliance field (bit 3 = certified to Appendix F of the IAFIS image quality spec). */
  compliance?: number;
  /** 12-bit vendor-assigned capture device ID, 0 = unreported. */
  id?: number;
}

export interface DecodedMinutiaeRecord {
  /** Image size converted to 500 dpi. */
  width: number;
  height: number;
  /** Resolution as stored in the record, pixels per centimetre. */
  resolutionX: number;
  resolutionY: number;
  captureEquipment: Required<CaptureEquipment>;
  views: DecodedFingerView[];
}

export interface AngleCodec {
  /** Our direction (types.ts) and minutia type → the stored angle byte. */
  encode(direction: number, type: Minutia['type']): number;
  /** Stored angle byte and type → our direction in [0, 2π). */
  decode(value: number, type: Minutia['type'], where: number): number;
}

/**
 * 500 dpi expressed in whole pixels per centimetre, as both standards store resolution:
 * 500 / 2.54 = 196.85 → 197 (500.38 dpi).
 */
export const PIXELS_PER_CM_500_DPI = Math.round(WORKING_DPI / 2.54);

/** Scale factor from stored pixels to our 500 dpi pixels. */
export function scaleTo500Dpi(pixelsPerCm: number): number {
  // 197 ppcm is how 500 dpi is written; treating it as 500.38 dpi would shift every coordinate
  // by up to a quarter pixel on each round trip.
  if (pixelsPerCm === PIXELS_PER_CM_500_DPI) return 1;
  return WORKING_DPI / (pixelsPerCm * 2.54);
}

export function checkField(value: number, min: number, max: number, what: string): number {
  if (!Number.isInteger(value) || value < min || value > max) throw invalid(`${what} out of range ${min}..${max}`, { value });
  return value;
}

/** Record-level image size: the largest view (both standards keep one size per record). */
export function recordImageSize(views: readonly FingerView[]): { width: number; height: number } {
  let width = 0;
  let height = 0;
  for (const v of views) {
    width = Math.max(width, v.template.width);
    height = Math.max(height, v.template.height);
  }
  return {
    width: checkField(Math.round(width), 1, 0x3fff, 'image width'),
    height: checkField(Math.round(height), 1, 0x3fff, 'image height'),
  };
}

export function normalizeViews(views: FingerprintTemplate | FingerView | readonly FingerView[]): FingerView[] {
  if (Array.isArray(views)) return [...views];
  if ('template' in (views as FingerView)) return [views as FingerView];
  return [{ template: views as FingerprintTemplate }];
}

export function writeViews(w: ByteWriter, views: readonly FingerView[], size: { width: number; height: number }, angle: AngleCodec): void {
  if (views.length < 1 || views.length > 255) throw invalid('a record holds 1 to 255 finger views', { views: views.length });
  const seen = new Map<number, number>();
  for (const view of views) {
    const position = checkField(view.position ?? 0, 0, 10, 'finger position');
    const order = seen.get(position) ?? 0;
    seen.set(position, order + 1);
    const viewNumber = checkField(view.viewNumber ?? order, 0, 15, 'view number');
    const impressionType = checkField(view.impressionType ?? 0, 0, 15, 'impression type');
    const minutiae = view.template.minutiae;
    if (minutiae.length > 255) throw invalid('a finger view holds at most 255 minutiae', { minutiae: minutiae.length });
    const meanQuality = minutiae.length ? minutiae.reduce((s, m) => s + m.quality, 0) / minutiae.length : 0;
    const fingerQuality = checkField(Math.round(view.fingerQuality ?? meanQuality), 0, 100, 'finger quality');
    w.u8(position).u8((viewNumber << 4) | impressionType).u8(fingerQuality).u8(minutiae.length);
    for (const m of minutiae) writeMinutia(w, m, size, angle, true);
    w.u16(0); // no extended data
  }
}

/**
 * One minutia as every finger minutiae record version stores it: type (2 bits) | x (14), reserved
 * (2) | y (14), angle byte, and — unless the version makes it optional and it is left out — a
 * quality byte. Positions are clamped into the image: rounding can push an edge minutia one pixel
 * out, and every version requires x < width and y < height.
 */
export function writeMinutia(
  w: ByteWriter,
  m: Minutia,
  size: { width: number; height: number },
  angle: AngleCodec,
  withQuality: boolean,
): void {
  if (m.type !== 'ending' && m.type !== 'bifurcation') throw invalid('unknown minutia type', { type: m.type });
  if (!Number.isFinite(m.x) || !Number.isFinite(m.y) || !Number.isFinite(m.quality)) {
    throw invalid('minutia with a non-finite field');
  }
  const x = Math.min(size.width - 1, Math.max(0, Math.round(m.x)));
  const y = Math.min(size.height - 1, Math.max(0, Math.round(m.y)));
  const typeBits = m.type === 'ending' ? 0b01 : 0b10;
  w.u16((typeBits << 14) | x).u16(y).u8(angle.encode(m.direction, m.type));
  if (withQuality) w.u8(Math.min(100, Math.max(0, Math.round(m.quality))));
}

/**
 * How a version reads a stored quality byte: the 2004/2005 records use 0 for "not reported" and
 * 1–100 for a score; the 2009/2011 records use 0–100 for a score, 254 for "not reported" and 255
 * for "could not be computed". Both special values become 0, our "not reported".
 */
export type QualityReader = (value: number, where: { view: number; index: number }) => number;

export const QUALITY_0_TO_100: QualityReader = (value, where) => {
  if (value > 100) throw corrupt('minutia quality above 100', { ...where, quality: value });
  return value;
};

export const QUALITY_WITH_UNREPORTED: QualityReader = (value, where) => {
  if (value === 254 || value === 255) return 0;
  if (value > 100) throw corrupt('minutia quality neither 0–100 nor 254/255', { ...where, quality: value });
  return value;
};

/** Reads one minutia (see writeMinutia) into our 500 dpi coordinates. */
export function readMinutia(
  r: ByteReader,
  size: { width: number; height: number },
  scale: { x: number; y: number },
  angle: AngleCodec,
  where: { view: number; index: number },
  quality: QualityReader | null,
): Minutia {
  const xField = r.u16('minutia x');
  const yField = r.u16('minutia y');
  const angleByte = r.u8('minutia angle');
  const stored = quality ? quality(r.u8('minutia quality'), where) : 0;
  const typeBits = xField >> 14;
  // Type 00 is "other"; like NIST's EFS we read it as a ridge ending. 11 is not defined.
  if (typeBits === 0b11) throw corrupt('undefined minutia type', where);
  const type: Minutia['type'] = typeBits === 0b10 ? 'bifurcation' : 'ending';
  const x = xField & 0x3fff;
  const y = yField & 0x3fff; // the top two bits are reserved
  if (x >= size.width || y >= size.height) throw corrupt('minutia outside the image', { ...where, x, y });
  return { x: x * scale.x, y: y * scale.y, direction: angle.decode(angleByte, type, where.index), type, quality: stored };
}

/**
 * Everything after each standard's own header: from the capture-equipment field on, ISO/IEC
 * 19794-2:2005 (§7.3) and ANSI/INCITS 378-2004 (§6.4) lay out the record body identically — image
 * size, resolution, finger views — and only their angle conventions differ. `r` stands on the
 * capture-equipment field; the whole remaining record must be consumed.
 */
export function readRecordBody(r: ByteReader, angle: AngleCodec): DecodedMinutiaeRecord {
  const equipment = r.u16('capture equipment');
  const width = r.u16('image width');
  const height = r.u16('image height');
  const resolutionX = r.u16('horizontal resolution');
  const resolutionY = r.u16('vertical resolution');
  const count = r.u8('finger view count');
  r.u8('reserved');
  if (width === 0 || height === 0) throw corrupt('zero image size');
  if (resolutionX === 0 || resolutionY === 0) throw corrupt('zero resolution');
  const scale = { x: scaleTo500Dpi(resolutionX), y: scaleTo500Dpi(resolutionY) };
  const views = readViews(r, count, { width, height }, scale, angle);
  if (r.remaining !== 0) throw corrupt('bytes left over after the last finger view', { remaining: r.remaining });
  return {
    width: Math.max(1, Math.round(width * scale.x)),
    height: Math.max(1, Math.round(height * scale.y)),
    resolutionX,
    resolutionY,
    captureEquipment: { compliance: equipment >> 12, id: equipment & 0xfff },
    views,
  };
}

export function readViews(
  r: ByteReader,
  count: number,
  size: { width: number; height: number },
  scale: { x: number; y: number },
  angle: AngleCodec,
): DecodedFingerView[] {
  const views: DecodedFingerView[] = [];
  const width500 = Math.max(1, Math.round(size.width * scale.x));
  const height500 = Math.max(1, Math.round(size.height * scale.y));
  for (let v = 0; v < count; v++) {
    const position = r.u8('finger position');
    if (position > 10) throw corrupt('finger position code above 10', { view: v, position });
    const packed = r.u8('view number');
    const fingerQuality = r.u8('finger quality');
    if (fingerQuality > 100) throw corrupt('finger quality above 100', { view: v, fingerQuality });
    const n = r.u8('minutia count');
    const minutiae: Minutia[] = [];
    for (let i = 0; i < n; i++) minutiae.push(readMinutia(r, size, scale, angle, { view: v, index: i }, QUALITY_0_TO_100));
    const extended = r.u16('extended data length');
    r.skip(extended, 'extended data');
    views.push({
      template: { width: width500, height: height500, minutiae },
      position: position as FingerPosition,
      viewNumber: packed >> 4,
      impressionType: packed & 0x0f,
      fingerQuality,
    });
  }
  return views;
}

/** Wraps any angle into [0, 2π). */
export function wrapAngle(a: number): number {
  const t = 2 * Math.PI;
  const r = a - t * Math.floor(a / t);
  return r >= t ? 0 : r;
}

export function captureEquipmentField(e: CaptureEquipment | undefined): number {
  const compliance = checkField(e?.compliance ?? 0, 0, 15, 'capture equipment compliance');
  const id = checkField(e?.id ?? 0, 0, 0xfff, 'capture equipment id');
  return (compliance << 12) | id;
}
