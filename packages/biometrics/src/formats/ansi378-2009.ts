import { ByteReader, ByteWriter, corrupt, guardDecode, invalid, startsWith, unsupported } from './bytes.ts';
import { ANSI_2004_ANGLE } from './minutia-angle.ts';
import {
  FMR_MAGIC,
  PIXELS_PER_CM_500_DPI,
  QUALITY_WITH_UNREPORTED,
  checkField,
  normalizeViews,
  readMinutia,
  scaleTo500Dpi,
  writeMinutia,
  type CaptureEquipment,
  type DecodedFingerView,
  type DecodedMinutiaeRecord,
  type FingerView,
} from './minutiae-record.ts';
import { IBIA_UNKNOWN_ORGANIZATION, IBIA_UNKNOWN_QUALITY_ALGORITHM, type CbeffProductId } from './cbeff.ts';
import { detectTemplateFormat, wrongFormat } from './detect.ts';
import type { FingerPosition, FingerprintTemplate } from '../fingerprint/types.ts';

/**
 * ANSI/INCITS 378-2009 finger minutiae record, and its Amendment 1 (2010), big-endian. The
 * amendment changes no layout: it widens code tables and is told apart by its version string.
 *
 *   record header (21 bytes)
 *   0   4  format identifier "FMR" 0x00
 *   4   4  version "030" 0x00 (2009) or "035" 0x00 (2009 Amendment 1)
 *   8   4  record length, whole record
 *   12  4  CBEFF product identifier: owner u16 (IBIA-registered, nonzero), type u16
 *   16  1  capture device compliance: bit 7 = certified (Appendix F), others reserved
 *   17  2  capture device ID
 *   19  1  number of finger views
 *   20  1  reserved (0)
 *   finger view header (17 bytes), then 6 bytes per minutia, then extended data
 *   +0  1  finger position
 *   +1  1  view number (0–15)
 *   +2  1  impression type
 *   +3  1  finger quality: 0–100, 254 not reported, 255 failed
 *   +4  2  quality algorithm owner (IBIA organization, nonzero)
 *   +6  2  quality algorithm ID
 *   +8  2  image width, pixels        +10 2  image height
 *   +12 2  horizontal resolution, pixels per cm   +14 2  vertical resolution
 *   +16 1  number of minutiae
 *   minutia: type (2 bits) | x (14), reserved (2) | y (14), angle u8 in 2° units (0–179),
 *            quality u8 (0–100, 254, 255)
 *   extended data length u16, then that many bytes
 * Unlike 2004, image size and resolution belong to each view, not to the record.
 */
const VERSION_2009 = [0x30, 0x33, 0x30, 0x00] as const; // "030\0"
const VERSION_2009_AM1 = [0x30, 0x33, 0x35, 0x00] as const; // "035\0"
const HEADER_BYTES = 21;
const VIEW_HEADER_BYTES = 17;
const CERTIFIED_BIT = 0x80;

export interface Ansi2009EncodeOptions {
  captureEquipment?: CaptureEquipment;
  /** CBEFF product identifier; the owner defaults to IBIA's "unknown" organization (0x0103). */
  productId?: Partial<CbeffProductId>;
  /** Write the 2009 Amendment 1 version string ("035") instead of the base 2009 one ("030"). */
  amendment1?: boolean;
}

export interface Ansi2009MinutiaeRecord extends DecodedMinutiaeRecord {
  version: '2009' | '2009-am1';
  productId: CbeffProductId;
}

export function encodeAnsi378_2009(
  views: FingerprintTemplate | FingerView | readonly FingerView[],
  options: Ansi2009EncodeOptions = {},
): Uint8Array {
  const list = normalizeViews(views);
  if (list.length < 1 || list.length > 255) throw invalid('a record holds 1 to 255 finger views', { views: list.length });
  const owner = checkField(options.productId?.owner ?? IBIA_UNKNOWN_ORGANIZATION, 1, 0xffff, 'CBEFF product owner (nonzero)');
  const type = checkField(options.productId?.type ?? 0, 0, 0xffff, 'CBEFF product type');
  const compliance = checkField(options.captureEquipment?.compliance ?? 0, 0, 15, 'capture equipment compliance');
  const deviceId = checkField(options.captureEquipment?.id ?? 0, 0, 0xffff, 'capture equipment id');

  const w = new ByteWriter();
  w.bytes(FMR_MAGIC).bytes(options.amendment1 ? VERSION_2009_AM1 : VERSION_2009).u32(0);
  w.u16(owner).u16(type);
  // Our compliance nibble keeps 2004's layout (bit 3 = certified); 2009 moved that bit to bit 7.
  w.u8(compliance & 0b1000 ? CERTIFIED_BIT : 0).u16(deviceId);
  w.u8(list.length).u8(0);
  const seen = new Map<number, number>();
  for (const view of list) writeView(w, view, seen);
  w.patchU32(8, w.offset);
  return w.toBytes();
}

