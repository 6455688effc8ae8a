import { FaceEngine, BiometricError } from '@siap/biometrics/face';
import * as F from '../../../packages/biometrics/src/face/test-fixtures.ts';
const e = await FaceEngine.create();
const show = async (name: string, p: Promise<Buffer>) => {
  try { const r = await e.extractAll(await p); console.log(name, r.length, JSON.stringify(r.map((x) => ({ box: x.box, f: x.quality.failures, yaw: x.pose.yaw, nose: x.landmarks[2][0] - (x.landmarks[0][0] + x.landmarks[1][0]) / 2 })))); } catch (err) { console.log(name, (err as BiometricError).code ?? err); }
};
await show('cut', F.cutByFrame('A')); await show('cut5', F.cutByFrame('A', 0.5));
await show('AB', F.sideBySide('A', 'B')); await show('BC', F.sideBySide('B', 'C')); await show('CD', F.sideBySide('C', 'D'));
await show('B', F.portrait('B')); await show('Bm', F.mirrored(await F.portrait('B')));
