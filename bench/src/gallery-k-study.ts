/**
 * Pre-filter K study on a packed bench:gallery population: for every mated FVC search whose mate
 * the 1:1 matcher accepts, where the mate stands in each of the pre-filter's two stages (index
 * rank, then MCC rank among the index's shortlist) on the mate's own shard — so that the mates the
 * pre-filter loses can be counted for any per-shard K and re-rank ratio from one pass, and split by
 * stage (cut by the index, or out-scored in MCC).
 *
 *   npx tsx bench/src/gallery-k-study.ts --size N --fvc DIR [--pool P] --pack DIR --shards S [--depth D] [--enrolled-cylinders C] [--out FILE]
 *
 * The population, searches and pack must be those of the bench:gallery run (same --size, --fvc,
 * --pool, --shards; its --pack directory). Shards are read from the pack in this thread, one at a
 * time; only the mate's shard matters for whether the mate reaches the matcher. Survival at (K, R):
 * fewer than R × K entries of the shard score ≥ the mate in the index, and fewer than K of the
 * index's first R × K score ≥ it in MCC (ties count against the mate, as in prefilter-study.md).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { FINGERPRINT_MATCH_THRESHOLD, matchScore, prepareTemplate } from '@siap/biometrics/fingerprint';
import { encodeTemplate } from '@siap/biometrics/formats';
import { DEFAULT_ENGINE_URL, type GalleryEngineModule, PREFILTER_MIN_CANDIDATES, PREFILTER_PENETRATION, ShardIndex, readShardFile, shardOfSubject } from '@siap/biometrics/gallery';
import { loadFvcFingers, type FvcFinger } from './gallery/fvc.ts';
import { loadPool } from './gallery/pool.ts';
import { planPopulation, type Search } from './gallery/population.ts';

const K_GRID = [150, 200, 250, 300, 400, 500, 750, 1000, 1500];
const RATIOS = [2, 4, 8];

interface Placement {
  set: string;
  finger: string;
  /** Entries of the shard scoring ≥ the mate in the index (−1: the mate is not in the first `depth`). */
  indexRank: number;
  /** The mate's position in the index's list (ties broken as the shard's TopK does; −1: beyond `depth`). */
  at: number;
  /** For each index position i < depth: does entry i score ≥ the mate in MCC (1) or not (0); the mate's own slot 0. */
  mccAtLeast: Uint8Array;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      size: { type: 'string' },
      fvc: { type: 'string', multiple: true },
      pool: { type: 'string', default: '300' },
      pack: { type: 'string' },
      shards: { type: 'string' },
      depth: { type: 'string', default: '6000' },
      'enrolled-cylinders': { type: 'string' },
      out: { type: 'string' },
    },
  });
  const size = Number(values.size);
  const shardCount = Number(values.shards);
  const depth = Number(values.depth);
  if (!values.pack || !Number.isInteger(size) || !Number.isInteger(shardCount)) throw new Error('--size, --fvc, --pack and --shards are required');
  const pool = await loadPool(Number(values.pool));
  const fvc: FvcFinger[] = [];
  for (const dir of values.fvc ?? []) fvc.push(...(await loadFvcFingers(dir)));
  const population = planPopulation(size, pool, fvc);
  const enrolled = new Map(population.enrolledReal.map((e) => [e.subjectId, e.template]));
  // Only mates the 1:1 matcher accepts count: a mate it rejects is lost whatever the pre-filter does.
  const accepted = population.searches.filter(
    (s): s is Search & { mate: string } =>
      s.source === 'fvc' && s.mate !== null && matchScore(prepareTemplate(s.template), prepareTemplate(enrolled.get(s.mate)!)) >= FINGERPRINT_MATCH_THRESHOLD,
  );
  console.log(`${accepted.length} mated FVC searches the 1:1 matcher accepts (of ${population.searches.filter((s) => s.source === 'fvc' && s.mate).length})`);

  const { galleryEngine } = (await import(DEFAULT_ENGINE_URL)) as GalleryEngineModule;
  const header = JSON.parse(readFileSync(join(values.pack, 'header.json'), 'utf8')) as { scheme: string; shards: { file: string; bytes: number; sha256: string }[] };
  const cap = values['enrolled-cylinders'] ? { enrolledCylinders: Number(values['enrolled-cylinders']) } : {};
  if (header.shards.length !== shardCount) throw new Error(`the pack has ${header.shards.length} shards, not ${shardCount}`);
  const placements: Placement[] = [];
  const live: number[] = [];
  for (let shard = 0; shard < shardCount; shard++) {
    const mine = accepted.filter((s) => shardOfSubject(s.mate, shardCount) === shard);
    const packed = await readShardFile(join(values.pack, header.shards[shard].file), { ...header.shards[shard], scheme: header.scheme });
    const index = ShardIndex.fromPacked(galleryEngine, { minCandidates: PREFILTER_MIN_CANDIDATES, penetration: PREFILTER_PENETRATION, ...cap }, packed);
    live.push(index.size);
    const started = performance.now();
    for (const search of mine) {
      const trace = index.prefilterTrace(encodeTemplate(search.template), 0, depth);
      const at = trace.subjects.indexOf(search.mate);
      const mccAtLeast = new Uint8Array(trace.subjects.length);
      let indexRank = -1;
      if (at >= 0) {
        indexRank = 0;
        for (let i = 0; i < trace.subjects.length; i++) {
          if (i === at) continue;
          if (trace.index[i] >= trace.index[at]) indexRank++;
          if (trace.mcc[i] >= trace.mcc[at]) mccAtLeast[i] = 1;
        }
      }
      placements.push({ set: search.finger.split('/')[0], finger: search.finger, indexRank, at, mccAtLeast });
    }
    console.log(`shard ${shard}: ${index.size} entries, ${mine.length} mates traced to depth ${depth} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }

  // Lost at (K, R, kept): by the index (rank ≥ R × K or beyond the depth), else by MCC. `kept`: the
  // index's first `kept` go through whatever MCC says (a union of the two stages' verdicts), and
  // MCC picks the other K − kept among the index's positions kept … R × K.
  const lost = (p: Placement, k: number, ratio: number, kept = 0): 'index' | 'mcc' | null => {
    const first = k * ratio;
    if (p.indexRank < 0 || p.indexRank >= first) return 'index';
    if (p.at < kept) return null;
    let above = 0;
    for (let i = kept; i < Math.min(first, p.mccAtLeast.length); i++) above += p.mccAtLeast[i];
    return above >= k - kept ? 'mcc' : null;
  };
  const sets = [...new Set(placements.map((p) => p.set))].sort();
  const meanLive = live.reduce((a, b) => a + b, 0) / live.length;
  const rows: Record<string, unknown>[] = [];
  for (const [ratio, keptShare] of [...RATIOS.map((r) => [r, 0]), [1, 0], [4, 1 / 8], [4, 1 / 4], [4, 1 / 2], [8, 1 / 4]]) {
    for (const k of K_GRID) {
      if (k * ratio > depth) continue;
      const kept = Math.round(k * keptShare);
      const byStage = { index: 0, mcc: 0 };
      const perSet = sets.map((set) => {
        const mine = placements.filter((p) => p.set === set);
        const missed = mine.filter((p) => {
          const why = lost(p, k, ratio, kept);
          if (why) byStage[why]++;
          return why !== null;
        });
        return { set, missed: missed.length, of: mine.length, fingers: missed.map((p) => p.finger) };
      });
      const missed = byStage.index + byStage.mcc;
      rows.push({ ratio, k, kept, penetration: k / meanLive, missed, of: placements.length, byStage, perSet });
      console.log(
        `R=${ratio}${kept ? ` index-kept=${kept}` : ''} K=${k}/shard (penetration ${((100 * k) / meanLive).toFixed(2)} %, MCC work ${k * ratio}/shard): miss ${missed}/${placements.length} = ` +
          `${((100 * missed) / placements.length).toFixed(2)} % (index ${byStage.index}, MCC ${byStage.mcc}); per set ` +
          perSet.map((s) => `${s.set} ${s.missed}/${s.of}`).join(', '),
      );
    }
  }
  if (values.out) writeFileSync(values.out, JSON.stringify({ size, shards: shardCount, depth, live, rows, placements: placements.map((p) => ({ ...p, mccAtLeast: undefined })) }));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
