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
import { cohortPValue } from '@siap/biometrics/gallery';
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
const floorOf = (t: Trial, value: number) => (t.scores[0] >= FINGERPRINT_MATCH_THRESHOLD ? value : Number.NEGATIVE_INFINITY);

function rules(): Rule[] {
  const list: Rule[] = [
    { name: 'score ≥ 10·log10(N/F) (current)', statistic: (t) => t.scores[0] ?? Number.NEGATIVE_INFINITY, cut: (_t, f, n) => Math.max(40, 10 * LOG10(n / f)) },
    { name: 'score ≥ 10·log10(compared/F)', statistic: (t) => t.scores[0] ?? Number.NEGATIVE_INFINITY, cut: (t, f) => Math.max(40, 10 * LOG10(t.compared / f)) },
  ];
  for (const k of [2, 3, 5, 10]) {
    list.push({
      name: `cohort: −10·log10 p(s1 − s${k}) ≥ −10·log10 F, s1 ≥ 40`,
      statistic: (t) => (t.scores.length >= k ? floorOf(t, -10 * LOG10(cohortPValue(t.scores[0] - t.scores[k - 1], k))) : Number.NEGATIVE_INFINITY),
      cut: (_t, f) => -10 * LOG10(f),
    });
  }
  return list;
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
      ...[2, 3, 5, 10].map((k): [string, (t: Trial, f: number) => boolean] => [`p(s1 − s${k}) ≤ F`, (t, f) => t.scores.length >= k && cohortPValue(t.scores[0] - t.scores[k - 1], k) <= f]),
    ];
    for (const [name, passes] of calibration) {
      console.log(`  ${name}: ${nominal.map((f) => `${f} → ${pct(impostors.filter((t) => passes(t, f)).length, impostors.length)}`).join(', ')}`);
    }
    const sets = [...new Set(mated.map((t) => t.set))].sort();
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
