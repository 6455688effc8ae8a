import { prepareTemplate } from '@siap/biometrics/fingerprint';
import { decodeTemplate } from '@siap/biometrics/formats';
import { readFileSync } from 'node:fs';
const tpls = (JSON.parse(readFileSync('/tmp/tpl-FVC2002_DB1_B.json', 'utf8')) as string[]).map((t) => decodeTemplate(Buffer.from(t, 'base64')));
console.log('minutiae mean', tpls.reduce((s, t) => s + t.minutiae.length, 0) / tpls.length);
for (let r = 0; r < 4; r++) {
  const c0 = process.cpuUsage(); let n = 0;
  for (let k = 0; k < 60; k++) for (const t of tpls) { prepareTemplate(t); n++; }
  const c = process.cpuUsage(c0); console.log('prep cpu ms', ((c.user + c.system) / 1000 / n).toFixed(3));
}
