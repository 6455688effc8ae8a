/**
 * 1:N fingerprint gallery benchmark: fills a sharded gallery with N fingers and times 1:N
 * searches, then scores them as identification (rank-1 rate, FPIR at the threshold) and measures
 * the pre-filter's penetration/miss trade-off.
 *
 *   npm run bench:gallery -- --size N [--fvc DIR]... [--probes M] [--pool P] [--shards S] [--nats URL] [--concurrency C]
 *                            [--penetration R] [--min-candidates K] [--enrolled-cylinders C] [--threshold T] [--study-sample S] [--pack DIR]
 *                            [--target-fpir F] [--dump FILE]
 *
 * --fvc may be repeated (one set folder, or a parent of sets); --pool is the number of synthetic
 * master prints generated (cached); --study-sample the distractors the pre-filter study ranks
 * mates against. --pack DIR: warm start — the gallery is read from the pack in DIR when it was
 * written for these very records (content digest), else built from the templates and packed there.
 * --target-fpir F: the summary's decision is decideIdentification at operatingPoint(F, N) (default
 * IDENTIFICATION_FPIR; issue 18's bound is FPIR 1 %). --dump FILE: every search's 20 best
 * candidates and its mate's score, as JSON, for bench/src/gallery-decision.ts. --concurrency 0 skips
 * the throughput pass, --study-sample 0 the index study. Per-set summary lines precede the last.
 * The load prints its CPU over all threads and splits the process RSS it added into shard arrays,
 * JS heaps and the rest; run with NODE_OPTIONS=--expose-gc for that split without garbage.
 *
 * The last line is the run's summary (issue 18, item 7), in a fixed format:
 *   N=<fingers> rank1=x.xx% tar1to1=x.xx% FNIR@FPIR1%=x.xx% FPIR=x.xx% miss_prefilter=x.xx% penetration=x.xx% p50_ms=n p99_ms=n rss_mb=n
 * over the FVC searches when --fvc is given (else every search): see summaryLine.
 *
 * What is in the gallery is printed first, honestly: real enrolled fingers (FVC impression 1 when
 * --fvc is given, synthetic fingers of the project's generator + extractor) and derived
 * distractors (distractors.ts). Caches live under /tmp/siap-bench-gallery, never in the repo.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { FINGERPRINT_MATCH_THRESHOLD, type FingerprintTemplate, matchScore, prepareTemplate } from '@siap/biometrics/fingerprint';
import { BiometricError, ContentDigest, decideIdentification, FingerprintGallery, IDENTIFICATION_FPIR, type OperatingPoint, operatingPoint } from '@siap/biometrics/gallery';
import { CHIMERA_MAX_TURN_DEG } from '@siap/biometrics/synth';
import { startNatsGallery } from './gallery/nats-shards.ts';
import { percent, percentile } from './lib/index.ts';
import { loadFvcFingers, type FvcFinger } from './gallery/fvc.ts';
import { loadPool } from './gallery/pool.ts';
import { galleryRecords, planPopulation, type Search } from './gallery/population.ts';
import { prefilterMissRates } from './gallery/prefilter-study.ts';
import { runSearches, searchThroughput, summarise, type DumpedOutcome, type Outcome } from './gallery/run-searches.ts';

const USAGE =
  'Uso: npm run bench:gallery -- --size N [--fvc DIR]... [--probes M] [--pool P] [--shards S] [--penetration R] [--min-candidates K] [--enrolled-cylinders C] [--threshold T] [--study-sample S] [--nats URL] [--concurrency C] [--pack DIR]';

async function main(): Promise<void> {
  let searchOutcomes: Outcome[] | undefined;
  let galleryEntries: number | undefined;
  const { values } = parseArgs({
    options: {
      size: { type: 'string' },
      fvc: { type: 'string', multiple: true },
      probes: { type: 'string', default: '200' },
      pool: { type: 'string', default: '300' },
      shards: { type: 'string' },
      penetration: { type: 'string' },
      'min-candidates': { type: 'string' },
      'enrolled-cylinders': { type: 'string' },
      threshold: { type: 'string' },
      'study-sample': { type: 'string', default: '20000' },
      nats: { type: 'string' },
      concurrency: { type: 'string', default: '8' },
      pack: { type: 'string' },
      'target-fpir': { type: 'string' },
      dump: { type: 'string' },
    },
  });
  const size = Number(values.size);
  if (!Number.isInteger(size) || size < 1) throw new Error(USAGE);
  const probes = Number(values.probes);
  const threshold = values.threshold ? Number(values.threshold) : FINGERPRINT_MATCH_THRESHOLD;
  const targetFpir = values['target-fpir'] ? Number(values['target-fpir']) : IDENTIFICATION_FPIR;
  // The decision of the summary: decideIdentification at operatingPoint(targetFpir, size) — the
  // cohort rule (operating-point.ts) — unless --threshold fixes one threshold for every search.
  const point = operatingPoint(targetFpir, size);
  const operating = values.threshold ? { ...point, threshold: Number(values.threshold), cohortRank: Number.POSITIVE_INFINITY } : point;

  const pool = await loadPool(Number(values.pool));
  const fvc: FvcFinger[] = [];
  for (const dir of values.fvc ?? []) fvc.push(...(await loadFvcFingers(dir)));
  const population = planPopulation(size, pool, fvc);
  const searches = pickSearches(population.searches, probes);
  const fvcEnrolled = population.enrolledReal.filter((e) => e.subjectId.startsWith('fvc:')).length;
  console.log(
    `gallery: ${size} fingers = ${fvcEnrolled} FVC (impression 1) + ${population.enrolledReal.length - fvcEnrolled} synthetic ` +
      `(generator + extractor, impression 1 of ${pool.length - Math.floor(pool.length / 2)} pool fingers, every other one enrolled) + ` +
      `${population.distractorCount} derived distractors (chimeras of 3 extracted synthetic prints from ${population.distractorMaterial.length} ` +
      `templates of ${Math.floor(pool.length / 2)} pool fingers: Voronoi cells turned within ±${CHIMERA_MAX_TURN_DEG}° and half of them mirrored, affine warp; not independent fingers)`,
  );

  // With node --expose-gc (NODE_OPTIONS) garbage is collected before each reading, in the shards too.
  const collect = (globalThis as { gc?: () => void }).gc;
  collect?.();
  const usageBefore = process.memoryUsage();
  const memoryBefore = usageBefore.rss;
  const prefilter = {
    penetration: values.penetration ? Number(values.penetration) : undefined,
    minCandidates: values['min-candidates'] ? Number(values['min-candidates']) : undefined,
    enrolledCylinders: values['enrolled-cylinders'] ? Number(values['enrolled-cylinders']) : undefined,
  };
  // --nats: the same gallery served by shard processes over NATS JetStream (memory then lives in
  // those processes: the RSS delta below is only the client's).
  const remote = values.nats ? await startNatsGallery(values.nats, values.shards ? Number(values.shards) : 4, prefilter) : null;
  const gallery = remote?.gallery ?? (await FingerprintGallery.open({ shards: values.shards ? Number(values.shards) : undefined, prefilter }));
  try {
    const loadStart = performance.now();
    const loadCpuStart = process.cpuUsage();
    let loadHow = 'built from the templates (cylinders and codes computed)';
    if (values.pack && !remote) {
      const local = gallery as FingerprintGallery;
      const digest = new ContentDigest();
      for (const r of galleryRecords(population)) digest.add(r.subjectId, r.finger, r.template);
      const digestSeconds = (performance.now() - loadStart) / 1000;
      const digestCpu = process.cpuUsage(loadCpuStart);
      console.log(`records made and digested: CPU ${((digestCpu.user + digestCpu.system) / 1e6).toFixed(1)} s`);
      try {
        await local.loadPack(values.pack, digest.toString());
        loadHow = `read from the pack in ${values.pack} (records made and digested in ${digestSeconds.toFixed(1)} s, pack read, checked and indexed in ${((performance.now() - loadStart) / 1000 - digestSeconds).toFixed(1)} s)`;
      } catch (error) {
        if (!(error instanceof BiometricError) || !error.code.startsWith('GALLERY_PACK_')) throw error;
        await local.load(galleryRecords(population));
        const packStart = performance.now();
        const written = await local.savePack(values.pack);
        loadHow = `built from the templates (pack refused: ${error.code}); pack of ${(written.bytes / 1e6).toFixed(0)} MB written in ${((performance.now() - packStart) / 1000).toFixed(1)} s`;
      }
    } else {
      await gallery.load(galleryRecords(population));
    }
    const loadSeconds = (performance.now() - loadStart) / 1000;
    // CPU of every thread of the process (the shards' included): the figure a loaded machine does not distort.
    const loadCpu = process.cpuUsage(loadCpuStart);
    console.log(`load CPU (all threads): ${((loadCpu.user + loadCpu.system) / 1e6).toFixed(1)} s`);
    const stats = await gallery.stats();
    collect?.();
    const usageAfter = process.memoryUsage();
    const memoryAfter = usageAfter.rss;
    const entries = stats.reduce((n, s) => n + s.entries, 0);
    const typedBytes = stats.reduce((n, s) => n + s.bytes, 0);
    console.log(
      `loaded ${entries} fingers into ${gallery.shardCount} shards in ${loadSeconds.toFixed(1)} s; memory per finger: ` +
        `${((memoryAfter - memoryBefore) / entries).toFixed(0)} B process RSS delta, ${(typedBytes / entries).toFixed(0)} B in shard arrays; ${loadHow}`,
    );
    if (remote) {
      // Issue 18: every enrollment is in the update stream once, and the shards hold just those.
      const check = await remote.checkStream();
      console.log(
        `update stream: ${check.messages} messages (${Object.entries(check.perSubject).map(([subject, n]) => `${subject.split('.').pop()}: ${n}`).join(', ')}), ` +
          `${check.records} records, ${check.distinct} distinct (subject, finger), ${check.repeated} repeated; the shards hold ${entries}`,
      );
      console.log(`shard processes after the load: ${shardMemoryText(remote.shardMemory())}`);
    }
    const columns = new Map<string, number>();
    for (const s of stats) for (const [name, bytes] of Object.entries(s.columns ?? {})) columns.set(name, (columns.get(name) ?? 0) + bytes);
    console.log(`shard arrays per finger: ${[...columns].map(([name, bytes]) => `${name} ${(bytes / entries).toFixed(0)} B`).join(', ')}`);
    // Where the RSS delta goes beyond the shard arrays (the rest: code, stacks, allocator slack, garbage).
    const shardHeaps = stats.reduce((n, s) => n + (s.heapBytes ?? 0), 0);
    const mainHeap = usageAfter.heapUsed - usageBefore.heapUsed;
    const mainBuffers = usageAfter.arrayBuffers - usageBefore.arrayBuffers;
    const perFinger = (bytes: number) => `${(bytes / entries).toFixed(0)} B`;
    console.log(
      `process RSS delta per finger (${collect ? 'after gc' : 'garbage included'}): ${perFinger(memoryAfter - memoryBefore)} = shard arrays ${perFinger(typedBytes)} + ` +
        `shard threads' JS heaps ${perFinger(shardHeaps)} + main JS heap ${perFinger(mainHeap)} + main array buffers ${perFinger(mainBuffers)} + ` +
        `rest ${perFinger(memoryAfter - memoryBefore - typedBytes - shardHeaps - mainHeap - mainBuffers)}`,
    );

    const { outcomes, wallSeconds } = await runSearches(gallery, searches);
    searchOutcomes = outcomes;
    galleryEntries = entries;
    const figures = summarise(outcomes, threshold);
    console.log(
      `1:N search over ${entries}: p50 ${figures.latencyP50Ms.toFixed(1)} ms, p99 ${figures.latencyP99Ms.toFixed(1)} ms, ` +
        `${(outcomes.length / wallSeconds).toFixed(2)} searches/s (one at a time), ${figures.meanCompared.toFixed(0)} full matches per search; ` +
        `per search, summed over shards: index ${figures.meanStageMs.index.toFixed(0)} ms, MCC re-rank ${figures.meanStageMs.rerank.toFixed(0)} ms, full matches ${figures.meanStageMs.match.toFixed(0)} ms`,
    );
    console.log(identificationTable(outcomes, entries));
    const concurrency = Number(values.concurrency);
    if (concurrency > 0) console.log(
      `throughput with ${concurrency} searches in flight: ${(await searchThroughput(gallery, searches, concurrency)).toFixed(2)} searches/s ` +
        `over ${gallery.shardCount} ${remote ? 'shard processes on NATS' : 'shard threads'}`,
    );
    if (remote) console.log(`shard processes after the searches: ${shardMemoryText(remote.shardMemory())}`);
    for (const source of [undefined, 'fvc', 'synthetic'] as const) {
      const part = source ? outcomes.filter((o) => o.search.source === source) : outcomes;
      if (part.length === 0 || (source && part.length === outcomes.length)) continue;
      const f = summarise(part, threshold);
      console.log(
        `${source ? `  ${source}` : 'identification'}: rank-1 ${percent(f.rank1 / Math.max(1, f.mated))} of ${f.mated} mated searches ` +
          `(${percent(f.rank1AtThreshold / Math.max(1, f.mated))} also ≥ threshold ${threshold}); ` +
          `FPIR ${percent(f.falsePositives / Math.max(1, f.nonMated))} of ${f.nonMated} non-mated searches`,
      );
    }
  } finally {
    if (remote) await remote.stop();
    else await gallery.close();
  }
  // Peak of the process (with --nats the shards' memory lives in their own processes: not counted).
  const rssMb = process.resourceUsage().maxRSS / 1024;

  const study = Number(values['study-sample']) > 0 ? prefilterMissRates({ ...population, searches }, Number(values['study-sample'])) : [];
  if (study.length) console.log(
    `pre-filter, index stage alone (mate's rank by index codes, before the MCC re-ranking, among ${Math.min(Number(values['study-sample']), population.distractorCount)} sampled distractors): ` +
      study.map((s) => `miss ${percent(s.missRate)} at penetration ${percent(s.penetration)}`).join(', '),
  );
  const enrolledTemplates = new Map(population.enrolledReal.map((e) => [e.subjectId, e.template]));
  if (!searchOutcomes || galleryEntries === undefined) throw new Error('no searches were run');
  const summarised = values.fvc?.length ? searchOutcomes.filter((o) => o.search.source === 'fvc') : searchOutcomes;
  console.log(
    `summary over ${summarised.length} ${values.fvc?.length ? 'FVC ' : ''}searches (rank1 and FPIR by decideIdentification at target FPIR ${percent(targetFpir)} over ${size} fingers: ` +
      `${values.threshold ? `threshold ${operating.threshold} given by --threshold` : `first candidate ≥ max(${point.floor}, candidate ${point.cohortRank} + ${point.cohortGap}), gallery-size threshold ${point.threshold} when fewer candidates`}; ` +
      `a non-mated search counts as a false positive when identified or ambiguous; tar1to1 at the 1:1 threshold ` +
      `${FINGERPRINT_MATCH_THRESHOLD}, FMR 1e-4; rss_mb is this process's peak${remote ? ', the NATS shard processes not included' : ''}):`,
  );
  if (values.dump) {
    writeFileSync(values.dump, JSON.stringify({ entries: galleryEntries, operating: point, outcomes: searchOutcomes.map(({ search, ...o }): DumpedOutcome => ({ ...o, mate: search.mate, source: search.source, finger: search.finger })) }));
    console.log(`outcomes written to ${values.dump}`);
  }
  // Per FVC set, so that no one set carries the pooled figure.
  if (values.fvc?.length) {
    const sets = [...new Set(summarised.map((o) => o.search.finger.split('/')[0]))].sort();
    for (const set of sets) console.log(`  ${set}: ${summaryLine(summarised.filter((o) => o.search.finger.split('/')[0] === set), galleryEntries, operating, enrolledTemplates, rssMb)}`);
  }
  console.log(summaryLine(summarised, galleryEntries, operating, enrolledTemplates, rssMb));
}

/**
 * The summary line. rank1: mated searches identified as their mate by decideIdentification (the
 * library's decision, cohort rule; an ambiguous answer is not an identification); tar1to1: the same mated pairs the 1:1 matcher accepts (FMR 1e-4); FNIR@FPIR1%: mated
 * searches not found at rank 1 above the highest threshold that lets at most 1 % of the non-mated
 * searches through (raw scores); FPIR: non-mated searches that decideIdentification does not answer
 * with "not identified";
 * miss_prefilter: of the mated searches the 1:1 matcher accepts, those whose mate the pre-filter did
 * not hand to the matcher; penetration: mean share of the gallery the matcher scored per search.
 */
