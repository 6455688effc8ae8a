import { join } from 'node:path';

type Env = Record<string, string | undefined>;

/**
 * Settings of biometric signatures (modules/incapacity, see its README):
 * - SIGNATURE_KEYS_DIR: the folder with the institution's signing key and certificates:
 *     institution-ca.pem   the root the signing certificate chains to (goes into every package)
 *     signing-cert.pem     the institution's signing certificate ("sello de firma biométrica")
 *     signing-key.pem      its private key, PKCS#8 PEM (keep it 0600, or in an HSM-backed mount)
 *     signing-chain.pem    optional intermediates between the two
 *     tsa-ca.pem           the root of the time-stamp authority (goes into every package)
 *     tsa-cert.pem, tsa-key.pem   only for the embedded TSA (demo, tests)
 *   In demo mode, defaults to `.data/signature-keys`, generated at first start.
 * - SIGNATURE_TSA_URL: any RFC 3161 TSA (HTTP POST application/timestamp-query). Without it the
 *   embedded TSA signs with tsa-key.pem (demo only: a TSA must be a third party to prove time).
 * - SIGNATURE_TSA_ATTEMPTS (default 3) and SIGNATURE_TSA_RETRY_MS (default 1000): the signing
 *   waits and retries a TSA that does not answer, then fails: never a package without a timestamp.
 */
export interface SignatureConfig {
  keysDir: string | null;
  /** Generate the demo keys in keysDir when they are missing. */
  generateDemoKeys: boolean;
  tsaUrl: string | null;
  tsaAttempts: number;
  tsaRetryMs: number;
}

export function parseSignatureConfig(env: Env, { demo, dataDir }: { demo: boolean; dataDir: string | null }): SignatureConfig {
  const given = env.SIGNATURE_KEYS_DIR?.trim() || null;
  const demoDir = demo ? join(dataDir ? join(dataDir, '..') : '.data', 'signature-keys') : null;
  const attempts = Number(env.SIGNATURE_TSA_ATTEMPTS ?? 3);
  const retry = Number(env.SIGNATURE_TSA_RETRY_MS ?? 1000);
  return {
    keysDir: given ?? demoDir,
    generateDemoKeys: demo,
    tsaUrl: env.SIGNATURE_TSA_URL?.trim() || null,
    tsaAttempts: Number.isInteger(attempts) && attempts >= 1 && attempts <= 10 ? attempts : 3,
    tsaRetryMs: Number.isInteger(retry) && retry >= 0 && retry <= 60_000 ? retry : 1000,
  };
}
