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
  // A finger of a set in SAME_FINGERS is the same physical finger as its twin's: it is never
  // enrolled a second time; all its impressions search for the twin (mated when the twin is).
  const enrolledIds = new Set<string>();
  fvc.forEach((finger, i) => {
    if (i % 2 !== 0 || twinOf(finger.id) || finger.impressions.size < 2) return;
    const first = Math.min(...finger.impressions.keys());
    enrolledIds.add(`fvc:${finger.id}`);
    enrolledReal.push({ subjectId: `fvc:${finger.id}`, template: finger.impressions.get(first)! });
  });
  for (const finger of fvc) {
    const impressions = [...finger.impressions.keys()].sort((a, b) => a - b);
    if (impressions.length < 2) continue;
    const twin = twinOf(finger.id);
    const subjectId = `fvc:${twin ?? finger.id}`;
    const mate = enrolledIds.has(subjectId) ? subjectId : null;
    for (const impression of twin ? impressions : impressions.slice(1)) {
      searches.push({ mate, source: 'fvc', finger: finger.id, template: finger.impressions.get(impression)! });
    }
  }
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

/**
 * Sets whose fingers are those of another set, captured with another sensor: FVC2000 DB1_B
 * (optical) and DB2_B (capacitive) hold the same ten fingers. Measured with bench:gallery
 * (2026-12-07, 10k, --dump): with both enrolled, every impression of DB1_B/101, 103, …, 109 scored
 * ≥ 40 against DB2_B's same-numbered finger and the reverse (34 of 35 and 33 of 35 impressions
 * beyond the mate); no other pair of sets did (2 of 917 searches, at chance level).
 */
const SAME_FINGERS: Record<string, string> = { FVC2000_DB2_B: 'FVC2000_DB1_B' };

/** `<twin set>/<finger>` when `<set>/<finger>` is the same finger as one of another set. */
function twinOf(id: string): string | null {
  const [set, finger] = id.split('/');
  return SAME_FINGERS[set] ? `${SAME_FINGERS[set]}/${finger}` : null;
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
