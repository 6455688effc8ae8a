/**
 * µs per mccScore (the re-rank's MCC Local Similarity Sort) and per orientedCylinders (a
 * template's cylinders, for every probe and every enrolled finger), on deterministic synthetic
 * templates of ≈ 59 minutiae. Each figure is the median of `--repeats` timed passes (the machine
 * is shared: medians, not means). Usage: npm run bench:mcc [-- --fingers 400 --repeats 7]
 */
import { parseArgs } from 'node:util';
import { impression, randomFinger, seededRandom } from '../../packages/biometrics/src/fingerprint/matcher/synthetic-minutiae.ts';
import type { FingerprintTemplate } from '../../packages/biometrics/src/fingerprint/types.ts';
import { PROBE_MASK_SIZE, cylinderCells, fillProbeMask, indexCodes, orientedCylinders } from '../../packages/biometrics/src/gallery/cylinder-codes.ts';
import { MccKernel } from '../../packages/biometrics/src/gallery/mcc-kernel.ts';
import { mccLayout, mccScore, packCylinders, storeCylinders, storedCylinderWords, unstoreCylinders, type PackedCylinders } from '../../packages/biometrics/src/gallery/mcc-similarity.ts';
import { CYLINDER_INDEX } from '../../packages/biometrics/src/gallery/parameters.ts';
import * as reference from '../../packages/biometrics/src/gallery/testing/cylinder-codes-reference.ts';
import { referenceMccScore } from '../../packages/biometrics/src/gallery/testing/mcc-reference.ts';

const { values } = parseArgs({ options: { fingers: { type: 'string', default: '400' }, repeats: { type: 'string', default: '7' } } });
const n = Number(values.fingers);
const repeats = Number(values.repeats);

const random = seededRandom(7);
const inside = (f: FingerprintTemplate): FingerprintTemplate => ({ ...f, minutiae: f.minutiae.filter((m) => m.x >= 0 && m.y >= 0 && m.x < f.width && m.y < f.height) });
const fingers = Array.from({ length: n }, () => inside(impression(randomFinger(random, { count: 60 }), random)));
const probe = inside(impression(randomFinger(random, { count: 60 }), random));
const layout = mccLayout(cylinderCells(CYLINDER_INDEX), CYLINDER_INDEX.sections);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

/** Median over `repeats` passes of µs per item of `pass` (which handles `items` items). */
function time(items: number, pass: () => void): { median: number; min: number } {
  pass(); // warm-up (JIT, wasm instance)
  const per: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const t = performance.now();
    pass();
    per.push(((performance.now() - t) / items) * 1000);
  }
  return { median: median(per), min: Math.min(...per) };
}

const packed = fingers.map((f) => packCylinders(orientedCylinders(f, CYLINDER_INDEX), layout));
const probePacked = packCylinders(orientedCylinders(probe, CYLINDER_INDEX), layout);
console.log(`fingers ${n}, mean minutiae ${(fingers.reduce((s, f) => s + f.minutiae.length, 0) / n).toFixed(1)}, mean cylinders ${(packed.reduce((s, p) => s + p.count, 0) / n).toFixed(1)}`);

// The shard's storage: every finger's cylinders tight, one after another (shard-index.ts).
const words = storedCylinderWords(layout);
const offsets = new Int32Array(n + 1);
for (let i = 0; i < n; i++) offsets[i + 1] = offsets[i] + packed[i].count;
const stored = new Uint32Array(offsets[n] * words);
const directions = new Uint8Array(offsets[n]);
packed.forEach((p, i) => {
  storeCylinders(p, layout, stored, offsets[i] * words);
  directions.set(p.directions, offsets[i]);
});

let sink = 0;
const results: [string, { median: number; min: number }][] = [];
// Before: the JavaScript LSS over cylinders widened per entry, as the shard's re-rank did.
const widened: PackedCylinders = { count: 0, bits: new Uint32Array(0), valid: new Uint32Array(0), directions: new Uint8Array(0), positions: new Int16Array(0) };
results.push(['mccScore, former JavaScript (+ unstoreCylinders)', time(n, () => {
  for (let i = 0; i < n; i++) {
    const e = unstoreCylinders(stored, offsets[i] * words, packed[i].count, layout, widened);
    e.directions = directions.subarray(offsets[i], offsets[i + 1]);
    sink += referenceMccScore(probePacked, e, layout);
  }
})]);
const kernel = new MccKernel(layout);
kernel.setProbe(probePacked);
results.push(['mccScore, kernel on the shard storage (scoreStored)', time(n, () => {
  for (let i = 0; i < n; i++) sink += kernel.scoreStored(stored, directions, offsets[i], packed[i].count);
})]);
results.push(['mccScore(probe, packed) (copies both in)', time(n, () => {
  for (let i = 0; i < n; i++) sink += mccScore(probePacked, packed[i], layout);
})]);
results.push(['orientedCylinders, former', time(n, () => {
  for (let i = 0; i < n; i++) sink += reference.orientedCylinders(fingers[i], CYLINDER_INDEX).length;
})]);
results.push(['orientedCylinders', time(n, () => {
  for (let i = 0; i < n; i++) sink += orientedCylinders(fingers[i], CYLINDER_INDEX).length;
})]);
const oriented = fingers.map((f) => orientedCylinders(f, CYLINDER_INDEX));
results.push(['indexCodes (from cylinders), former', time(n, () => {
  for (let i = 0; i < n; i++) sink += reference.indexCodes(fingers[i], oriented[i]).length;
})]);
results.push(['indexCodes (from cylinders)', time(n, () => {
  for (let i = 0; i < n; i++) sink += indexCodes(fingers[i], oriented[i]).length;
})]);
const mask = new Uint32Array(PROBE_MASK_SIZE);
results.push(['fillProbeMask (from cylinders), former', time(n, () => {
  for (let i = 0; i < n; i++) for (const c of reference.fillProbeMask(fingers[i], mask, oriented[i])) mask[c] = 0;
})]);
results.push(['fillProbeMask (from cylinders)', time(n, () => {
  for (let i = 0; i < n; i++) for (const c of fillProbeMask(fingers[i], mask, oriented[i])) mask[c] = 0;
})]);
for (const [name, t] of results) console.log(`${name.padEnd(52)} ${t.median.toFixed(1).padStart(8)} µs  (min ${t.min.toFixed(1)})`);
if (!Number.isFinite(sink)) console.log('unexpected');
