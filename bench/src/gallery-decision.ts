/**
 * Identification decision study on the candidate lists a bench:gallery run wrote with --dump:
 * every rule is applied offline to the same searches, so rules are compared on identical scores.
 *
 *   npx tsx bench/src/gallery-decision.ts --dump FILE [--fpir F]...
 *
 * For each rule: its statistic per search (larger = more evidence that the first candidate is the
 * searched person), the FNIR at the empirical 1 % FPIR cut (a property of the statistic alone), and
 * the FPIR and rank-1 reached at the cut the rule derives from a target FPIR (what a deployment
 * gets). Impostor searches are the non-mated FVC searches and, separately, the mated FVC searches
 * with their mate taken out of the candidate list (the same probe then meets only non-mates: a
 * second, larger sample of the impostor case). "tar" is the share of mated searches whose mate
 * the matcher scored at ≥ 40 (the 1:1 threshold; the mate reached the matcher in every search but
 * those miss_prefilter counts, whose 1:1 score the dump does not hold).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { FINGERPRINT_MATCH_THRESHOLD } from '@siap/biometrics/fingerprint';
import { COHORT_TAIL_SCALE, cohortPValue } from '@siap/biometrics/gallery';
import type { DumpedOutcome } from './gallery/run-searches.ts';

interface Trial {
  set: string;
  /** Mated: the mate's id; null for impostor trials. */
  mate: string | null;
  compared: number;
  scores: number[];
  ids: string[];
  /** Mated: the mate's score (−∞ when not among the scored). */
  mateScore: number;
}

interface Rule {
  name: string;
  /** Larger = stronger evidence for the first candidate; −∞ when the rule cannot accept. */
  statistic: (t: Trial) => number;
  /** The cut the rule derives from a target FPIR for this trial's gallery. */
  cut: (t: Trial, fpir: number, entries: number) => number;
}

const LOG10 = (x: number) => Math.log(x) / Math.LN10;
/** The calibrated scale's points per e-fold for impostor pairs pooled over probes (the cohort rule's scale before session 12). */
const CALIBRATED_SCALE = 10 / Math.LN10;
const floorOf = (t: Trial, value: number) => (t.scores[0] >= FINGERPRINT_MATCH_THRESHOLD ? value : Number.NEGATIVE_INFINITY);

function rules(): Rule[] {
  const list: Rule[] = [
    { name: 'score ≥ 10·log10(N/F) (current)', statistic: (t) => t.scores[0] ?? Number.NEGATIVE_INFINITY, cut: (_t, f, n) => Math.max(40, 10 * LOG10(n / f)) },
    { name: 'score ≥ 10·log10(compared/F)', statistic: (t) => t.scores[0] ?? Number.NEGATIVE_INFINITY, cut: (t, f) => Math.max(40, 10 * LOG10(t.compared / f)) },
  ];
  for (const [scale, label] of [[CALIBRATED_SCALE, 'calibrated scale 4.34'], [COHORT_TAIL_SCALE, `cohort scale ${COHORT_TAIL_SCALE}`]] as const) {
    for (const k of [2, 3, 5, 10, 15, 20]) {
      list.push({
        name: `cohort (${label}): −10·log10 p(s1 − s${k}) ≥ −10·log10 F, s1 ≥ 40`,
        statistic: (t) => (t.scores.length >= k ? floorOf(t, -10 * LOG10(cohortPValue(t.scores[0] - t.scores[k - 1], k, scale))) : Number.NEGATIVE_INFINITY),
        cut: (_t, f) => -10 * LOG10(f),
      });
    }
  }
  for (const k of [10, 20]) {
    list.push({
      name: `scale-free cohort: −10·log10 g-test p((s1 − s${k}) / Σ(s_i − s${k})) ≥ −10·log10 F, s1 ≥ 40`,
      statistic: (t) => (t.scores.length >= k ? floorOf(t, -10 * LOG10(leadShareP(t.scores, k))) : Number.NEGATIVE_INFINITY),
      cut: (_t, f) => -10 * LOG10(f),
    });
  }
  return list;
}

