/**
 * Pre-filter study: how often each index variant would lose a mate the full matcher accepts, at
 * each penetration rate, on the FVC-style sets against two kinds of non-mates.
 *
 *   npm run bench:prefilter -- --fvc DIR [--fvc DIR]... [--distractors N] [--pool P] [--variants a,b,…]
 *
 * For every mated probe (FVC impressions 2…8 against impression 1) whose full-matcher score
 * reaches the 1:1 threshold, the index scores the enrolled mate and every non-mate; the mate is
 * kept at penetration p exactly when the fraction of non-mates scoring at least as well is below
 * p. Non-mates are (a) N derived distractors (chimeras of synthetic prints, as the gallery
 * benchmark enrolls) and (b) every impression of every *other* real FVC finger, since an index can
 * tell synthetic minutiae from real ones and flatter itself against chimeras only. Miss rates and
 * penetration do not depend on machine load; the CPU times printed do (shared machine), and are
 * per template, single thread (process.cpuUsage).
 *
 * Leave-one-set-out: for each FVC set, the variant with the lowest miss at 5 % penetration on the
 * other sets is chosen and its miss on the held-out set reported, so the summary is not a figure
 * tuned on the data it is reported on.
 */
import { parseArgs } from 'node:util';
import { FINGERPRINT_MATCH_THRESHOLD, type FingerprintTemplate } from '@siap/biometrics/fingerprint';
import { CYLINDER_INDEX, cylinderCodeLists, cylinderCodes, cylinderProbeCodes, cylinders, orientedCodes, orientedCylinders, galleryDescriptor, probeDescriptor, type CylinderParameters } from '@siap/biometrics/gallery';
import { cylinderCells, mccLayout, mccScore, mccScoreRelaxed, packCylinders, type MccLayout, type OrientedCylinder, type PackedCylinders } from '@siap/biometrics/gallery';
import { DIRECTION_BINS, PROBE_MASK_SIZE, RotationPostings, TopK, codeColumns, fillProbeMask, indexCodes, topKByRotation } from '@siap/biometrics/gallery';
import { deriveDistractor } from './gallery/distractors.ts';
import { loadStudyData, type StudyProbe } from './gallery/study-data.ts';
import { percent } from './lib/index.ts';

const PENETRATIONS = [0.005, 0.01, 0.02, 0.05, 0.1];

interface Variant {
  name: string;
  kind?: 'codes';
  gallery(t: FingerprintTemplate): Uint32Array;
  probe(t: FingerprintTemplate): Uint32Array;
  score(shared: number, enrolled: number, probe: number): number;
}

/**
 * The study's starting point, which the variants below change: the published MCC geometry with
 * a 0.01 bit threshold, 16 functions × 16 bits, no multi-probe. Fixed here (not CYLINDER_INDEX) so
 * a variant's name keeps meaning what the log says it measured.
 */
const STUDY_BASE: CylinderParameters = {
  ...CYLINDER_INDEX,
  bitThreshold: 0.01,
  hashes: 16,
  hashBits: 16,
  minKeyOnes: 2,
  codeBits: 24,
  probeFlips: 0,
  uncertainRatio: 2,
};

const sqrtScore = (shared: number, enrolled: number) => shared / Math.sqrt(enrolled + 1);

/**
 * Cylinders depend only on the geometry and threshold parameters, and most variants differ only in
 * hashing: computed once per template and geometry (the study's main CPU cost on a shared machine).
 */
const cylinderCache = new Map<string, WeakMap<FingerprintTemplate, Uint8Array[]>>();
function cachedCylinders(t: FingerprintTemplate, p: CylinderParameters): Uint8Array[] {
  const key = JSON.stringify([p.radius, p.cells, p.sections, p.sigmaSpatial, p.sigmaDirection, p.bitThreshold, p.minNeighbors, p.hullMargin, p.minValidFraction, p.uncertainRatio]);
  let map = cylinderCache.get(key);
  if (!map) cylinderCache.set(key, (map = new WeakMap()));
  let c = map.get(t);
  if (!c) map.set(t, (c = cylinders(t, p)));
  return c;
}

function cylinderVariant(name: string, change: Partial<CylinderParameters>, score = sqrtScore): Variant {
  const p = { ...STUDY_BASE, ...change };
  return {
    name,
    gallery: (t) => cylinderCodes(t, p, cachedCylinders(t, p)),
    probe: (t) => cylinderProbeCodes(t, p, cachedCylinders(t, p)),
    score,
  };
}

