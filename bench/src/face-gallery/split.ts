/**
 * The identity split of the face 1:N benchmarks, seeded: a *fit* third (fits the distractor
 * distribution and the shipped impostor tail, `bench:face-tail`), an *enrolled* third (people with
 * two or more images: the first in the gallery, the others mated searches) and the *outsiders*
 * (every image a non-mated search). bench:face-gallery reports only on people outside the fit third.
 */
import { seededRandom } from '../face/dataset.ts';
import type { LabelledEmbedding } from './embeddings.ts';

export interface IdentitySplit {
  fitIdentities: number;
  fit: LabelledEmbedding[];
  enrolled: Map<string, LabelledEmbedding[]>;
  outsiders: LabelledEmbedding[];
}

export function splitIdentities(items: readonly LabelledEmbedding[], seedValue: number): IdentitySplit {
  const byId = new Map<string, LabelledEmbedding[]>();
  for (const it of items) byId.set(it.identity, [...(byId.get(it.identity) ?? []), it]);
  const ids = [...byId.keys()].sort();
  const rnd = seededRandom(seedValue);
  for (let i = ids.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [ids[i], ids[j]] = [ids[j], ids[i]];
  }
  const third = Math.floor(ids.length / 3);
  const fitIds = ids.slice(0, third);
  const enrolledIds = ids.slice(third, 2 * third).filter((id) => byId.get(id)!.length >= 2);
  const outsiderIds = ids.slice(2 * third);
  return {
    fitIdentities: fitIds.length,
    fit: fitIds.flatMap((id) => byId.get(id)!),
    enrolled: new Map(enrolledIds.map((id) => [id, byId.get(id)!])),
    outsiders: outsiderIds.flatMap((id) => byId.get(id)!),
  };
}
