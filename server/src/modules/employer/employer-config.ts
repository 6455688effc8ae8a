import { join } from 'node:path';

type Env = Record<string, string | undefined>;

/**
 * The employer module's settings (see its README):
 * - EFIRMA_TRUSTED_CA_DIR: folder of CA certificates trusted for e.firma logins (install SAT's
 *   "AC del SAT" certificates here). In demo mode, defaults to the demo CA generated at start.
 * - EFIRMA_CRL_DIR: optional folder of CRLs (SAT publishes them); else each certificate's CRL
 *   distribution point is fetched.
 * - CONSTANCIA_SIGNING_P12 / CONSTANCIA_SIGNING_PASSWORD: the institution's PKCS#12 (key +
 *   certificate) that signs constancias (PAdES). In demo mode, generated at start.
 * - PUBLIC_BASE_URL: the address printed in the constancia's QR code (default: the request's origin).
 * - EMPLOYER_DEMO_DIR: where the demo writes its PKI files (default `.data/employer-demo`).
 */
export interface EmployerConfig {
  demoDir: string | null;
  efirmaTrustedCaDir: string | null;
  efirmaCrlDir: string | null;
  signingP12: string | null;
  signingPassword: string | null;
  publicBaseUrl: string | null;
}

export const DEMO_SIGNING_PASSWORD = 'constancias-demo';

export function parseEmployerConfig(env: Env, { demo, dataDir }: { demo: boolean; dataDir: string | null }): EmployerConfig {
  const demoDir = demo ? env.EMPLOYER_DEMO_DIR?.trim() || join(dataDir ? join(dataDir, '..') : '.data', 'employer-demo') : null;
  return {
    demoDir,
    efirmaTrustedCaDir: env.EFIRMA_TRUSTED_CA_DIR?.trim() || (demoDir ? join(demoDir, 'efirma', 'ca') : null),
    efirmaCrlDir: env.EFIRMA_CRL_DIR?.trim() || (demoDir ? join(demoDir, 'efirma', 'crl') : null),
    signingP12: env.CONSTANCIA_SIGNING_P12?.trim() || (demoDir ? join(demoDir, 'institucion', 'constancias.p12') : null),
    signingPassword: env.CONSTANCIA_SIGNING_PASSWORD ?? (demoDir ? DEMO_SIGNING_PASSWORD : null),
    publicBaseUrl: env.PUBLIC_BASE_URL?.trim().replace(/\/$/, '') || null,
  };
}