const VARIANTS: Variant[] = [
  {
    name: 'triangles (current)',
    gallery: galleryDescriptor,
    probe: (t) => bitmapToCodes(probeDescriptor(t)),
    score: sqrtScore,
  },
  cylinderVariant('mcc default', {}),
  cylinderVariant('mcc h12', { hashBits: 12 }),
  cylinderVariant('mcc h20 L32', { hashBits: 20, hashes: 32 }),
  cylinderVariant('mcc L32', { hashes: 32 }),
  cylinderVariant('mcc sigma6', { sigmaSpatial: 6 }),
  cylinderVariant('mcc sections4', { sections: 4 }),
  cylinderVariant('mcc cells12', { cells: 12 }),
  cylinderVariant('mcc margin20', { hullMargin: 20 }),
  cylinderVariant('mcc ones0', { minKeyOnes: 0 }),
  cylinderVariant('mcc score shared/n', {}, (shared, enrolled) => shared / (enrolled + 1)),
  cylinderVariant('mcc score shared', {}, (shared) => shared),
  cylinderVariant('dense t005 h20 L32', { bitThreshold: 0.005, hashBits: 20, hashes: 32 }),
  cylinderVariant('dense t005 h24 L32 ones3', { bitThreshold: 0.005, hashBits: 24, hashes: 32, minKeyOnes: 3 }),
  cylinderVariant('dense t002 h24 L32 ones4', { bitThreshold: 0.002, hashBits: 24, hashes: 32, minKeyOnes: 4 }),
  cylinderVariant('mcc h24 L48', { hashBits: 24, hashes: 48 }),
  cylinderVariant('flip1 t005 h20 L32', { bitThreshold: 0.005, hashBits: 20, hashes: 32, probeFlips: 1 }),
  cylinderVariant('flip2 t005 h20 L32', { bitThreshold: 0.005, hashBits: 20, hashes: 32, probeFlips: 2 }),
  cylinderVariant('flip2 t005 h20 L16', { bitThreshold: 0.005, hashBits: 20, hashes: 16, probeFlips: 2 }),
  cylinderVariant('flip2 t005 h24 L24 ones3', { bitThreshold: 0.005, hashBits: 24, hashes: 24, minKeyOnes: 3, probeFlips: 2 }),
  cylinderVariant('flip2 t005 h20 L32 r3', { bitThreshold: 0.005, hashBits: 20, hashes: 32, probeFlips: 2, uncertainRatio: 3 }),
];

/**
 * Variants scored per pair of cylinders: c(i, j) = LSH functions on which probe cylinder i and
 * enrolled cylinder j agree; the template's score combines, for each probe cylinder, its best
 * c(i, j) over the template's cylinders (a cylinder counts once, however many it resembles).
 */
interface PairVariant {
  name: string;
  kind: 'pairs';
  lists(t: FingerprintTemplate): Uint32Array[];
  /** Sum over probe cylinders of weight(best collisions), then normalised by the enrolled cylinders. */
  weight(collisions: number): number;
  normalise(sum: number, enrolledCylinders: number): number;
}

function pairVariant(name: string, change: Partial<CylinderParameters>, weight = (c: number) => c, normalise = (s: number, n: number) => s / Math.sqrt(n + 1)): PairVariant {
  const p = { ...STUDY_BASE, ...change };
  return { name, kind: 'pairs', lists: (t) => cylinderCodeLists(t, p), weight, normalise };
}

const PAIR_VARIANTS: PairVariant[] = [
  pairVariant('pairs max', {}),
  pairVariant('pairs max²', {}, (c) => c * c),
  pairVariant('pairs max≥2', {}, (c) => (c >= 2 ? c : 0)),
  pairVariant('pairs max raw', {}, (c) => c, (s) => s),
  pairVariant('pairs max² h20 L32', { hashBits: 20, hashes: 32 }, (c) => c * c),
  pairVariant('pairs max h20 L32', { hashBits: 20, hashes: 32 }),
  pairVariant('pairs max² t005 h24 L32 ones3', { bitThreshold: 0.005, hashBits: 24, hashes: 32, minKeyOnes: 3 }, (c) => c * c),
];

