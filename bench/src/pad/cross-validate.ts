import { logit } from '../../../packages/biometrics/src/face/pad/classifier.ts';
import { trainPadClassifier } from '../../../packages/biometrics/src/face/pad/train.ts';
import { subjectFolds, type PadImage } from './dataset.ts';

/**
 * Subject-wise cross-validation: for each fold of subjects, train on the other folds' images
 * and score the held fold's. Images with no features keep a null score. Returns out-of-fold
 * scores in item order.
 */
export function crossValidatedScores(items: readonly PadImage[], features: readonly (Float32Array | null)[], folds: number): (number | null)[] {
  const foldOf = subjectFolds(items, folds);
  const scores: (number | null)[] = new Array(items.length).fill(null);
  for (let f = 0; f < folds; f++) {
    const train = items.map((_, i) => i).filter((i) => features[i] && foldOf.get(items[i].subject) !== f);
    const test = items.map((_, i) => i).filter((i) => features[i] && foldOf.get(items[i].subject) === f);
    const model = trainPadClassifier(train.map((i) => features[i]!), train.map((i) => items[i].label === 'live'));
    for (const i of test) scores[i] = logit(model, features[i]!);
  }
  return scores;
}
