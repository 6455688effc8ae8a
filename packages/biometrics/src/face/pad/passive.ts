import { readFileSync } from 'node:fs';
import type { RgbImage } from '../decode.ts';
import type { DetectedFace } from '../detect.ts';
import { logit, type LogisticModel } from './classifier.ts';
import { padCrops } from './crop.ts';
import { colourPlanes, downsample, lbpHistogram, qualityCues, spectrumBands } from './features.ts';

/**
 * The shipped passive PAD model (pad/model.json): which features, the classifier's coefficients,
 * and the decision threshold with the operating point it was measured at. Retrain with
 * `npm run train:pad -- --dataset DIR` (see face/PAD.md).
 */
export interface PadModel {
  id: string;
  /** Names the feature vector (`padFeatures`); a model only scores vectors of its own set. */
  featureSet: string;
  dims: number;
  classifier: LogisticModel;
  /** Log-odds of "live" at or above which a presentation is called live. */
  threshold: number;
  operatingPoint: {
    /** BPCER the threshold was chosen for (share of live people refused). */
    bpcerTarget: number;
    /** What the subject-wise cross-validation measured at that threshold. */
    bpcer: number;
    apcer: number;
    measuredOn: string;
  };
  trainedOn: string;
}

/** The feature set this code computes (see features.ts for the cues and their sources). */
export const PAD_FEATURE_SET = 'clbp64-hsv-ycbcr+quality+spectrum8@face0.8';

/** Square-rooted histogram (Hellinger map): lets a linear classifier compare histograms fairly. */
function hellinger(h: Float32Array): number[] {
  return Array.from(h, (v) => Math.sqrt(v));
}

/**
 * The feature vector of one face: uniform LBP histograms of H, S, V, Y, Cb, Cr on the 64 px
 * face crop, image-quality cues and radial spectrum bands of the luma.
 */
export function padFeatures(image: RgbImage, face: Pick<DetectedFace, 'mesh'>): Float32Array {
  const { face: crop } = padCrops(image, face);
  const planes = colourPlanes(crop);
  const out: number[] = [];
  for (const p of [planes.h, planes.s, planes.v, planes.y, planes.cb, planes.cr]) out.push(...hellinger(lbpHistogram(downsample(p))));
  out.push(...qualityCues(planes));
  out.push(...spectrumBands(planes.y, 8));
  return Float32Array.from(out);
}

let shipped: PadModel | null = null;

/** The model the package ships (loaded once). */
export function shippedPadModel(): PadModel {
  if (!shipped) shipped = JSON.parse(readFileSync(new URL('./model.json', import.meta.url), 'utf8')) as PadModel;
  return shipped;
}

export interface PresentationScore {
  /** Log-odds that the presentation is a live face (higher = more live). */
  score: number;
  threshold: number;
  /** score ≥ threshold. */
  live: boolean;
  model: string;
}

/** Scores a feature vector with a PAD model (the shipped one by default). */
export function scorePresentation(features: ArrayLike<number>, model: PadModel = shippedPadModel()): PresentationScore {
  if (features.length !== model.dims) throw new Error(`PAD model ${model.id} expects ${model.dims} features, got ${features.length}`);
  const score = logit(model.classifier, features);
  return { score, threshold: model.threshold, live: score >= model.threshold, model: model.id };
}