/** Inverted index of cylinder code lists: code → (entry, cylinder) packed as entry × 256 + cylinder. */
class PairIndex {
  private readonly postings = new Map<number, number[]>();
  readonly cylinders: Uint16Array;
  constructor(entries: Uint32Array[][]) {
    this.cylinders = Uint16Array.from(entries.map((e) => e.length));
    entries.forEach((lists, e) => {
      lists.forEach((codes, c) => {
        if (c > 255) return;
        for (const code of codes) {
          let list = this.postings.get(code);
          if (!list) this.postings.set(code, (list = []));
          list.push(e * 256 + c);
        }
      });
    });
  }
  scores(probe: Uint32Array[], v: PairVariant, into: Float64Array): void {
    into.fill(0);
    const pair = new Map<number, number>();
    const best = new Map<number, number>();
    for (const codes of probe) {
      pair.clear();
      best.clear();
      for (const code of codes) {
        const list = this.postings.get(code);
        if (list) for (const x of list) pair.set(x, (pair.get(x) ?? 0) + 1);
      }
      for (const [x, c] of pair) {
        const e = Math.floor(x / 256);
        if ((best.get(e) ?? 0) < c) best.set(e, c);
      }
      for (const [e, c] of best) into[e] += v.weight(c);
    }
    for (let e = 0; e < into.length; e++) into[e] = v.normalise(into[e], this.cylinders[e]);
  }
}

function evaluatePairs(variant: PairVariant, probes: StudyProbe[], chimeras: FingerprintTemplate[], realOthers: { fingerId: string; template: FingerprintTemplate }[]) {
  const cpu0 = process.cpuUsage();
  const chimeraLists = chimeras.map((t) => variant.lists(t));
  const cpuGallery = process.cpuUsage(cpu0);
  const chimeraIndex = new PairIndex(chimeraLists);
  const realIndex = new PairIndex(realOthers.map((r) => variant.lists(r.template)));
  const chimeraScores = new Float64Array(chimeras.length);
  const realScores = new Float64Array(realOthers.length);
  const outcomes: ProbeOutcome[] = [];
  let probeCpu = 0;
  for (const p of probes) {
    const c0 = process.cpuUsage();
    const probe = variant.lists(p.probe);
    probeCpu += process.cpuUsage(c0).user;
    const mateIndex = new PairIndex([variant.lists(p.mate)]);
    const mateScore = new Float64Array(1);
    mateIndex.scores(probe, variant, mateScore);
    chimeraIndex.scores(probe, variant, chimeraScores);
    let above = 0;
    for (let e = 0; e < chimeraScores.length; e++) if (chimeraScores[e] >= mateScore[0]) above++;
    realIndex.scores(probe, variant, realScores);
    let aboveReal = 0;
    let real = 0;
    for (let e = 0; e < realScores.length; e++) {
      if (realOthers[e].fingerId === p.fingerId) continue;
      real++;
      if (realScores[e] >= mateScore[0]) aboveReal++;
    }
    outcomes.push({ set: p.set, chimera: above / chimeras.length, real: aboveReal / real });
  }
  const meanCodes = chimeraLists.reduce((n, l) => n + l.reduce((m, c) => m + c.length, 0), 0) / chimeraLists.length;
  return { outcomes, meanCodes, galleryCpuMs: cpuGallery.user / 1000 / chimeras.length, probeCpuMs: probeCpu / 1000 / probes.length };
}

/**
 * Variants that vote for a rotation: each shared code votes for (enrolled − probe direction) of its
 * cylinders; the score is the best pair of adjacent rotation bins over √(enrolled codes).
 */
interface RotationVariant {
  name: string;
  kind: 'rotation';
  bins: number;
  /** Adjacent rotation bins summed into the score (the best such window counts). */
  window: number;
  gallery(t: FingerprintTemplate): { codes: Uint32Array; directions: Uint8Array };
  probe(t: FingerprintTemplate): { codes: Uint32Array; directions: Uint8Array };
}

const orientedCache = new WeakMap<FingerprintTemplate, Map<string, OrientedCylinder[]>>();
function cachedOriented(t: FingerprintTemplate, p: CylinderParameters) {
  const key = JSON.stringify([p.radius, p.cells, p.sections, p.sigmaSpatial, p.sigmaDirection, p.bitThreshold, p.minNeighbors, p.hullMargin, p.minValidFraction, p.uncertainRatio]);
  let m = orientedCache.get(t);
  if (!m) orientedCache.set(t, (m = new Map()));
  let c = m.get(key);
  if (!c) m.set(key, (c = orientedCylinders(t, p)));
  return c;
}

function rotationVariant(name: string, change: Partial<CylinderParameters>, bins = 16, window = 2): RotationVariant {
  const p = { ...STUDY_BASE, ...change };
  return {
    name,
    kind: 'rotation',
    bins,
    window,
    gallery: (t) => orientedCodes(t, p, bins, false, cachedOriented(t, p)),
    probe: (t) => orientedCodes(t, p, bins, true, cachedOriented(t, p)),
  };
}