function summaryLine(outcomes: Outcome[], entries: number, point: OperatingPoint, enrolled: Map<string, FingerprintTemplate>, rssMb: number): string {
  const mated = outcomes.filter((o) => o.search.mate);
  const nonMated = outcomes.filter((o) => !o.search.mate);
  const decide = (o: Outcome) => decideIdentification(o.top, point);
  const rank1 = mated.filter((o) => {
    const d = decide(o);
    return d.decision === 'identified' && d.subjectId === o.search.mate;
  }).length;
  const accepted = mated.filter((o) => matchScore(prepareTemplate(o.search.template), prepareTemplate(enrolled.get(o.search.mate!)!)) >= FINGERPRINT_MATCH_THRESHOLD);
  const dropped = accepted.filter((o) => !o.mateCompared).length;
  // Highest non-mated best scores first; a mated search counts at FPIR 1 % when above the score of
  // the first non-mated search that must be refused.
  const impostor = nonMated.map((o) => o.bestScore).sort((a, b) => b - a);
  const allowed = Math.floor(0.01 * impostor.length);
  const cut = allowed < impostor.length ? impostor[allowed] : Number.NEGATIVE_INFINITY;
  const found = mated.filter((o) => o.bestSubject === o.search.mate && o.bestScore > cut).length;
  const share = (n: number, d: number) => `${((100 * n) / Math.max(1, d)).toFixed(2)}%`;
  const latencies = outcomes.map((o) => o.latencyMs);
  return [
    `N=${entries}`,
    `rank1=${share(rank1, mated.length)}`,
    `tar1to1=${share(accepted.length, mated.length)}`,
    `FNIR@FPIR1%=${share(mated.length - found, mated.length)}`,
    `FPIR=${share(nonMated.filter((o) => decide(o).decision !== 'not_identified').length, nonMated.length)}`,
    `miss_prefilter=${share(dropped, accepted.length)}`,
    `penetration=${share(outcomes.reduce((n, o) => n + o.compared / entries, 0), outcomes.length)}`,
    `p50_ms=${Math.round(percentile(latencies, 50))}`,
    `p99_ms=${Math.round(percentile(latencies, 99))}`,
    `rss_mb=${Math.round(rssMb)}`,
  ].join(' ');
}

