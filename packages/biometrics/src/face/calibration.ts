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
}

export const Calibration: Record<string, ModelCalibration> = {
  'faceapi-resnet': {
    threshold: 0.9271,
    targetFar: 0.001,
    measuredOn: 'lfw_devtest, ≤ 4 images per identity (seed 1): 1,444 images, 1,580 genuine and 300,000 sampled impostor pairs',
  },
};