const ROTATION_VARIANTS: RotationVariant[] = [
  rotationVariant('chosen (CYLINDER_INDEX, DIRECTION_BINS rotation bins)', CYLINDER_INDEX, DIRECTION_BINS),
  rotationVariant('rot16 chosen', CYLINDER_INDEX, 16),
  rotationVariant('rot16 t005 h24 L32 ones3 c24', { codeBits: 24, probeFlips: 0, hashes: 32, hashBits: 24, minKeyOnes: 3 }),
  rotationVariant('rot16 t005 h24 L32 ones3', { bitThreshold: 0.005, hashBits: 24, hashes: 32, minKeyOnes: 3 }),
  rotationVariant('rot16 flip2 t005 h20 L16', { bitThreshold: 0.005, hashBits: 20, hashes: 16, probeFlips: 2, codeBits: 24 }),
  rotationVariant('rot16 flip2 t005 h24 L24 ones3', { bitThreshold: 0.005, hashBits: 24, hashes: 24, minKeyOnes: 3, probeFlips: 2 }),
  rotationVariant('rot16 mcc h20 L32', { hashBits: 20, hashes: 32 }),
  rotationVariant('rot32 t005 h24 L32 ones3', { bitThreshold: 0.005, hashBits: 24, hashes: 32, minKeyOnes: 3 }, 32),
  rotationVariant('window3 chosen', CYLINDER_INDEX, DIRECTION_BINS, 3),
  rotationVariant('window4 chosen', CYLINDER_INDEX, DIRECTION_BINS, 4),
  rotationVariant('window1 chosen', CYLINDER_INDEX, DIRECTION_BINS, 1),
];

class RotationIndex {
  private readonly postings = new Map<number, number[]>();
  readonly sizes: Uint32Array;
  private readonly hist: Uint16Array;
  constructor(
    entries: { codes: Uint32Array; directions: Uint8Array }[],
    private readonly bins: number,
    private readonly window = 2,
  ) {
    this.sizes = Uint32Array.from(entries.map((e) => e.codes.length));
    this.hist = new Uint16Array(entries.length * bins);
    entries.forEach((entry, e) => {
      for (let i = 0; i < entry.codes.length; i++) {
        let list = this.postings.get(entry.codes[i]);
        if (!list) this.postings.set(entry.codes[i], (list = []));
        list.push(e * bins + entry.directions[i]);
      }
    });
  }
  scores(probe: { codes: Uint32Array; directions: Uint8Array }, into: Float64Array): void {
    const B = this.bins;
    this.hist.fill(0);
    for (let i = 0; i < probe.codes.length; i++) {
      const list = this.postings.get(probe.codes[i]);
      if (!list) continue;
      const dp = probe.directions[i];
      for (const x of list) {
        const e = Math.floor(x / B);
        const dg = x - e * B;
        this.hist[e * B + ((dg - dp + B) % B)]++;
      }
    }
    for (let e = 0; e < into.length; e++) {
      let best = 0;
      for (let b = 0; b < B; b++) {
        let sum = 0;
        for (let w = 0; w < this.window; w++) sum += this.hist[e * B + ((b + w) % B)];
        best = Math.max(best, sum);
      }
      into[e] = best / Math.sqrt(this.sizes[e] + 1);
    }
  }
}

function evaluateRotation(variant: RotationVariant, probes: StudyProbe[], chimeras: FingerprintTemplate[], realOthers: { fingerId: string; template: FingerprintTemplate }[]) {
  const cpu0 = process.cpuUsage();
  const chimeraCodes = chimeras.map((t) => variant.gallery(t));
  const cpuGallery = process.cpuUsage(cpu0);
  const chimeraIndex = new RotationIndex(chimeraCodes, variant.bins, variant.window);
  const realIndex = new RotationIndex(realOthers.map((r) => variant.gallery(r.template)), variant.bins, variant.window);
  const chimeraScores = new Float64Array(chimeras.length);
  const realScores = new Float64Array(realOthers.length);
  const outcomes: ProbeOutcome[] = [];
  let probeCpu = 0;
  for (const p of probes) {
    const c0 = process.cpuUsage();
    const probe = variant.probe(p.probe);
    probeCpu += process.cpuUsage(c0).user;
    const mateScore = new Float64Array(1);
    new RotationIndex([variant.gallery(p.mate)], variant.bins, variant.window).scores(probe, mateScore);
    chimeraIndex.scores(probe, chimeraScores);
    let above = 0;
    for (let e = 0; e < chimeraScores.length; e++) if (chimeraScores[e] >= mateScore[0]) above++;
    realIndex.scores(probe, realScores);
    let aboveReal = 0;
    let real = 0;
    for (let e = 0; e < realScores.length; e++) {
      if (realOthers[e].fingerId === p.fingerId) continue;
      real++;
      if (realScores[e] >= mateScore[0]) aboveReal++;
    }
    outcomes.push({ set: p.set, chimera: above / chimeras.length, real: aboveReal / real });
  }
  const meanCodes = chimeraCodes.reduce((n, c) => n + c.codes.length, 0) / chimeraCodes.length;
  return { outcomes, meanCodes, galleryCpuMs: cpuGallery.user / 1000 / chimeras.length, probeCpuMs: probeCpu / 1000 / probes.length };
}