/**
 * FNIR and FPIR at thresholds above the 1:1 one. A non-mated search meets every enrolled finger
 * the pre-filter lets through, so at the 1:1 threshold (FMR 0.01 % per comparison) a large gallery
 * is bound to return someone; an identification system raises the threshold with the gallery's
 * size. Up to 40 each 10 points of score is a measured tenfold lower 1:1 FMR; beyond 40 the
 * matcher's calibration extends its last slope, so those FMRs are extrapolations, not measurements.
 */
function identificationTable(outcomes: Outcome[], entries: number): string {
  const rows = IDENTIFICATION_THRESHOLDS.map((t) => {
    const f = summarise(outcomes, t);
    const fnir = 1 - f.rank1AtThreshold / Math.max(1, f.mated);
    const fmr = `1:1 FMR 1e-${t / 10}${t > 40 ? ' extrapolated' : ''}`;
    const expected = (entries * 10 ** (-t / 10)).toPrecision(2);
    return `  threshold ${t} (${fmr}; × ${entries} fingers = ${expected} false matches if all were compared): FNIR ${percent(fnir)}, FPIR ${percent(f.falsePositives / Math.max(1, f.nonMated))}`;
  });
  return ['identification by threshold (FNIR = mated searches not found at rank 1 with score ≥ threshold):', ...rows].join('\n');
}

const IDENTIFICATION_THRESHOLDS = [40, 50, 60, 70, 80];

function shardMemoryText(memory: { pid: number; rss: number; peak: number }[]): string {
  const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;
  return memory.map((m, i) => `shard ${i} (pid ${m.pid}) RSS ${mb(m.rss)}, peak ${mb(m.peak)}`).join('; ');
}

/** Up to `count` searches, mated and non-mated alike, spread evenly over the list. */
function pickSearches(all: Search[], count: number): Search[] {
  if (all.length <= count) return all;
  const step = all.length / count;
  return Array.from({ length: count }, (_, i) => all[Math.floor(i * step)]);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
