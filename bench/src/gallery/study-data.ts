/**
 * Data of the pre-filter study (bench/src/gallery-prefilter.ts): FVC fingers (impression 1
 * enrolled, the others searched), synthetic pool material for distractors, and for every mated
 * probe the full matcher's score against its enrolled mate, so the study counts only the mates the
 * matcher would accept. Cached under /tmp (the matcher run is minutes of CPU).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type FingerprintTemplate, matchScore, prepareTemplate } from '@siap/biometrics/fingerprint';
import { loadFvcFingers } from './fvc.ts';
import { CACHE_DIR, loadPool } from './pool.ts';

export interface StudyProbe {
  /** FVC set the finger belongs to (leave-one-set-out fits group by it). */
  set: string;
  fingerId: string;
  probe: FingerprintTemplate;
  mate: FingerprintTemplate;
  /** Full matcher's score of probe against its enrolled mate. */
  mateScore: number;
}

export interface StudyData {
  probes: StudyProbe[];
  distractorMaterial: FingerprintTemplate[];
}

export async function loadStudyData(fvcDirs: string[], poolMasters: number, threads: number): Promise<StudyData> {
  const pool = await loadPool(poolMasters, threads);
  const distractorMaterial = pool
    .slice(0, Math.floor(pool.length / 2))
    .flatMap((f) => f.templates)
    .filter((t): t is FingerprintTemplate => t !== null);
  const key = fvcDirs.map((d) => d.replace(/[^A-Za-z0-9]+/g, '_')).join('+');
  const file = join(CACHE_DIR, `study-probes-${key.slice(-120)}.json`);
  if (existsSync(file)) return { probes: JSON.parse(readFileSync(file, 'utf8')) as StudyProbe[], distractorMaterial };
  const probes: StudyProbe[] = [];
  for (const dir of fvcDirs) {
    for (const finger of await loadFvcFingers(dir)) {
      const impressions = [...finger.impressions.keys()].sort((a, b) => a - b);
      if (impressions.length < 2) continue;
      const mate = finger.impressions.get(impressions[0])!;
      const preparedMate = prepareTemplate(mate);
      for (const i of impressions.slice(1)) {
        const probe = finger.impressions.get(i)!;
        probes.push({
          set: finger.id.split('/')[0],
          fingerId: finger.id,
          probe,
          mate,
          mateScore: matchScore(prepareTemplate(probe), preparedMate),
        });
      }
    }
  }
  writeFileSync(file, JSON.stringify(probes));
  return { probes, distractorMaterial };
}