/**
 * Two-stage variants: the index (the chosen rotation variant) ranks every non-mate, the best
 * `ratio` × p of them are re-ranked by MCC Local Similarity Sort on the packed cylinders
 * (mcc-similarity.ts), and the best p go on. The mate is kept at p when it is in the first stage's
 * cut (fewer than ratio × p × N non-mates score ≥ it there) and fewer than p × N of the non-mates
 * in that cut score ≥ it in the second stage (ties count against the mate, as elsewhere).
 * Penetration — the share handed to the full matcher — stays p; the second stage's cost is
 * ratio × p × N MCC comparisons.
 */
interface RerankVariant {
  name: string;
  kind: 'rerank';
  ratios: number[];
  /** The first stage: a rotation variant (ROTATION_VARIANTS). */
  first: string;
  score(a: PackedCylinders, b: PackedCylinders, layout: MccLayout, best: Float64Array): number;
}

/** Largest first-stage cut computed (share of the non-mates): bounds the study's CPU. */
const RERANK_MAX_CUT = 0.4;

const RERANK_VARIANTS: RerankVariant[] = [
  { name: 'rerank mcc lss', kind: 'rerank', ratios: [2, 4, 8], first: 'chosen', score: mccScore },
  { name: 'rerank-r mcc lssr', kind: 'rerank', ratios: [2, 4, 8], first: 'chosen', score: (a, b, layout) => mccScoreRelaxed(a, b, layout) },
  { name: 'rerank-w1 mcc lss', kind: 'rerank', ratios: [4], first: 'window1 chosen', score: mccScore },
];

function evaluateRerank(variant: RerankVariant, probes: StudyProbe[], chimeras: FingerprintTemplate[], realOthers: { fingerId: string; template: FingerprintTemplate }[]) {
  const first = ROTATION_VARIANTS.find((v) => v.name.startsWith(variant.first))!;
  const p = CYLINDER_INDEX;
  const layout = mccLayout(cylinderCells(p), p.sections);
  const packedCache = new WeakMap<FingerprintTemplate, PackedCylinders>();
  const packed = (t: FingerprintTemplate) => {
    let c = packedCache.get(t);
    if (!c) packedCache.set(t, (c = packCylinders(cachedOriented(t, p), layout)));
    return c;
  };
  const chimeraIndex = new RotationIndex(chimeras.map((t) => first.gallery(t)), first.bins, first.window);
  const realIndex = new RotationIndex(realOthers.map((r) => first.gallery(r.template)), first.bins, first.window);
  const chimeraScores = new Float64Array(chimeras.length);
  const realScores = new Float64Array(realOthers.length);
  const best = new Float64Array(16);
  const outcomes = new Map<number, ProbeOutcome[]>(variant.ratios.map((r) => [r, []]));
  let comparisons = 0;
  let mccMicros = 0;
  let cylinderCount = 0;
  /** Per ratio and penetration: is the mate lost among these non-mates? */
  const lostAmong = (first1: Float64Array, keep: (e: number) => boolean, mate1: number, probe: PackedCylinders, templates: (e: number) => FingerprintTemplate, mate2: number) => {
    const ids: number[] = [];
    for (let e = 0; e < first1.length; e++) if (keep(e)) ids.push(e);
    const n = ids.length;
    ids.sort((a, b) => first1[b] - first1[a]);
    const firstAbove = ids.filter((e) => first1[e] >= mate1).length;
    // Up to the largest cut the 5 % column needs (the 10 % column may then show n/a).
    const computed = Math.min(n, Math.ceil(Math.min(RERANK_MAX_CUT, Math.max(...variant.ratios) * 0.05) * n));
    const second = new Float64Array(computed);
    const c0 = process.cpuUsage();
    for (let r = 0; r < computed; r++) second[r] = variant.score(probe, packed(templates(ids[r])), layout, best);
    mccMicros += process.cpuUsage(c0).user;
    comparisons += computed;
    return variant.ratios.map((ratio) =>
      PENETRATIONS.map((pen) => {
        const cut = Math.ceil(ratio * pen * n);
        if (cut > computed) return true; // not computed: reported as n/a below
        if (firstAbove >= cut) return true;
        let above = 0;
        for (let r = 0; r < cut; r++) if (second[r] >= mate2) above++;
        return above >= pen * n;
      }),
    );
  };
  for (const probe of probes) {
    const probeCodes = first.probe(probe.probe);
    const mate1 = new Float64Array(1);
    new RotationIndex([first.gallery(probe.mate)], first.bins, first.window).scores(probeCodes, mate1);
    chimeraIndex.scores(probeCodes, chimeraScores);
    realIndex.scores(probeCodes, realScores);
    const probePacked = packed(probe.probe);
    cylinderCount += probePacked.count;
    const mate2 = variant.score(probePacked, packed(probe.mate), layout, best);
    const lostChimera = lostAmong(chimeraScores, () => true, mate1[0], probePacked, (e) => chimeras[e], mate2);
    const lostReal = lostAmong(realScores, (e) => realOthers[e].fingerId !== probe.fingerId, mate1[0], probePacked, (e) => realOthers[e].template, mate2);
    variant.ratios.forEach((ratio, i) => {
      outcomes.get(ratio)!.push({ set: probe.set, chimera: NaN, real: NaN, missed: { chimera: lostChimera[i], real: lostReal[i] } });
    });
  }
  return {
    outcomes,
    microsPerComparison: mccMicros / Math.max(1, comparisons),
    cylindersPerProbe: cylinderCount / Math.max(1, probes.length),
    bytesPerFinger: (cylinderCount / Math.max(1, probes.length)) * (layout.wordsPerCylinder * 4 + layout.cellWords * 4 + 1),
  };
}