/**
 * Chance that, of k − 1 i.i.d. exponential exceedances over the k-th score (any scale), the largest
 * is at least this share of their sum: the exceedances over their sum are uniform on the simplex,
 * so P(max share ≥ g) = Σ_j (−1)^(j+1) C(m, j) (1 − j·g)_+^(m−1), m = k − 1 (Fisher's g test). The
 * cohort rule with the tail's slope estimated from the probe's own candidates instead of the
 * pooled calibration.
 */
function leadShareP(scores: readonly number[], k: number): number {
  const m = k - 1;
  const base = scores[k - 1];
  let sum = 0;
  for (let i = 0; i < m; i++) sum += scores[i] - base;
  if (!(sum > 0)) return 1;
  const g = (scores[0] - base) / sum;
  let p = 0;
  let binom = 1;
  for (let j = 1; j <= m && j * g < 1; j++) {
    binom = (binom * (m - j + 1)) / j;
    p += (j % 2 === 1 ? 1 : -1) * binom * (1 - j * g) ** (m - 1);
  }
  return Math.min(1, Math.max(p, Number.MIN_VALUE));
}

function trialsOf(outcomes: DumpedOutcome[]): { mated: Trial[]; nonMated: Trial[]; mateRemoved: Trial[] } {
  const mated: Trial[] = [];
  const nonMated: Trial[] = [];
  const mateRemoved: Trial[] = [];
  for (const o of outcomes) {
    if (o.source !== 'fvc') continue;
    const set = o.finger.split('/')[0];
    const base = { set, compared: o.compared, scores: o.top.map((c) => c.score), ids: o.top.map((c) => c.subjectId) };
    if (!o.mate) {
      nonMated.push({ ...base, mate: null, mateScore: Number.NEGATIVE_INFINITY });
      continue;
    }
    const mateScore = o.mateScore ?? o.top.find((c) => c.subjectId === o.mate)?.score ?? Number.NEGATIVE_INFINITY;
    mated.push({ ...base, mate: o.mate, mateScore });
    const others = o.top.filter((c) => c.subjectId !== o.mate);
    mateRemoved.push({ set, compared: o.compared - (o.top.length > others.length ? 1 : 0), scores: others.map((c) => c.score), ids: others.map((c) => c.subjectId), mate: null, mateScore: Number.NEGATIVE_INFINITY });
  }
  return { mated, nonMated, mateRemoved };
}

const pct = (n: number, d: number) => `${((100 * n) / Math.max(1, d)).toFixed(2)}%`;

function evaluate(rule: Rule, mated: readonly Trial[], impostors: readonly Trial[], entries: number, fpirs: number[]): string {
  const tar = mated.filter((t) => t.mateScore >= FINGERPRINT_MATCH_THRESHOLD).length;
  const stats = impostors.map((t) => rule.statistic(t)).sort((a, b) => b - a);
  const allowed = Math.floor(0.01 * stats.length);
  const empiricalCut = allowed < stats.length ? stats[allowed] : Number.NEGATIVE_INFINITY;
  const foundAbove = (pass: (t: Trial) => boolean) => mated.filter((t) => t.ids[0] === t.mate && pass(t)).length;
  const atEmpirical = foundAbove((t) => rule.statistic(t) > empiricalCut);
  const parts = [`FNIR@FPIR1% ${pct(mated.length - atEmpirical, mated.length)} (rank1/tar ${pct(atEmpirical, tar)})`];
  for (const f of fpirs) {
    const rank1 = foundAbove((t) => rule.statistic(t) >= rule.cut(t, f, entries));
    const fp = impostors.filter((t) => rule.statistic(t) >= rule.cut(t, f, entries)).length;
    parts.push(`F=${f}: rank1 ${pct(rank1, mated.length)} = ${pct(rank1, tar)} of tar, FPIR ${pct(fp, impostors.length)} (${fp}/${impostors.length})`);
  }
  return `  ${rule.name}: ${parts.join('; ')}`;
}

