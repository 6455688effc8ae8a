/**
 * Who is enrolled and who searches. Real fingers are enrolled with one impression and searched
 * with the others (mated searches); other real fingers are never enrolled and searched all the same
 * (non-mated searches). The rest of the gallery is derived distractors (distractors.ts).
 *
 * Real fingers: FVC fingers when --fvc is given, and synthetic pool fingers. The pool is split:
 * its first half is the material distractors are cut from, its second half provides synthetic
 * subjects, so no distractor shares minutiae with a synthetic subject.
 */
import type { FingerprintTemplate } from '@siap/biometrics/fingerprint';
import { encodeTemplate } from '@siap/biometrics/formats';
import type { GalleryRecord } from '@siap/biometrics/gallery';
import { deriveDistractor } from './distractors.ts';
import type { FvcFinger } from './fvc.ts';
import type { PoolFinger } from './pool.ts';

export interface Search {
  /** The enrolled subject it should find, or null for a non-mated search. */
  mate: string | null;
  source: 'fvc' | 'synthetic';
  /** Which finger searches: `<set>/<finger>` for FVC (the set groups per-set summaries), `synthetic:<seed>` otherwise. */
  finger: string;
  template: FingerprintTemplate;
}

export interface Population {
  enrolledReal: { subjectId: string; template: FingerprintTemplate }[];
  distractorMaterial: FingerprintTemplate[];
  distractorCount: number;
  searches: Search[];
}

export function planPopulation(size: number, pool: PoolFinger[], fvc: FvcFinger[]): Population {
  const half = Math.floor(pool.length / 2);
  const distractorMaterial = pool
    .slice(0, half)
    .flatMap((f) => f.templates)
    .filter((t): t is FingerprintTemplate => t !== null);
  const enrolledReal: Population['enrolledReal'] = [];
  const searches: Search[] = [];
  // Alternate fingers between enrolled and never enrolled, so both kinds come from every set.
  fvc.forEach((finger, i) => {
    const impressions = [...finger.impressions.keys()].sort((a, b) => a - b);
    if (impressions.length < 2) return;
    const subjectId = `fvc:${finger.id}`;
    const enrolled = i % 2 === 0;
    if (enrolled) enrolledReal.push({ subjectId, template: finger.impressions.get(impressions[0])! });
    for (const impression of impressions.slice(1)) {
      searches.push({ mate: enrolled ? subjectId : null, source: 'fvc', finger: finger.id, template: finger.impressions.get(impression)! });
    }
  });
  pool.slice(half).forEach((finger, i) => {
    const [first, second] = finger.templates;
    if (!first || !second) return;
    const subjectId = `synthetic:${finger.seed}`;
    const enrolled = i % 2 === 0;
    if (enrolled) enrolledReal.push({ subjectId, template: first });
    searches.push({ mate: enrolled ? subjectId : null, source: 'synthetic', finger: subjectId, template: second });
  });
  if (enrolledReal.length > size) throw new Error(`--size ${size} is smaller than the ${enrolledReal.length} real enrolled fingers`);
  return { enrolledReal, distractorMaterial, distractorCount: size - enrolledReal.length, searches };
}

/** The gallery's records, streamed: real enrolled fingers first, then the derived distractors. */
export function* galleryRecords(population: Population): Generator<GalleryRecord> {
  for (const { subjectId, template } of population.enrolledReal) {
    yield { subjectId, finger: 0, template: encodeTemplate(template) };
  }
  for (let i = 0; i < population.distractorCount; i++) {
    yield { subjectId: `distractor:${i}`, finger: 0, template: encodeTemplate(deriveDistractor(population.distractorMaterial, i)) };
  }
}
