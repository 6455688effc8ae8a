import type { GrayImage } from '../../primitives/gray-image.ts';
import { extractTemplate, extractTemplateWithStages, type ExtractOptions } from '../extractor/extract.ts';
import type { FingerprintTemplate } from '../types.ts';
import { assessFingerprintQuality, assessFingerprintQualityFromStages, type FingerprintQuality } from './assess.ts';
import { assertFingerprintLike, assessFingerprintLikenessFromStages, requireFingerprintLike, type FingerprintLikeness } from './likeness.ts';

export interface ExtractAndAssessOptions extends ExtractOptions {
  /** Refuse (IMAGE_NOT_FINGERPRINT) an image that is not a friction-ridge image, before extracting. */
  requireFingerprintLike?: boolean;
}

export interface ExtractedAndAssessed {
  template: FingerprintTemplate;
  quality: FingerprintQuality;
  /** Measured only when `requireFingerprintLike` was asked for. */
  likeness: FingerprintLikeness | null;
}

/**
 * What a capture needs, computed once: equal in result and in errors (same codes, same order) to
 * `assertFingerprintLike(image)` (when asked), then `extractTemplate(image)`, then
 * `assessFingerprintQuality(image, template)`, but the likeness check and the quality score read
 * the stages extraction already computed instead of redoing them (the likeness check then costs
 * nothing; the score still takes its own tensor and mask, see assessFingerprintQualityFromStages).
 */
export function extractAndAssessFingerprint(image: GrayImage, options: ExtractAndAssessOptions = {}): ExtractedAndAssessed {
  const { requireFingerprintLike: checkLikeness = false, ...extractOptions } = options;
  if (!isConsistentRaster(image)) {
    // A raster whose data does not match its size: extraction refuses it (IMAGE_CORRUPT) before
    // any stage; the separate calls are kept here so that what is thrown stays exactly theirs.
    const likeness = checkLikeness ? assertFingerprintLike(image) : null;
    const template = extractTemplate(image, extractOptions);
    return { template, quality: assessFingerprintQuality(image, template), likeness };
  }
  let likeness: FingerprintLikeness | null = null;
  // When extraction stops earlier (IMAGE_NO_FINGERPRINT), the likeness check would have passed:
  // both use the same mask and the same minimum area, and a print-less image is not "unlike".
  const { template, stages } = extractTemplateWithStages(image, {
    ...extractOptions,
    ...(checkLikeness && {
      afterFrontStages: (front) => {
        likeness = requireFingerprintLike(assessFingerprintLikenessFromStages(front));
      },
    }),
  });
  return { template, quality: assessFingerprintQualityFromStages(image, stages, template), likeness };
}

function isConsistentRaster(image: GrayImage): boolean {
  const { width, height, data } = image;
  return Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0 && data.length === width * height;
}
