import { FaceEngine, verifyFace, BiometricError } from '@siap/biometrics/face';
import * as F from '../../../packages/biometrics/src/face/test-fixtures.ts';
const e = await FaceEngine.create();
const show = async (name: string, p: Promise<Buffer>) => {
  try { const r = await e.extractAll(await p); console.log(name, r.length, JSON.stringify(r.map((x) => ({ f: x.quality.failures, m: Object.fromEntries(Object.entries(x.quality.measures).map(([k, v]) => [k, Math.round(v * 100) / 100])), pass: x.detection.pass, live: x.liveness })))); return r; } catch (err) { console.log(name, (err as BiometricError).code ?? err); return []; }
};
const recs: Record<string, any> = {};
for (const p of ['A', 'B', 'C', 'D'] as const) { recs[p] = (await show(p, F.portrait(p)))[0]; recs[p + "'"] = (await show(p + "'", F.recapture(p)))[0]; }
for (const [a, b] of [['A', "A'"], ['B', "B'"], ['C', "C'"], ['D', "D'"], ['A', 'B'], ['A', 'C'], ['B', 'D'], ['C', 'D'], ["A'", 'B'], ["C'", 'D']]) if (recs[a] && recs[b]) console.log(a, b, verifyFace(recs[a], recs[b], { threshold: 0 }).score.toFixed(3));
await show('blur', F.blurred('A')); await show('blur4', F.blurred('A', 4)); await show('dark', F.darkened('A')); await show('cut', F.cutByFrame('A')); await show('side', F.sideBySide('A', 'B'));
await show('mirror', F.mirrored(await F.portrait('A')));
for (const b of await F.noFaceImages()) await show('noface', Promise.resolve(b));
