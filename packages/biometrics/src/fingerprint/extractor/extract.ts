import { BiometricError } from '../../errors.ts';
import type { GrayImage } from '../../primitives/gray-image.ts';
import type { TransparencySink } from '../transparency.ts';
import type { FingerprintTemplate } from '../types.ts';
import * as P from '../extraction-parameters.ts';
import { blockGrid, type BlockMask } from './block-map.ts';
import { blockGradients, windowedTensor } from './block-gradients.ts';
import { clipContrast, integralImages, normalizeContrast } from './contrast.ts';
import { binarize } from './binarization.ts';
import { enhanceRidges } from './enhancement.ts';
import { ridgePeriods } from './frequency.ts';
import { finalizeMinutiae } from './minutia-filters.ts';
import { collectMinutiae } from './minutiae.ts';
import { orientationField, pixelOrientationBins } from './orientation.ts';
import { blockBorderDistance, segmentationMask } from './segmentation.ts';
import { filterSkeleton } from './skeleton-filters.ts';
import { traceSkeleton } from './skeleton-graph.ts';
import { thin } from './thinning.ts';

export interface ExtractOptions {
  transparency?: TransparencySink;
}

/**
 * The whole minutia extraction pipeline, one named stage per line. `image` must already be at
 * 500 dpi (use `decodeFingerprintImage` or `grayImageFromRaw`). Pure and synchronous.
 */
export function extractTemplate(image: GrayImage, options: ExtractOptions = {}): FingerprintTemplate {
  const log: TransparencySink = options.transparency ?? (() => {});
  requireValidRaster(image);
  const { width, height } = image;
  const grid = blockGrid(width, height, P.BLOCK_SIZE);

  const integral = integralImages(image);
  const normalized = clipContrast(
    normalizeContrast(integral, image, P.NORMALIZATION_RADIUS, P.MIN_NORMALIZATION_DEVIATION),
    P.MAX_NORMALIZED_CONTRAST,
  );
  log('normalized', { width, height, data: normalized });

  const tensor = windowedTensor(blockGradients(normalized, width, height, P.BLOCK_SIZE), P.ORIENTATION_WINDOW_RADIUS_BLOCKS);
  const mask = segmentationMask(integral, tensor.coherence, grid, segmentationSettings);
  log('mask', mask);
  requireForeground(mask);

  const orientation = orientationField(tensor, mask, P.ORIENTATION_SMOOTHING_SIGMA_BLOCKS);
  log('orientation', orientation);

  const periods = ridgePeriods(normalized, width, height, orientation, mask, frequencySettings);
  log('frequency', periods);

  const orientationBins = pixelOrientationBins(orientation, width, height, P.ORIENTATION_BINS);
  const enhanced = enhanceRidges(normalized, width, height, orientationBins, periods, mask, enhancementSettings);
  log('enhanced', { width, height, data: enhanced });

  const binary = binarize(enhanced, width, height, mask, P.MAX_BINARY_SPECK_AREA);
  log('binarized', { width, height, data: binary });

  const skeleton = thin(binary, width);
  log('skeleton', { width, height, data: skeleton });

  const graph = traceSkeleton(skeleton, width);
  const traced = { nodes: graph.nodes.length, edges: graph.edges.length };
  filterSkeleton(graph, orientation, skeletonFilterSettings);
  log('skeleton-graph', { traced, kept: { nodes: graph.nodes.filter((n) => !n.removed).length, edges: graph.edges.filter((e) => !e.removed).length } });

  const candidates = collectMinutiae(graph, orientation, P.RIDGE_DIRECTION_SAMPLE);
  const minutiae = finalizeMinutiae(candidates, grid, blockBorderDistance(mask), orientation.coherence, minutiaFilterSettings);
  log('minutiae', minutiae);

  return { width, height, minutiae };
}

function requireValidRaster(image: GrayImage): void {
  const { width, height, data } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0 || data.length !== width * height) {
    throw new BiometricError('IMAGE_CORRUPT', 'La imagen está dañada: sus datos no corresponden a sus dimensiones.', {
      width,
      height,
      byteLength: data.length,
    });
  }
}

function requireForeground(mask: BlockMask): void {
  let blocks = 0;
  for (let i = 0; i < mask.data.length; i++) blocks += mask.data[i];
  if (blocks * mask.blockSize * mask.blockSize < P.MIN_FOREGROUND_AREA_PX) {
    throw new BiometricError(
      'IMAGE_NO_FINGERPRINT',
      'No se encontró una huella en la imagen (está en blanco o sin crestas visibles). Coloque el dedo sobre el lector y capture de nuevo.',
      { foregroundPx: blocks * mask.blockSize * mask.blockSize, minForegroundPx: P.MIN_FOREGROUND_AREA_PX },
    );
  }
}

const segmentationSettings = {
  contrastRadius: P.MASK_CONTRAST_RADIUS,
  minAbsoluteContrast: P.MIN_ABSOLUTE_BLOCK_CONTRAST,
  minRelativeContrast: P.MIN_RELATIVE_BLOCK_CONTRAST,
  relativeContrastPercentile: P.RELATIVE_CONTRAST_PERCENTILE,
  minCoherence: P.MIN_MASK_COHERENCE,
  voteRadius: P.MASK_VOTE_RADIUS_BLOCKS,
  voteRounds: P.MASK_VOTE_ROUNDS,
};

const frequencySettings = {
  windowAcross: P.FREQUENCY_WINDOW_ACROSS,
  windowAlong: P.FREQUENCY_WINDOW_ALONG,
  minPeriod: P.MIN_RIDGE_PERIOD,
  maxPeriod: P.MAX_RIDGE_PERIOD,
  defaultPeriod: P.DEFAULT_RIDGE_PERIOD,
  minCorrelation: P.MIN_FREQUENCY_CORRELATION,
  smoothingSigma: P.FREQUENCY_SMOOTHING_SIGMA_BLOCKS,
};

const enhancementSettings = {
  orientationBins: P.ORIENTATION_BINS,
  periodBins: P.PERIOD_BINS,
  minPeriod: P.MIN_RIDGE_PERIOD,
  maxPeriod: P.MAX_RIDGE_PERIOD,
  sigmaAlong: P.ENHANCEMENT_SIGMA_ALONG,
  alongStep: P.ENHANCEMENT_ALONG_STEP,
  sigmaAcrossPeriods: P.ENHANCEMENT_SIGMA_ACROSS_PERIODS,
};

const skeletonFilterSettings = {
  minTailLength: P.MIN_TAIL_LENGTH,
  minFragmentLength: P.MIN_FRAGMENT_LENGTH,
  maxPoreArm: P.MAX_PORE_ARM,
  maxBridgeLength: P.MAX_BRIDGE_LENGTH,
  minBridgeAngle: P.MIN_BRIDGE_ANGLE,
  maxGapLength: P.MAX_GAP_LENGTH,
  maxGapAngle: P.MAX_GAP_ANGLE,
  directionSample: P.RIDGE_DIRECTION_SAMPLE,
  rounds: P.SKELETON_FILTER_ROUNDS,
};

const minutiaFilterSettings = {
  minBorderDistance: P.MIN_BORDER_DISTANCE,
  fullQualityBorderDistance: P.FULL_QUALITY_BORDER_DISTANCE,
  cloudRadius: P.MINUTIA_CLOUD_RADIUS,
  maxCloudSize: P.MAX_CLOUD_SIZE,
  maxMinutiae: P.MAX_MINUTIAE,
};