function main(): void {
  const { values } = parseArgs({ options: { dump: { type: 'string', multiple: true }, fpir: { type: 'string', multiple: true } } });
  const fpirs = (values.fpir ?? ['0.01', '0.001']).map(Number);
  for (const file of values.dump ?? []) {
    const dump = JSON.parse(readFileSync(file, 'utf8')) as { entries: number; outcomes: DumpedOutcome[] };
    const { mated, nonMated, mateRemoved } = trialsOf(dump.outcomes);
    const tar = mated.filter((t) => t.mateScore >= FINGERPRINT_MATCH_THRESHOLD).length;
    const compared = dump.outcomes.reduce((n, o) => n + o.compared, 0) / Math.max(1, dump.outcomes.length);
    console.log(`${file}: N=${dump.entries}, ${mated.length} mated FVC searches (tar ${pct(tar, mated.length)}), ${nonMated.length} non-mated, ${mateRemoved.length} mate-removed; ${compared.toFixed(0)} scored per search`);
    for (const [label, impostors] of [
      ['non-mated', nonMated],
      ['mate-removed', mateRemoved],
      ['both', [...nonMated, ...mateRemoved]],
    ] as const) {
      console.log(` impostors: ${label} (${impostors.length})`);
      for (const rule of rules()) console.log(evaluate(rule, mated, impostors, dump.entries, fpirs));
    }
    // Is the null model right? Observed FPIR at nominal levels, without the 1:1 floor (which
    // otherwise hides the statistic's own calibration at these levels).
    const impostors = [...nonMated, ...mateRemoved];
    console.log(` calibration without the floor over ${impostors.length} impostor searches (nominal → observed FPIR):`);
    const nominal = [0.3, 0.1, 0.03, 0.01];
    const calibration: [string, (t: Trial, f: number) => boolean][] = [
      ['s1 ≥ 10·log10(N/F)', (t, f) => (t.scores[0] ?? -1) >= 10 * LOG10(dump.entries / f)],
      ['s1 ≥ 10·log10(compared/F)', (t, f) => (t.scores[0] ?? -1) >= 10 * LOG10(t.compared / f)],
      ...[CALIBRATED_SCALE, COHORT_TAIL_SCALE].flatMap((scale) =>
        [2, 3, 5, 10, 15, 20].map((k): [string, (t: Trial, f: number) => boolean] => [`p(s1 − s${k}; scale ${scale.toFixed(2)}) ≤ F`, (t, f) => t.scores.length >= k && cohortPValue(t.scores[0] - t.scores[k - 1], k, scale) <= f]),
      ),
      ...[10, 20].map((k): [string, (t: Trial, f: number) => boolean] => [`g-test p(lead share over s${k}) ≤ F`, (t, f) => t.scores.length >= k && leadShareP(t.scores, k) <= f]),
    ];
    for (const [name, passes] of calibration) {
      console.log(`  ${name}: ${nominal.map((f) => `${f} → ${pct(impostors.filter((t) => passes(t, f)).length, impostors.length)}`).join(', ')}`);
    }
    // The cohort rule's scale as measured: mean exceedance over the k-th candidate (maximum likelihood for an exponential tail).
    const scaleOf = (list: readonly Trial[], k: number) => {
      let sum = 0;
      let n = 0;
      for (const t of list) {
        if (t.scores.length < k) continue;
        for (let j = 0; j < k - 1; j++) sum += t.scores[j] - t.scores[k - 1];
        n += k - 1;
      }
      return (sum / Math.max(1, n)).toFixed(3);
    };
    const sets = [...new Set(mated.map((t) => t.set))].sort();
    console.log(
      ` impostor tail scale over the 10th candidate (points per e-fold): non-mated ${scaleOf(nonMated, 10)}, mate-removed ${scaleOf(mateRemoved, 10)}; per set ` +
        sets.map((set) => `${set} ${scaleOf(impostors.filter((t) => t.set === set), 10)}`).join(', '),
    );
    for (const rule of rules()) {
      console.log(` per set, ${rule.name}, impostors both:`);
      for (const set of sets) {
        const own = (list: Trial[]) => list.filter((t) => t.set === set);
        console.log(`  ${set}:${evaluate(rule, own(mated), [...own(nonMated), ...own(mateRemoved)], dump.entries, fpirs).replace(/^ +[^:]+:/, '')}`);
      }
    }
  }
}

main();