/**
 * Single-thread CPU of the shard's scan (topKByRotation, the code the gallery runs) per enrolled
 * finger, over the chimeras laid out as a shard stores them; × 1 M gives the scan's share of a
 * search at a million fingers (the full matcher's K comparisons come on top).
 */
function scanCpu(enrolled: FingerprintTemplate[], probes: FingerprintTemplate[]): void {
  const lists = enrolled.map((t) => indexCodes(t));
  const { codes, codeOffset, codeCount } = codeColumns(lists);
  const mask = new Uint32Array(PROBE_MASK_SIZE);
  const subjectOf = new Int32Array(lists.length);
  const fingers = new Uint8Array(lists.length);
  const b0 = process.cpuUsage();
  const postings = RotationPostings.build(lists.length, codes, codeOffset, codeCount, subjectOf);
  const buildMicros = process.cpuUsage(b0).user;
  let fillMicros = 0;
  let scanMicros = 0;
  let postingsMicros = 0;
  for (const probe of probes) {
    const c0 = process.cpuUsage();
    const written = fillProbeMask(probe, mask);
    const c1 = process.cpuUsage();
    topKByRotation(mask, 50, lists.length, codes, codeOffset, codeCount, subjectOf, fingers, 0);
    const c2 = process.cpuUsage();
    postings.collect(mask, written, new TopK(50), codeCount, subjectOf, fingers, 0);
    const c3 = process.cpuUsage();
    for (const code of written) mask[code] = 0;
    fillMicros += c1.user - c0.user;
    scanMicros += c2.user - c1.user;
    postingsMicros += c3.user - c2.user;
  }
  // µs per enrolled finger = s per search at 1 M fingers.
  const scanPerEntry = scanMicros / probes.length / lists.length;
  const postingsPerEntry = postingsMicros / probes.length / lists.length;
  console.log(
    `search CPU (single thread, shared machine, over ${lists.length} enrolled): ${(codes.length / lists.length).toFixed(0)} codes/finger; ` +
      `probe codes ${(fillMicros / probes.length / 1000).toFixed(1)} ms; full scan ${(scanPerEntry * 1000).toFixed(0)} ns/finger ` +
      `(→ ${scanPerEntry.toFixed(2)} s at 1 M); postings ${(postingsPerEntry * 1000).toFixed(0)} ns/finger (→ ${postingsPerEntry.toFixed(2)} s at 1 M, ` +
      `linear extrapolation); postings build ${(buildMicros / lists.length).toFixed(1)} µs/finger`,
  );
}

function bitmapToCodes(bits: Uint32Array): Uint32Array {
  const out: number[] = [];
  for (let w = 0; w < bits.length; w++) {
    let word = bits[w];
    while (word !== 0) {
      const low = word & -word;
      out.push(w * 32 + 31 - Math.clz32(low));
      word ^= low;
    }
  }
  return Uint32Array.from(out);
}

/** Inverted index of gallery code lists: code → entries holding it. */
class Inverted {
  private readonly postings = new Map<number, number[]>();
  readonly sizes: Uint32Array;
  constructor(entries: Uint32Array[]) {
    this.sizes = Uint32Array.from(entries.map((e) => e.length));
    entries.forEach((codes, e) => {
      for (const c of codes) {
        let list = this.postings.get(c);
        if (!list) this.postings.set(c, (list = []));
        list.push(e);
      }
    });
  }
  shared(probe: Uint32Array, into: Uint16Array): void {
    into.fill(0);
    for (const c of probe) {
      const list = this.postings.get(c);
      if (list) for (const e of list) into[e]++;
    }
  }
}

