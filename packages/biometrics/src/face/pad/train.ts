import { trainLogistic, type LogisticModel } from './classifier.ts';
import { PadParameters } from './parameters.ts';

/**
 * Trains the passive PAD classifier on feature vectors (`padFeatures`) with labels 1 = live,
 * 0 = attack, with the regularisation chosen by subject-wise cross-validation
 * (PadParameters.classifier). Used by `npm run train:pad` and by `bench:pad --folds K`.
 */
export function trainPadClassifier(features: readonly ArrayLike<number>[], live: readonly boolean[]): LogisticModel {
  return trainLogistic(features, live.map((l) => (l ? 1 : 0)), { l2: PadParameters.classifier.l2, balance: true });
}
