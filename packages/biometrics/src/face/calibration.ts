import type { ImpostorTail } from './impostor-tail.ts';

/**
 * Decision thresholds per embedding model, calibrated for a false-accept rate of 0.1 % on the
 * face benchmark (`npm run bench:face`, cosine scores of every genuine pair and the impostor pairs
 * of the run named in `measuredOn`). A threshold set on one data set carries over only roughly to
 * another population: re-measure on the deployment's own data before relying on the FAR.
 */
export interface ModelCalibration {
  threshold: number;
  targetFar: number;
  measuredOn: string;
  /**
   * The upper tail of the model's impostor scores (impostor-tail.ts): what the 1:N threshold is
   * read from (operating-point.ts), far below the FMR a data set can count. Absent for a model
   * whose tail was not fitted.
   */
  impostorTail?: ImpostorTail & { measuredOn: string };
}

export const Calibration: Record<string, ModelCalibration> = {
  // On yaleb_cropped (38 people, grey, same studio) the FAR 0.1 % point is 0.9617: a small,
  // homogeneous population raises impostor scores. The deployed threshold must be re-measured on
  // the deployment's own population.
  'faceapi-resnet-v2': {
    threshold: 0.9289,
    targetFar: 0.001,
    measuredOn: 'lfw_devtest, all 2,493 images of 496 people: 24,620 genuine and 300,000 sampled impostor pairs (seed 1)',
  },
  // The previous template (face-api window + mirror only), for templates stored before v2.
  'faceapi-resnet': {
    threshold: 0.928,
    targetFar: 0.001,
    measuredOn: 'lfw_devtest, all 2,493 images of 496 people: 24,620 genuine and 300,000 sampled impostor pairs (seed 1)',
  },
};