function countShared(a: Uint32Array, b: Uint32Array): number {
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      n++;
      i++;
      j++;
    } else if (a[i] < b[j]) i++;
    else j++;
  }
  return n;
}

interface ProbeOutcome {
  set: string;
  /** Fraction of chimera / real non-mates scoring ≥ the mate. */
  chimera: number;
  real: number;
  /**
   * Two-stage variants: whether the mate is lost at each of PENETRATIONS (a single fraction does
   * not say it, the first stage's cut moving with the penetration).
   */
  missed?: { chimera: boolean[]; real: boolean[] };
}

function evaluate(variant: Variant, probes: StudyProbe[], chimeras: FingerprintTemplate[], realOthers: { fingerId: string; template: FingerprintTemplate }[]) {
  const cpu0 = process.cpuUsage();
  const chimeraCodes = chimeras.map((t) => variant.gallery(t));
  const cpuGallery = process.cpuUsage(cpu0);
  const realCodes = realOthers.map((r) => variant.gallery(r.template));
  const chimeraIndex = new Inverted(chimeraCodes);
  const realIndex = new Inverted(realCodes);
  const sharedChimera = new Uint16Array(chimeraCodes.length);
  const sharedReal = new Uint16Array(realCodes.length);
  const mateCodes = new Map<string, Uint32Array>();
  const outcomes: ProbeOutcome[] = [];
  let probeCpu = 0;
  for (const p of probes) {
    const c0 = process.cpuUsage();
    const probe = variant.probe(p.probe);
    probeCpu += process.cpuUsage(c0).user;
    let mate = mateCodes.get(p.fingerId);
    if (!mate) mateCodes.set(p.fingerId, (mate = variant.gallery(p.mate)));
    const mateScore = variant.score(countShared(probe, mate), mate.length, probe.length);
    chimeraIndex.shared(probe, sharedChimera);
    let above = 0;
    for (let e = 0; e < sharedChimera.length; e++) if (variant.score(sharedChimera[e], chimeraIndex.sizes[e], probe.length) >= mateScore) above++;
    realIndex.shared(probe, sharedReal);
    let aboveReal = 0;
    let real = 0;
    for (let e = 0; e < sharedReal.length; e++) {
      if (realOthers[e].fingerId === p.fingerId) continue;
      real++;
      if (variant.score(sharedReal[e], realIndex.sizes[e], probe.length) >= mateScore) aboveReal++;
    }
    outcomes.push({ set: p.set, chimera: above / chimeraCodes.length, real: aboveReal / real });
  }
  const meanCodes = chimeraCodes.reduce((n, c) => n + c.length, 0) / chimeraCodes.length;
  return {
    outcomes,
    meanCodes,
    galleryCpuMs: cpuGallery.user / 1000 / chimeraCodes.length,
    probeCpuMs: probeCpu / 1000 / probes.length,
  };
}

