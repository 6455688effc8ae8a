import { parseArgs } from 'node:util';
import { runSignatureDemo } from './demo-signature.ts';

/**
 * `npm run demo:signature -- --out DIR`: issue, sign and package one maternity certificate on a
 * throwaway embedded database (demo-signature.ts), then check it with
 * `npm run signature:verify -- DIR` or OpenSSL alone (packages/evidence/README.md).
 */
const { values } = parseArgs({ options: { out: { type: 'string' } } });
if (!values.out) {
  console.error('Uso: npm run demo:signature -- --out CARPETA');
  process.exit(2);
}
try {
  const run = await runSignatureDemo(values.out, (line) => console.log(line));
  console.log(`Paquete de evidencia en ${values.out}: ${run.files.join(', ')}`);
  console.log(`Verifique: npm run signature:verify -- ${values.out}`);
  console.log(`  openssl cms -verify -binary -inform DER -in ${values.out}/evidence.p7s -content ${values.out}/evidence.json -CAfile ${values.out}/institution-ca.pem -purpose any -out /dev/null`);
  console.log(`  openssl ts -verify -in ${values.out}/evidence.tsr -data ${values.out}/evidence.p7s -CAfile ${values.out}/tsa-ca.pem`);
  process.exit(0);
} catch (error) {
  console.error(`No se pudo completar la demostración: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
