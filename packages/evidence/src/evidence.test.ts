import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PACKAGE_FILES, generateDemoPki, loadSigningIdentity, readTimeStampResponse, sha256, toHex, verifyEvidencePackage, type EvidencePackage, type PackageFile } from './index.ts';
import { EmbeddedTsa, createTimeStampRequest } from './timestamp.ts';
import { buildEvidencePackage } from './evidence-package.ts';
import { TEST_TSA_POLICY, samplePackage, tinyPdf } from './testing.ts';

const hasOpenssl = spawnSync('openssl', ['version']).status === 0;

describe('evidence package (CMS + RFC 3161) and its independent verifier', () => {
  let files: EvidencePackage;
  let dir: string;

  beforeAll(async () => {
    ({ files } = await samplePackage());
    dir = mkdtempSync(join(tmpdir(), 'evidence-'));
    for (const [key, name] of Object.entries(PACKAGE_FILES)) writeFileSync(join(dir, name), files[key as PackageFile]);
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('accepts the package it built, with the trusted time and the document hash', async () => {
    const result = await verifyEvidencePackage(files);
    expect(result.firstFailure).toBeNull();
    expect(result.valid).toBe(true);
    expect(result.checks.map((c) => c.id)).toEqual([
      'evidence_json',
      'document_hash',
      'cms_signature',
      'timestamp_covers_signature',
      'timestamp_token',
      'certificates_at_timestamp',
    ]);
    expect(result.documentSha256).toBe(toHex(await sha256(files.document)));
    expect(Math.abs(result.timestampedAt!.getTime() - Date.now())).toBeLessThan(120_000);
  });

  // One byte changed in any file must be caught, and by the check that reads that file.
  const expectedFailure: Record<PackageFile, string[]> = {
    document: ['document_hash'],
    evidence: ['evidence_json', 'document_hash', 'cms_signature'],
    signature: ['cms_signature', 'timestamp_covers_signature'], // a byte inside a certificate's own signature leaves the CMS signature valid
    timestamp: ['timestamp_token', 'timestamp_covers_signature'],
    institutionCa: ['certificates_at_timestamp'],
    tsaCa: ['timestamp_token'],
  };
  for (const file of Object.keys(PACKAGE_FILES) as PackageFile[]) {
    it(`rejects the package after one byte of ${PACKAGE_FILES[file]} changes`, async () => {
      const bytes = files[file].slice();
      // A byte in the middle: inside the PEM's base64 body, the DER's content, the PDF's text.
      const at = Math.floor(bytes.length / 2);
      bytes[at] = bytes[at] === 0x41 ? 0x42 : 0x41;
      const result = await verifyEvidencePackage({ ...files, [file]: bytes });
      expect(result.valid).toBe(false);
      expect(expectedFailure[file]).toContain(result.firstFailure?.id);
    });
  }

  it('rejects a signature by a certificate of another institution', async () => {
    const other = await samplePackage();
    const result = await verifyEvidencePackage({ ...files, evidence: other.files.evidence, signature: other.files.signature, document: other.files.document, timestamp: other.files.timestamp, tsaCa: other.files.tsaCa });
    expect(result.firstFailure?.id).toBe('certificates_at_timestamp');
  });

  it('rejects a timestamp taken over another signature', async () => {
    const other = await samplePackage();
    const result = await verifyEvidencePackage({ ...files, timestamp: other.files.timestamp, tsaCa: other.files.tsaCa });
    expect(result.firstFailure?.id).toBe('timestamp_covers_signature');
  });

  it('judges certificates at the timestamp, so an expired signing certificate is caught', async () => {
    // Certificates valid for one year; the TSA's clock says two years on, when none of them was
    // valid any more: the signature must not pass as made while they were.
    const pki = await generateDemoPki({ validYears: 1 });
    const later = new Date(Date.now() + 2 * 365 * 24 * 3600 * 1000);
    const expired = await samplePackage(pki, () => later);
    const result = await verifyEvidencePackage(expired.files);
    expect(result.valid).toBe(false);
    expect(['timestamp_token', 'certificates_at_timestamp']).toContain(result.firstFailure?.id);
  });

  it('never builds a package whose timestamp does not cover its signature', async () => {
    const pki = await generateDemoPki();
    const tsa = new EmbeddedTsa({ identity: await loadSigningIdentity(pki.tsa), policy: TEST_TSA_POLICY });
    await expect(
      buildEvidencePackage({
        document: tinyPdf('x'),
        evidence: {},
        signer: await loadSigningIdentity(pki.institutionSigning),
        timeStamp: async () => tsa.respond(await createTimeStampRequest(new Uint8Array([1, 2, 3]))),
        institutionCaPem: pki.institutionCaPem,
        tsaCaPem: pki.tsaCaPem,
      }),
    ).rejects.toThrow(/does not cover/);
  });

  it('reads the embedded TSA token: policy, time, imprint of the signature', async () => {
    const { info } = readTimeStampResponse(files.timestamp);
    expect(info.policy).toBe(TEST_TSA_POLICY);
    expect(info.imprintSha256).toBe(toHex(await sha256(files.signature)));
  });

  it.runIf(hasOpenssl)('verifies with OpenSSL alone: openssl cms -verify and openssl ts -verify', () => {
    const cms = spawnSync('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', join(dir, 'evidence.p7s'), '-content', join(dir, 'evidence.json'), '-CAfile', join(dir, 'institution-ca.pem'), '-purpose', 'any', '-out', '/dev/null'], { encoding: 'utf8' });
    expect(cms.stderr).toContain('Verification successful');
    expect(cms.status).toBe(0);
    const ts = spawnSync('openssl', ['ts', '-verify', '-in', join(dir, 'evidence.tsr'), '-data', join(dir, 'evidence.p7s'), '-CAfile', join(dir, 'tsa-ca.pem')], { encoding: 'utf8' });
    expect(ts.stdout + ts.stderr).toContain('Verification: OK');
    expect(ts.status).toBe(0);
  });

  it.runIf(hasOpenssl)('OpenSSL refuses the package after a byte of evidence.json changes', () => {
    const tampered = join(dir, 'tampered.json');
    const bytes = files.evidence.slice();
    bytes[10] ^= 0x01;
    writeFileSync(tampered, bytes);
    const cms = spawnSync('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', join(dir, 'evidence.p7s'), '-content', tampered, '-CAfile', join(dir, 'institution-ca.pem'), '-purpose', 'any', '-out', '/dev/null']);
    expect(cms.status).not.toBe(0);
    expect(() => execFileSync('openssl', ['ts', '-verify', '-in', join(dir, 'evidence.tsr'), '-data', tampered, '-CAfile', join(dir, 'tsa-ca.pem')], { stdio: 'pipe' })).toThrow();
  });
});
