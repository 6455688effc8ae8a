import { BiometricError } from '../../errors.ts';
import type { GrayImage } from '../../primitives/gray-image.ts';
import type { FingerprintTemplate } from '../types.ts';
import * as P from '../extraction-parameters.ts';
import { blockGrid } from '../extractor/block-map.ts';
import { blockGradients, windowedTensor } from '../extractor/block-gradients.ts';
import { integralImages, normalizeContrast, type IntegralImages } from '../extractor/contrast.ts';
import { extractTemplate, type ExtractionStages } from '../extractor/extract.ts';
import { segmentationMask } from '../extractor/segmentation.ts';
import * as Q from './quality-parameters.ts';

export interface FingerprintQualityProblem {
  code: string;
  message: string;
}

export interface FingerprintQuality {
  /** Overall 0..100; enrollment rejects below FINGERPRINT_QUALITY_THRESHOLD. */
  score: number;
  /** 0..100: how clearly ridges run parallel (mean orientation coherence over the print). */
  clarity: number;
  /** 0..100: ridge/valley gray-level contrast over the print. */
  contrast: number;
  minutiaCount: number;
  /** Fraction 0..1 of the image that is fingerprint. */
  foregroundRatio: number;
  problems: FingerprintQualityProblem[];
}

export { FINGERPRINT_QUALITY_THRESHOLD } from './quality-parameters.ts';

function ramp(value: number, low: number, high: number): number {
  return Math.max(0, Math.min(1, (value - low) / (high - low)));
}

/**
 * Capture quality in the spirit of NFIQ: a print is usable when its ridges are clear (coherent
 * orientation), contrasted, cover enough skin and yield enough minutiae. The score is a weighted
 * geometric mean of those four, so any one failing pulls the score down (a big, contrasty but
 * smeared print is still unusable). `template` avoids extracting twice when the caller has it.
 */
export function assessFingerprintQuality(image: GrayImage, template?: FingerprintTemplate): FingerprintQuality {
  const integral = integralImages(image);
  return qualityFrom(image, integral, normalizeContrast(integral, image, P.NORMALIZATION_RADIUS, P.MIN_NORMALIZATION_DEVIATION), template);
}

/**
 * The same assessment from what extraction already computed on this image (its integral images
 * and unclipped contrast normalisation) and its template: identical result, without computing
 * them again. The tensor and mask are still taken here, on the unclipped values, because that is
 * what the score was calibrated on; extraction's own are taken on clipped values and differ.
 */
export function assessFingerprintQualityFromStages(image: GrayImage, stages: ExtractionStages, template: FingerprintTemplate): FingerprintQuality {
  return qualityFrom(image, stages.integral, stages.unclippedNormalized, template);
}

function qualityFrom(image: GrayImage, integral: IntegralImages, normalized: Float32Array, template: FingerprintTemplate | undefined): FingerprintQuality {
  const { width, height } = image;
  const grid = blockGrid(width, height, P.BLOCK_SIZE);
  const tensor = windowedTensor(blockGradients(normalized, width, height, P.BLOCK_SIZE), P.ORIENTATION_WINDOW_RADIUS_BLOCKS);
  const mask = segmentationMask(integral, tensor.coherence, grid, {
    contrastRadius: P.MASK_CONTRAST_RADIUS,
    minAbsoluteContrast: P.MIN_ABSOLUTE_BLOCK_CONTRAST,
    minRelativeContrast: P.MIN_RELATIVE_BLOCK_CONTRAST,
    relativeContrastPercentile: P.RELATIVE_CONTRAST_PERCENTILE,
    minCoherence: P.MIN_MASK_COHERENCE,
    voteRadius: P.MASK_VOTE_RADIUS_BLOCKS,
    voteRounds: P.MASK_VOTE_ROUNDS,
  });

  let blocks = 0;
  let coherenceSum = 0;
  const deviations: number[] = [];
  for (let i = 0; i < mask.data.length; i++) {
    if (!mask.data[i]) continue;
    blocks++;
    coherenceSum += tensor.coherence[i];
    deviations.push(mask.deviation[i]);
  }
  const foregroundPx = Math.min(width * height, blocks * P.BLOCK_SIZE * P.BLOCK_SIZE);
  const foregroundRatio = foregroundPx / (width * height);
  const meanCoherence = blocks > 0 ? coherenceSum / blocks : 0;
  deviations.sort((a, b) => a - b);
  const medianDeviation = deviations.length > 0 ? deviations[deviations.length >> 1] : 0;

  let minutiaCount = template?.minutiae.length ?? 0;
  if (!template && foregroundPx >= P.MIN_FOREGROUND_AREA_PX) {
    try {
      minutiaCount = extractTemplate(image).minutiae.length;
    } catch (error) {
      if (!(error instanceof BiometricError)) throw error;
    }
  }

  const clarityTerm = ramp(meanCoherence, Q.POOR_COHERENCE, Q.GOOD_COHERENCE);
  const contrastTerm = ramp(medianDeviation, Q.POOR_DEVIATION, Q.GOOD_DEVIATION);
  const areaTerm = ramp(foregroundPx, 0, Q.GOOD_FOREGROUND_AREA_PX);
  const minutiaTerm = ramp(minutiaCount, 0, Q.GOOD_MINUTIA_COUNT);
  const score = Math.round(
    100 *
      clarityTerm ** Q.CLARITY_WEIGHT *
      contrastTerm ** Q.CONTRAST_WEIGHT *
      areaTerm ** Q.AREA_WEIGHT *
      minutiaTerm ** Q.MINUTIA_WEIGHT,
  );

  const problems: FingerprintQualityProblem[] = [];
  if (foregroundPx < P.MIN_FOREGROUND_AREA_PX) {
    problems.push({ code: 'NO_FINGERPRINT', message: 'No se detecta una huella en la imagen. Coloque el dedo sobre el lector.' });
  } else {
    if (areaTerm < Q.PROBLEM_LEVEL) problems.push({ code: 'SMALL_AREA', message: 'Se capturó muy poca superficie del dedo. Apoye el dedo completo, centrado en el lector.' });
    if (contrastTerm < Q.PROBLEM_LEVEL) problems.push({ code: 'LOW_CONTRAST', message: 'La huella se ve muy tenue. Presione un poco más o limpie el lector.' });
    if (clarityTerm < Q.PROBLEM_LEVEL) problems.push({ code: 'UNCLEAR_RIDGES', message: 'Las crestas no se distinguen (dedo movido, muy húmedo o muy seco). Limpie el dedo y capture de nuevo sin moverlo.' });
    if (minutiaTerm < Q.PROBLEM_LEVEL) problems.push({ code: 'FEW_MINUTIAE', message: 'Se encontraron muy pocos detalles de la huella. Capture de nuevo con el dedo centrado.' });
  }
  return {
    score,
    clarity: Math.round(100 * clarityTerm),
    contrast: Math.round(100 * contrastTerm),
    minutiaCount,
    foregroundRatio,
    problems,
  };
}
