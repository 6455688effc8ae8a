import { createHash } from 'node:crypto';
import type { GrayImage } from '@siap/biometrics/fingerprint';
import { AppError } from '../../shared/app-error.ts';
import type { SimulatedPrint } from './simulated-print.ts';
import type { Modality, ReaderDriverName } from './tables.ts';

/**
 * What a reader hands over, before any biometric processing: an encoded image (PNG/BMP/TIFF/JPEG
 * or FBI WSQ, as a scanner SDK, an AFIS export or a browser sends it), raw gray pixels, the
 * recipe of a simulated scanner's impression (drawn where the extraction runs), or a minutiae template (ISO/IEC 19794-2, ANSI/INCITS 378 or our compact
 * format) from a reader that extracts on the device. Processing (decode, extract, quality) is the same whatever the driver.
 */
export type RawSample =
  | { kind: 'encoded-image'; bytes: Uint8Array; dpi?: number }
  | { kind: 'gray-image'; image: GrayImage }
  | SimulatedPrint
  | { kind: 'template'; bytes: Uint8Array };

/** The body a station posts for one capture; which fields count depends on the reader's driver. */
export interface CaptureRequest {
  /** base64 image file (archivo: huella o rostro). */
  image?: string;
  /** The same file's bytes, from a binary upload (archivo): no base64 or JSON envelope to decode. */
  imageBytes?: Uint8Array;
  /** Source resolution of `image` when the file does not say it. */
  dpi?: number;
  /** base64 minutiae template (archivo, huella). */
  template?: string;
  /** base64 JPEG/PNG video frame (camara_web). */
  frame?: string;
  /** Simulated scanner (simulado). */
  simulate?: {
    /** Whose finger is on the glass; default the person the capture is for. */
    identity?: string;
    /** Which impression of that finger; default the next one for this finger in this process. */
    impression?: number;
    /** `sin_dedo`: empty platen · `sin_respuesta`: the device never answers (READER_TIMEOUT). */
    condition?: 'normal' | 'sin_dedo' | 'sin_respuesta';
  };
}

export interface CaptureContext {
  modality: Modality;
  /** Finger position 1–10, or 0 for the face. */
  position: number;
  /** A stable key for the person the capture is for (their CURP): the simulated reader's default. */
  personKey: string;
}

/** One kind of reader. New hardware (a vendor SDK behind a local bridge) is one more driver. */
export interface ReaderDriver {
  readonly name: ReaderDriverName;
  readonly modalities: readonly Modality[];
  capture(request: CaptureRequest, context: CaptureContext): Promise<RawSample>;
}

/**
 * Files as a scanner's software or the operator uploads them. The base64 may carry a data-URL
 * prefix with any declared type (`image/x-wsq`, `application/octet-stream`, …): it is dropped and
 * the format is recognised from the file's own signature.
 */
export const uploadDriver: ReaderDriver = {
  name: 'archivo',
  modalities: ['huella', 'rostro'],
  async capture(request, context) {
    if (context.modality === 'huella' && request.template) return { kind: 'template', bytes: decodeBase64(request.template, 'template') };
    if (request.imageBytes) return { kind: 'encoded-image', bytes: request.imageBytes, dpi: request.dpi };
    if (request.image) return { kind: 'encoded-image', bytes: decodeBase64(request.image, 'image'), dpi: request.dpi };
    throw missingField(context.modality === 'huella' ? 'image o template' : 'image');
  },
};

/** The browser's camera: the web app grabs a frame and posts it as JPEG or PNG. */
export const webcamDriver: ReaderDriver = {
  name: 'camara_web',
  modalities: ['rostro'],
  async capture(request) {
    const frame = request.frame ?? request.image;
    if (!frame) throw missingField('frame');
    return { kind: 'encoded-image', bytes: decodeBase64(frame, 'frame') };
  },
};

/**
 * A fingerprint scanner made of the synthetic generator: the master print is a pure function of
 * (identity, finger), so the same simulated person's later captures are new impressions of the
 * same finger and match, while another identity is another finger. For demos and tests.
 */
export class SimulatedFingerprintDriver implements ReaderDriver {
  readonly name = 'simulado' as const;
  readonly modalities = ['huella'] as const;
  private readonly nextImpression = new Map<number, number>();

  async capture(request: CaptureRequest, context: CaptureContext): Promise<RawSample> {
    const simulate = request.simulate ?? {};
    if (simulate.condition === 'sin_respuesta') return new Promise<never>(() => {});
    if (context.position < 1) {
      throw new AppError('CAPTURE_POSITION_REQUIRED', 'El lector simulado necesita saber qué dedo se coloca (código ISO 1–10).', 400);
    }
    const seed = fingerSeed(simulate.identity ?? context.personKey, context.position);
    if (simulate.condition === 'sin_dedo') return { kind: 'gray-image', image: emptyPlaten() };
    const impression = simulate.impression ?? this.nextImpression.get(seed) ?? 0;
    this.nextImpression.set(seed, impression + 1);
    // Only the recipe: the pixels are drawn off the event loop, with the extraction (simulated-print.ts).
    return { kind: 'simulated-print', masterSeed: seed, impressionSeed: fingerSeed(`${seed}`, impression) };
  }
}

/** A 31-bit seed from (identity, finger): stable across processes and machines. */
export function fingerSeed(identity: string, position: number): number {
  return createHash('sha256').update(`${identity}\u0000${position}`).digest().readUInt32BE(0) >>> 1;
}

function emptyPlaten(): GrayImage {
  return { width: 300, height: 400, data: new Uint8Array(300 * 400).fill(235) };
}

function decodeBase64(value: string, field: string): Uint8Array {
  const clean = value.replace(/^data:[^,]*,/, '');
  if (!/^[A-Za-z0-9+/=_-]*$/.test(clean)) {
    throw new AppError('CAPTURE_ENCODING_INVALID', `El campo ${field} debe venir codificado en base64.`, 400, { field });
  }
  const bytes = Buffer.from(clean, 'base64');
  if (bytes.length === 0) throw new AppError('CAPTURE_EMPTY', `El campo ${field} está vacío.`, 400, { field });
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function missingField(field: string): AppError {
  return new AppError('CAPTURE_DATA_MISSING', `Falta la muestra capturada (${field}) para este tipo de lector.`, 400, { field });
}
