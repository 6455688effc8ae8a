import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PACKAGE_FILES, sha256, toHex, verifyEvidencePackage, type EvidencePackage, type PackageFile } from '@siap/evidence';
import { runSignatureDemo, type SignatureDemoRun } from './demo-signature.ts';

const hasOpenssl = spawnSync('openssl', ['version']).status === 0;
const root = join(import.meta.dirname, '../../../..');

/**
 * Issue 16, "must show": the demo command's package (real services, throwaway embedded database)
 * passes `npm run signature:verify` and the two OpenSSL commands of the issue, and one changed
 * byte in any of its six files is caught.
 */
describe('npm run demo:signature', () => {
  let dir: string;
  let run: SignatureDemoRun;
  let files: EvidencePackage;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'siap-demo-signature-'));
    run = await runSignatureDemo(dir);
    files = {} as EvidencePackage;
    for (const [key, name] of Object.entries(PACKAGE_FILES)) files[key as PackageFile] = new Uint8Array(readFileSync(join(dir, name)));
  }, 600_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes exactly the six files of the issue; evidence.json names the document SHA-256 under documentSha256', async () => {
    expect(readdirSync(dir).sort()).toEqual(['document.pdf', 'evidence.json', 'evidence.p7s', 'evidence.tsr', 'institution-ca.pem', 'tsa-ca.pem']);
    const evidence = JSON.parse(new TextDecoder().decode(files.evidence));
    expect(evidence.documentSha256).toBe(toHex(await sha256(files.document)));
    expect(evidence.documentSha256).toBe(run.documentSha256);
    expect(evidence.document.folio).toBe(run.folio);
    expect(evidence.biometric).toMatchObject({ modality: 'huella', decision: 'coincide', purpose: 'firma' });
  });

  it('passes the independent verifier (npm run signature:verify)', () => {
    const cli = spawnSync('npx', ['tsx', join(root, 'packages/evidence/src/verify-cli.ts'), dir], { encoding: 'utf8', cwd: root });
    expect(cli.stdout).toContain('VÁLIDO');
    expect(cli.status).toBe(0);
  }, 120_000);

  it.runIf(hasOpenssl)('passes openssl cms -verify and openssl ts -verify', () => {
    const cms = spawnSync('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', join(dir, 'evidence.p7s'), '-content', join(dir, 'evidence.json'), '-CAfile', join(dir, 'institution-ca.pem'), '-purpose', 'any', '-out', '/dev/null'], { encoding: 'utf8' });
    expect(cms.stderr).toContain('Verification successful');
    expect(cms.status).toBe(0);
    const ts = spawnSync('openssl', ['ts', '-verify', '-in', join(dir, 'evidence.tsr'), '-data', join(dir, 'evidence.p7s'), '-CAfile', join(dir, 'tsa-ca.pem')], { encoding: 'utf8' });
    expect(ts.stdout + ts.stderr).toContain('Verification: OK');
    expect(ts.status).toBe(0);
  });

  for (const file of Object.keys(PACKAGE_FILES) as PackageFile[]) {
    it(`is rejected after one byte of ${PACKAGE_FILES[file]} changes`, async () => {
      const bytes = files[file].slice();
      const at = Math.floor(bytes.length / 2);
      bytes[at] = bytes[at] === 0x41 ? 0x42 : 0x41;
      const result = await verifyEvidencePackage({ ...files, [file]: bytes });
      expect(result.valid).toBe(false);
      expect(result.firstFailure).not.toBeNull();
    });
  }
});
