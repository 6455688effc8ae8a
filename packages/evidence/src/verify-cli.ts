/**
 * `npm run signature:verify -- DIR`: checks an evidence package folder with nothing but its files
 * (verify.ts), prints every check in Spanish, and exits 0 when valid, 1 when a check fails
 * (naming the first), 2 when the folder cannot be read.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PACKAGE_FILES, type EvidencePackage, type PackageFile } from './evidence-package.ts';
import { verifyEvidencePackage } from './verify.ts';

async function main(argv: string[]): Promise<number> {
  const dir = argv.find((a) => !a.startsWith('-'));
  if (!dir) {
    console.error('Uso: npm run signature:verify -- CARPETA   (con document.pdf, evidence.json, evidence.p7s, evidence.tsr, institution-ca.pem, tsa-ca.pem)');
    return 2;
  }
  const files = {} as EvidencePackage;
  for (const [key, name] of Object.entries(PACKAGE_FILES) as [PackageFile, string][]) {
    try {
      files[key] = new Uint8Array(await readFile(join(dir, name)));
    } catch {
      console.error(`No se puede leer ${join(dir, name)}.`);
      return 2;
    }
  }
  const result = await verifyEvidencePackage(files);
  for (const check of result.checks) console.log(`${check.ok ? '✔' : '✘'} ${check.id}: ${check.detail}`);
  if (result.valid) {
    console.log(`VÁLIDO: firmado y sellado el ${result.timestampedAt?.toISOString()}; documento SHA-256 ${result.documentSha256}.`);
    return 0;
  }
  console.log(`NO VÁLIDO: falla la comprobación «${result.firstFailure?.id}».`);
  return 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`No se pudo verificar: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  },
);