function missAt(outcomes: ProbeOutcome[], p: number, which: 'chimera' | 'real' | 'both'): number {
  const index = PENETRATIONS.indexOf(p);
  const lost = (o: ProbeOutcome) => {
    if (!o.missed) return (which === 'both' ? Math.max(o.chimera, o.real) : o[which]) >= p;
    return which === 'both' ? o.missed.chimera[index] || o.missed.real[index] : o.missed[which][index];
  };
  const missed = outcomes.filter(lost).length;
  return missed / Math.max(1, outcomes.length);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      fvc: { type: 'string', multiple: true },
      distractors: { type: 'string', default: '20000' },
      pool: { type: 'string', default: '100' },
      variants: { type: 'string' },
      'scan-cpu': { type: 'boolean', default: false },
    },
  });
  const data = await loadStudyData(values.fvc ?? [], Number(values.pool), 1);
  const accepted = data.probes.filter((p) => p.mateScore >= FINGERPRINT_MATCH_THRESHOLD);
  // Kept alive for the whole run so the cylinder cache (keyed by template) serves every variant.
  const chimeras = Array.from({ length: Number(values.distractors) }, (_, i) => deriveDistractor(data.distractorMaterial, i));
  const realOthers: { fingerId: string; template: FingerprintTemplate }[] = [];
  const seen = new Set<string>();
  for (const p of data.probes) {
    realOthers.push({ fingerId: p.fingerId, template: p.probe });
    if (!seen.has(p.fingerId)) {
      seen.add(p.fingerId);
      realOthers.push({ fingerId: p.fingerId, template: p.mate });
    }
  }
  const wanted = values.variants?.split(',');
  const all: (Variant | PairVariant | RotationVariant | RerankVariant)[] = [...VARIANTS, ...PAIR_VARIANTS, ...ROTATION_VARIANTS, ...RERANK_VARIANTS];
  const variants = wanted ? all.filter((v) => wanted.some((w) => v.name.startsWith(w))) : all;
  console.log(
    `${accepted.length} of ${data.probes.length} mated probes accepted by the full matcher (≥ ${FINGERPRINT_MATCH_THRESHOLD}); ` +
      `non-mates: ${chimeras.length} chimeras, ${realOthers.length} real FVC templates of other fingers`,
  );
  const results = new Map<string, ProbeOutcome[]>();
  const report = (name: string, outcomes: ProbeOutcome[]) => {
    results.set(name, outcomes);
    const row = (which: 'chimera' | 'real' | 'both') => PENETRATIONS.map((p) => `${percent(missAt(outcomes, p, which))}@${percent(p)}`).join(' ');
    console.log(`  miss vs chimeras: ${row('chimera')}`);
    console.log(`  miss vs real:     ${row('real')}`);
    console.log(`  miss vs either:   ${row('both')}`);
    const sets = [...new Set(outcomes.map((o) => o.set))].sort();
    console.log(`  per set, miss vs either @5%: ${sets.map((s) => `${s} ${percent(missAt(outcomes.filter((o) => o.set === s), 0.05, 'both'))}`).join(', ')}`);
  };
  for (const v of variants) {
    if (v.kind === 'rerank') {
      const r = evaluateRerank(v, accepted, chimeras, realOthers);
      for (const [ratio, outcomes] of r.outcomes) {
        const name = `${v.name} x${ratio}`;
        console.log(
          `${name}: first stage keeps ${ratio} × the penetration (cuts above ${percent(RERANK_MAX_CUT)} of the non-mates not computed: shown as 100 % miss); ` +
            `${r.cylindersPerProbe.toFixed(1)} cylinders/finger (${r.bytesPerFinger.toFixed(0)} B packed), MCC ${r.microsPerComparison.toFixed(1)} µs CPU per comparison`,
        );
        report(name, outcomes);
      }
      continue;
    }
    const r =
      v.kind === 'pairs'
        ? evaluatePairs(v, accepted, chimeras, realOthers)
        : v.kind === 'rotation'
          ? evaluateRotation(v, accepted, chimeras, realOthers)
          : evaluate(v, accepted, chimeras, realOthers);
    results.set(v.name, r.outcomes);
    const row = (which: 'chimera' | 'real' | 'both') => PENETRATIONS.map((p) => `${percent(missAt(r.outcomes, p, which))}@${percent(p)}`).join(' ');
    console.log(`${v.name}: ${r.meanCodes.toFixed(0)} codes/finger, CPU ${r.galleryCpuMs.toFixed(2)} ms/enrolled, ${r.probeCpuMs.toFixed(2)} ms/probe`);
    console.log(`  miss vs chimeras: ${row('chimera')}`);
    console.log(`  miss vs real:     ${row('real')}`);
    console.log(`  miss vs either:   ${row('both')}`);
    const sets = [...new Set(r.outcomes.map((o) => o.set))].sort();
    console.log(`  per set, miss vs either @5%: ${sets.map((s) => `${s} ${percent(missAt(r.outcomes.filter((o) => o.set === s), 0.05, 'both'))}`).join(', ')}`);
  }
  if (values['scan-cpu']) scanCpu(chimeras, accepted.slice(0, 100).map((p) => p.probe));
  if (results.size > 1) {
    const sets = [...new Set(accepted.map((p) => p.set))].sort();
    let heldMissed = 0;
    let heldTotal = 0;
    for (const s of sets) {
      let best = '';
      let bestMiss = Infinity;
      for (const [name, outcomes] of results) {
        const miss = missAt(outcomes.filter((o) => o.set !== s), 0.05, 'both');
        if (miss < bestMiss) [best, bestMiss] = [name, miss];
      }
      const held = results.get(best)!.filter((o) => o.set === s);
      const m = missAt(held, 0.05, 'both');
      heldMissed += m * held.length;
      heldTotal += held.length;
      console.log(`leave-one-set-out ${s}: chose ${best} (train ${percent(bestMiss)}), held-out miss @5% ${percent(m)} of ${held.length}`);
    }
    console.log(`leave-one-set-out pooled held-out miss @5%: ${percent(heldMissed / Math.max(1, heldTotal))}`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
