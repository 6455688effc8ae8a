import { BiometricError } from '../../errors.ts';
import type { GrayImage } from '../../primitives/gray-image.ts';
import * as P from '../extraction-parameters.ts';
import { blockGradients, windowedTensor } from '../extractor/block-gradients.ts';
import { blockGrid, type BlockMask } from '../extractor/block-map.ts';
import { integralImages, normalizeContrast } from '../extractor/contrast.ts';
import type { ExtractionStages } from '../extractor/extract.ts';
import { ridgePeriods, type PeriodField } from '../extractor/frequency.ts';
import { orientationField } from '../extractor/orientation.ts';
import { segmentationMask } from '../extractor/segmentation.ts';
import * as Q from './quality-parameters.ts';

/** How much an image looks like a fingerprint: parallel ridges at a fingerprint's spacing. */
export interface FingerprintLikeness {
  /**
   * Fraction 0..1 of the foreground blocks whose own ridge period (Hong, Wan & Jain's oriented
   * x-signature) is found within a finger's range (5–15 px at 500 dpi, ~0.25–0.75 mm).
   */
  ridgeFrequencyConsistency: number;
  /** Mean orientation coherence 0..1 over the foreground: how parallel the texture runs. */
  orientationCoherence: number;
  /** Foreground blocks the two measures were taken on. */
  foregroundBlocks: number;
  isFingerprint: boolean;
}

/**
 * A face photo, a document or a landscape also has contrast, edges and a few "minutiae", and the
 * capture-quality score alone can pass it (a face photo scored 75/100 before this check). What
 * they lack is what defines a friction-ridge image: a flow of parallel ridges, coherent almost
 * everywhere, whose spacing is a ridge period nearly everywhere. Both measures reuse the
 * extractor's own stages (contrast normalisation, gradient tensor, segmentation, x-signature).
 */
export function assessFingerprintLikeness(image: GrayImage): FingerprintLikeness {
  const { width, height } = image;
  const grid = blockGrid(width, height, P.BLOCK_SIZE);
  const integral = integralImages(image);
  const normalized = normalizeContrast(integral, image, P.NORMALIZATION_RADIUS, P.MIN_NORMALIZATION_DEVIATION, undefined, { limit: P.MAX_NORMALIZED_CONTRAST });
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
  const orientation = orientationField(tensor, mask, P.ORIENTATION_SMOOTHING_SIGMA_BLOCKS);
  const periods = ridgePeriods(normalized, width, height, orientation, mask, {
    windowAcross: P.FREQUENCY_WINDOW_ACROSS,
    windowAlong: P.FREQUENCY_WINDOW_ALONG,
    minPeriod: P.MIN_RIDGE_PERIOD,
    maxPeriod: P.MAX_RIDGE_PERIOD,
    defaultPeriod: P.DEFAULT_RIDGE_PERIOD,
    minCorrelation: P.MIN_FREQUENCY_CORRELATION,
    smoothingSigma: P.FREQUENCY_SMOOTHING_SIGMA_BLOCKS,
  });
  return likenessFrom(mask, tensor.coherence, periods);
}

/**
 * The same measure from extraction's front stages: extraction computes exactly these arrays
 * (clipped normalisation, tensor, mask, orientation, periods, same settings), so nothing is redone.
 */
export function assessFingerprintLikenessFromStages(stages: ExtractionStages): FingerprintLikeness {
  return likenessFrom(stages.mask, stages.tensor.coherence, stages.periods);
}

function likenessFrom(mask: BlockMask, coherenceField: Float32Array, periods: PeriodField): FingerprintLikeness {
  let blocks = 0;
  let reliable = 0;
  let coherence = 0;
  for (let i = 0; i < mask.data.length; i++) {
    if (!mask.data[i]) continue;
    blocks++;
    reliable += periods.reliable[i];
    coherence += coherenceField[i];
  }
  const ridgeFrequencyConsistency = blocks > 0 ? reliable / blocks : 0;
  const orientationCoherence = blocks > 0 ? coherence / blocks : 0;
  return {
    ridgeFrequencyConsistency,
    orientationCoherence,
    foregroundBlocks: blocks,
    isFingerprint: ridgeFrequencyConsistency >= Q.MIN_RIDGE_FREQUENCY_CONSISTENCY && orientationCoherence >= Q.MIN_LIKENESS_COHERENCE,
  };
}

/**
 * Throws `IMAGE_NOT_FINGERPRINT` (es-MX message) when the image shows something that is not a
 * friction-ridge image. An empty image (no foreground at all: a blank platen) passes: that is an
 * absent finger, which the extractor and the quality score already report as such.
 */
export function assertFingerprintLike(image: GrayImage): FingerprintLikeness {
  return requireFingerprintLike(assessFingerprintLikeness(image));
}

/** The refusal rule of `assertFingerprintLike`, on a likeness however it was measured. */
export function requireFingerprintLike(likeness: FingerprintLikeness): FingerprintLikeness {
  const somethingThere = likeness.foregroundBlocks * P.BLOCK_SIZE * P.BLOCK_SIZE >= P.MIN_FOREGROUND_AREA_PX;
  if (somethingThere && !likeness.isFingerprint) {
    throw new BiometricError(
      'IMAGE_NOT_FINGERPRINT',
      'La imagen no es una huella dactilar: no muestra crestas paralelas con la separación de una huella. Coloque el dedo en el lector o suba la imagen de una huella (no fotografías ni documentos).',
      {
        ridgeFrequencyConsistency: round(likeness.ridgeFrequencyConsistency),
        orientationCoherence: round(likeness.orientationCoherence),
        minRidgeFrequencyConsistency: Q.MIN_RIDGE_FREQUENCY_CONSISTENCY,
        minOrientationCoherence: Q.MIN_LIKENESS_COHERENCE,
      },
    );
  }
  return likeness;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
