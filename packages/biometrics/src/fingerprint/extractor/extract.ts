import { BiometricError } from '../../errors.ts';
import type { GrayImage } from '../../primitives/gray-image.ts';
import type { TransparencySink } from '../transparency.ts';
import type { FingerprintTemplate } from '../types.ts';
import * as P from '../extraction-parameters.ts';
import { blockGrid, type BlockMask, maskRowSpan } from './block-map.ts';
import { blockGradients, windowedTensor, type WindowedTensor } from './block-gradients.ts';
import { integralImages, normalizeContrast, type IntegralImages } from './contrast.ts';
import { binarize } from './binarization.ts';
import { enhanceRidges, enhancementFootprint } from './enhancement.ts';
import { ridgePeriods, type PeriodField } from './frequency.ts';
import { FRESH_BUFFERS, withPooledBuffers, type ScratchBuffers } from './scratch.ts';
import { finalizeMinutiae } from './minutia-filters.ts';
import { collectMinutiae } from './minutiae.ts';
import { orientationField, pixelOrientationBins, type OrientationField } from './orientation.ts';
import { blockBorderDistance, segmentationMask, type Segmentation } from './segmentation.ts';
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
  return runExtraction(image, options);
}

/**
 * The front stages of extraction, the ones quality assessment and the fingerprint-likeness check
 * measure on the same image: computing them once and handing them on saves their cost (and the
 * outputs are the same arrays those checks would compute). Read-only for the receiver.
 */
export interface ExtractionStages {
  readonly integral: IntegralImages;
  /**
   * Contrast normalisation before the ±MAX_NORMALIZED_CONTRAST clip (a copy: extraction clips its
   * own in place). Quality assessment takes its gradient tensor on the unclipped values.
   */
  readonly unclippedNormalized: Float32Array;
  /** Gradient tensor, segmentation, orientation and ridge periods, as extraction computed them. */
  readonly tensor: WindowedTensor;
  readonly mask: Segmentation;
  readonly orientation: OrientationField;
  readonly periods: PeriodField;
}

export interface ExtractWithStagesOptions extends ExtractOptions {
  /**
   * Called once the front stages exist and before enhancement (the costly part): a check that
   * refuses the image (e.g. not a fingerprint) can throw here and the rest is not computed.
   */
  afterFrontStages?: (stages: ExtractionStages) => void;
}

/**
 * `extractTemplate` that also returns its front stages, for callers that assess quality or
 * likeness of the same image next. Same template, same errors in the same order.
 */
export function extractTemplateWithStages(image: GrayImage, options: ExtractWithStagesOptions = {}): { template: FingerprintTemplate; stages: ExtractionStages } {
  let kept: ExtractionStages | undefined;
  const template = runExtraction(image, options, (stages) => {
    kept = stages;
    options.afterFrontStages?.(stages);
  });
  // runExtraction calls the hook on every path that returns a template.
  return { template, stages: kept as ExtractionStages };
}

function runExtraction(
  image: GrayImage,
  options: ExtractOptions,
  afterFrontStages?: (stages: ExtractionStages) => void,
): FingerprintTemplate {
  // A transparency sink may keep what it is given: its run takes nothing from the buffer pool.
  if (options.transparency) return runStages(image, options.transparency, FRESH_BUFFERS, afterFrontStages);
  return withPooledBuffers((scratch) => runStages(image, () => {}, scratch, afterFrontStages));
}

function runStages(
  image: GrayImage,
  log: TransparencySink,
  scratch: ScratchBuffers,
  afterFrontStages?: (stages: ExtractionStages) => void,
): FingerprintTemplate {
  requireValidRaster(image);
  const { width, height } = image;
  const grid = blockGrid(width, height, P.BLOCK_SIZE);

  // The integral images are handed on with the front stages, so then they are not pooled.
  const integral = integralImages(image, afterFrontStages ? FRESH_BUFFERS : scratch);
  // The values before the cap are kept only when someone will read them.
  const unclippedNormalized = afterFrontStages ? new Float32Array(width * height) : undefined;
  const normalized = normalizeContrast(integral, image, P.NORMALIZATION_RADIUS, P.MIN_NORMALIZATION_DEVIATION, scratch, {
    limit: P.MAX_NORMALIZED_CONTRAST,
    unclipped: unclippedNormalized,
  });
  log('normalized', { width, height, data: normalized });

  const tensor = windowedTensor(blockGradients(normalized, width, height, P.BLOCK_SIZE), P.ORIENTATION_WINDOW_RADIUS_BLOCKS);
  const mask = segmentationMask(integral, tensor.coherence, grid, segmentationSettings);
  log('mask', mask);
  requireForeground(mask);

  const orientation = orientationField(tensor, mask, P.ORIENTATION_SMOOTHING_SIGMA_BLOCKS);
  log('orientation', orientation);

  const periods = ridgePeriods(normalized, width, height, orientation, mask, frequencySettings);
  log('frequency', periods);
  if (afterFrontStages) afterFrontStages({ integral, unclippedNormalized: unclippedNormalized as Float32Array, tensor, mask, orientation, periods });

  const orientationBins = pixelOrientationBins(orientation, width, height, P.ORIENTATION_BINS, undefined, scratch, enhancementFootprint(mask, enhancementSettings));
  const enhanced = enhanceRidges(normalized, width, height, orientationBins, periods, mask, enhancementSettings, scratch);
  log('enhanced', { width, height, data: enhanced });

  const binary = binarize(enhanced, width, height, mask, P.MAX_BINARY_SPECK_AREA, scratch);
  log('binarized', { width, height, data: binary });

  const span = maskRowSpan(mask, width, height);
  const skeleton = thin(binary, width, scratch, span);
  log('skeleton', { width, height, data: skeleton });

  const graph = traceSkeleton(skeleton, width, scratch, span);
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

/** Exported for the per-stage benchmark (bench/src/fingerprint-stage-ab.ts), which runs the stages as extraction does. */
export const frequencySettings = {
  windowAcross: P.FREQUENCY_WINDOW_ACROSS,
  windowAlong: P.FREQUENCY_WINDOW_ALONG,
  minPeriod: P.MIN_RIDGE_PERIOD,
  maxPeriod: P.MAX_RIDGE_PERIOD,
  defaultPeriod: P.DEFAULT_RIDGE_PERIOD,
  minCorrelation: P.MIN_FREQUENCY_CORRELATION,
  smoothingSigma: P.FREQUENCY_SMOOTHING_SIGMA_BLOCKS,
};

export const enhancementSettings = {
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
