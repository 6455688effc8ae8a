import {
  assessFingerprintQuality,
  BiometricError,
  decodeFingerprintImage,
  extractAndAssessFingerprint,
  extractTemplate,
  FINGERPRINT_QUALITY_THRESHOLD,
  type FingerprintQuality,
  type FingerprintTemplate,
  type GrayImage,
} from '@siap/biometrics/fingerprint';
import { decodeAnyTemplate, encodeTemplate } from '@siap/biometrics/formats';
import { decodeWsq, encodeWsq, isWsq } from '@siap/biometrics/wsq';
import { AppError } from '../../shared/app-error.ts';
import type { RawSample } from './drivers.ts';
import { renderSimulatedPrint } from './simulated-print.ts';

export interface QualityProblem {
  code: string;
  message: string;
}

export interface ProcessedFinger {
  template: FingerprintTemplate;
  /** Compact codec bytes: what is encrypted, stored and loaded into the gallery. */
  compact: Uint8Array;
  quality: { score: number; problems: QualityProblem[]; source: RawSample['kind']; minutiae: number };
  /**
   * The print at 500 dpi as FBI WSQ (what AFIS keep and exchange; ~15:1), the pixels the template
   * was extracted from, so minutiae drawn on it line up and a better extractor can redo the
   * template from it. Null for device templates.
   */
  image: Uint8Array | null;
}

/**
 * A device template carries no image to judge, only minutiae: fewer than this and matching is
 * unreliable (the usual floor of AFIS enrollment rules; ISO/IEC 19794-2 records from scanners
 * commonly carry 25–60).
 */
const MIN_TEMPLATE_MINUTIAE = 12;

/**
 * Reader output → template + quality. `requireQuality` is true for enrollment (a poor print is
 * refused with the reasons so the operator retakes it) and false for verification probes, where a
 * poor print simply scores low.
 */
export async function processFinger(sample: RawSample, options: { requireQuality: boolean; keepImage?: boolean }): Promise<ProcessedFinger> {
  try {
    if (sample.kind === 'template') return fromTemplate(sample.bytes, options.requireQuality);
    const image = await samplePixels(sample);
    // A face photo or a document is refused before its "quality" is judged: it can score well.
    // One pass: the likeness check and the score reuse what extraction computed on the image.
    const { template, quality: assessed } = extractOrExplain(image, options.requireQuality);
    const quality = { score: assessed.score, problems: assessed.problems, source: sample.kind, minutiae: template.minutiae.length };
    if (options.requireQuality && (assessed.score < FINGERPRINT_QUALITY_THRESHOLD || template.minutiae.length < MIN_TEMPLATE_MINUTIAE)) {
      throw qualityLow(quality.score, FINGERPRINT_QUALITY_THRESHOLD, quality.problems.length ? quality.problems : [fewMinutiae()]);
    }
    return { template, compact: encodeTemplate(template), quality, image: options.keepImage ? archivalWsq(sample, image) : null };
  } catch (error) {
    throw toAppError(error);
  }
}

/** A WSQ upload already at 500 dpi is kept as it came (re-encoding would lose detail twice). */
/**
 * A comparison probe (1:1 verification, 1:N identification): only its compact template. No
 * quality is judged, as `processFinger` with `requireQuality: false` would judge and throw away:
 * for an image that is ~15 % of the CPU of a verification (the assessment's own passes).
 */
export async function probeFinger(sample: RawSample): Promise<Uint8Array> {
  try {
    if (sample.kind === 'template') return fromTemplate(sample.bytes, false).compact;
    const image = await samplePixels(sample);
    return encodeTemplate(extractProbeOrExplain(image));
  } catch (error) {
    throw toAppError(error);
  }
}

/** The gray pixels of an image sample at 500 dpi (the format is sniffed from the bytes, never from a declared type). */
async function samplePixels(sample: Exclude<RawSample, { kind: 'template' }>): Promise<GrayImage> {
  switch (sample.kind) {
    case 'encoded-image':
      return decodeFingerprintImage(sample.bytes, sample.dpi ? { dpi: sample.dpi } : {});
    case 'gray-image':
      return sample.image;
    case 'simulated-print':
      return renderSimulatedPrint(sample);
  }
}

function extractProbeOrExplain(image: GrayImage): FingerprintTemplate {
  try {
    return extractTemplate(image);
  } catch (error) {
    if (error instanceof BiometricError && error.code === 'IMAGE_NO_FINGERPRINT') throw noFingerprint(image, error);
    throw error;
  }
}

/** No print found: said with what the quality assessment sees in the image (why there is none). */
function noFingerprint(image: GrayImage, error: BiometricError): AppError {
  const assessed = assessFingerprintQuality(image);
  return qualityLow(assessed.score, FINGERPRINT_QUALITY_THRESHOLD, assessed.problems.length ? assessed.problems : [{ code: 'NO_FINGERPRINT', message: error.message }]);
}

function archivalWsq(sample: RawSample, image: GrayImage): Uint8Array {
  if (sample.kind === 'encoded-image' && isWsq(sample.bytes)) {
    const original = decodeWsq(sample.bytes);
    if (original.width === image.width && original.height === image.height) return sample.bytes;
  }
  return encodeWsq(image);
}

/** An image with no print in it is a capture to retake (quality), not a broken file. */
function extractOrExplain(image: GrayImage, requireFingerprintLike: boolean): { template: FingerprintTemplate; quality: FingerprintQuality } {
  try {
    return extractAndAssessFingerprint(image, { requireFingerprintLike });
  } catch (error) {
    if (error instanceof BiometricError && error.code === 'IMAGE_NO_FINGERPRINT') throw noFingerprint(image, error);
    throw error;
  }
}

function fromTemplate(bytes: Uint8Array, requireQuality: boolean): ProcessedFinger {
  const decoded = decodeAnyTemplate(bytes);
  if (decoded.templates.length !== 1) {
    throw new AppError(
      'TEMPLATE_VIEWS_INVALID',
      'La plantilla debe contener exactamente una vista de dedo por captura.',
      422,
      { views: decoded.templates.length },
    );
  }
  const template = decoded.templates[0];
  const minutiae = template.minutiae.length;
  const meanQuality = minutiae ? Math.round(template.minutiae.reduce((s, m) => s + m.quality, 0) / minutiae) : 0;
  const problems = minutiae < MIN_TEMPLATE_MINUTIAE ? [fewMinutiae()] : [];
  if (requireQuality && problems.length) throw qualityLow(meanQuality, FINGERPRINT_QUALITY_THRESHOLD, problems);
  return { template, compact: encodeTemplate(template), quality: { score: meanQuality, problems, source: 'template', minutiae }, image: null };
}

function fewMinutiae(): QualityProblem {
  return { code: 'TOO_FEW_MINUTIAE', message: 'La huella tiene muy pocos puntos característicos. Limpie el dedo y el lector y repita la captura.' };
}

export function qualityLow(score: number, threshold: number, problems: QualityProblem[]): AppError {
  return new AppError(
    'BIOMETRIC_QUALITY_LOW',
    `La calidad de la captura es insuficiente: ${problems.map((p) => p.message).join(' ')}`,
    422,
    { score, threshold, problems },
  );
}

/** Library errors reach people as AppError 422 with the library's stable code and Spanish message. */
export function toAppError(error: unknown): unknown {
  if (error instanceof BiometricError) return new AppError(error.code, error.message, 422, error.details);
  return error;
}