function writeView(w: ByteWriter, view: FingerView, seen: Map<number, number>): void {
  const position = checkField(view.position ?? 0, 0, 10, 'finger position');
  const order = seen.get(position) ?? 0;
  seen.set(position, order + 1);
  const { template } = view;
  const width = checkField(Math.round(template.width), 1, 0x3fff, 'image width');
  const height = checkField(Math.round(template.height), 1, 0x3fff, 'image height');
  const minutiae = template.minutiae;
  if (minutiae.length > 255) throw invalid('a finger view holds at most 255 minutiae', { minutiae: minutiae.length });
  const meanQuality = minutiae.length ? minutiae.reduce((s, m) => s + m.quality, 0) / minutiae.length : 0;
  w.u8(position)
    .u8(checkField(view.viewNumber ?? order, 0, 15, 'view number'))
    .u8(checkField(view.impressionType ?? 0, 0, 255, 'impression type'))
    .u8(checkField(Math.round(view.fingerQuality ?? meanQuality), 0, 100, 'finger quality'))
    .u16(IBIA_UNKNOWN_ORGANIZATION)
    .u16(IBIA_UNKNOWN_QUALITY_ALGORITHM)
    .u16(width)
    .u16(height)
    .u16(PIXELS_PER_CM_500_DPI)
    .u16(PIXELS_PER_CM_500_DPI)
    .u8(minutiae.length);
  for (const m of minutiae) writeMinutia(w, m, { width, height }, ANSI_2004_ANGLE, true);
  w.u16(0); // no extended data
}

export function decodeAnsi378_2009(bytes: Uint8Array): Ansi2009MinutiaeRecord {
  return guardDecode(bytes, (b) => {
    if (!startsWith(b, FMR_MAGIC)) throw corrupt('not a finger minutiae record (magic)');
    const format = detectTemplateFormat(b);
    if (format !== 'ansi378-2009' && format !== 'ansi378-2009am1') {
      throw wrongFormat(b, 'ANSI/INCITS 378-2009');
    }
    const head = new ByteReader(b);
    head.skip(8, 'header');
    const length = head.u32('record length');
    if (length < HEADER_BYTES) throw corrupt('record length below the header size', { length });
    if (length !== b.length) throw corrupt('record length does not match the data', { length, actual: b.length });
    const r = new ByteReader(b, length);
    r.skip(12, 'header');
    const owner = r.u16('CBEFF product owner');
    const type = r.u16('CBEFF product type');
    const certification = r.u8('capture device compliance');
    const deviceId = r.u16('capture device ID');
    const count = r.u8('finger view count');
    r.u8('reserved');
    const views: DecodedFingerView[] = [];
    const resolution = { x: PIXELS_PER_CM_500_DPI, y: PIXELS_PER_CM_500_DPI };
    for (let v = 0; v < count; v++) {
      const view = readView(r, v);
      views.push(view.view);
      if (v === 0) Object.assign(resolution, view.resolution);
    }
    if (r.remaining !== 0) throw corrupt('bytes left over after the last finger view', { remaining: r.remaining });
    const width = Math.max(1, ...views.map((view) => view.template.width));
    const height = Math.max(1, ...views.map((view) => view.template.height));
    return {
      version: format === 'ansi378-2009am1' ? '2009-am1' : '2009',
      productId: { owner, type },
      width,
      height,
      resolutionX: resolution.x,
      resolutionY: resolution.y,
      captureEquipment: { compliance: certification & CERTIFIED_BIT ? 0b1000 : 0, id: deviceId },
      views,
    };
  });
}

function readView(r: ByteReader, v: number): { view: DecodedFingerView; resolution: { x: number; y: number } } {
  const start = r.offset;
  const position = r.u8('finger position');
  if (position > 10) throw unsupported('finger position code other than 0–10', { view: v, position });
  const viewNumber = r.u8('view number');
  if (viewNumber > 15) throw corrupt('view number above 15', { view: v, viewNumber });
  const impressionType = r.u8('impression type');
  const storedQuality = r.u8('finger quality');
  if (storedQuality > 100 && storedQuality < 254) throw corrupt('finger quality neither 0–100 nor 254/255', { view: v, storedQuality });
  r.skip(4, 'quality algorithm owner and ID');
  const width = r.u16('image width');
  const height = r.u16('image height');
  const resolutionX = r.u16('horizontal resolution');
  const resolutionY = r.u16('vertical resolution');
  if (width === 0 || height === 0) throw corrupt('zero image size', { view: v });
  if (resolutionX === 0 || resolutionY === 0) throw corrupt('zero resolution', { view: v });
  const n = r.u8('minutia count');
  if (r.offset - start !== VIEW_HEADER_BYTES) throw corrupt('finger view header size', { view: v });
  const scale = { x: scaleTo500Dpi(resolutionX), y: scaleTo500Dpi(resolutionY) };
  const minutiae = [];
  for (let i = 0; i < n; i++) {
    minutiae.push(readMinutia(r, { width, height }, scale, ANSI_2004_ANGLE, { view: v, index: i }, QUALITY_WITH_UNREPORTED));
  }
  r.skip(r.u16('extended data length'), 'extended data');
  return {
    view: {
      template: { width: Math.max(1, Math.round(width * scale.x)), height: Math.max(1, Math.round(height * scale.y)), minutiae },
      position: position as FingerPosition,
      viewNumber,
      impressionType,
      fingerQuality: storedQuality > 100 ? 0 : storedQuality,
    },
    resolution: { x: resolutionX, y: resolutionY },
  };
}
