import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EmbeddedTsa, generateDemoPki, loadSigningIdentity, readTimeStampResponse, type SigningIdentity, type TimeStampClient } from '@siap/evidence';
import { AppError } from '../../shared/app-error.ts';
import type { SignatureConfig } from './signature-config.ts';

/** What signing needs: the institution's identity, the two roots, and a TSA. */
export interface SigningMaterial {
  signer: SigningIdentity;
  institutionCaPem: string;
  tsaCaPem: string;
  timeStamp: TimeStampClient;
  /** Validity of the signing certificate (checked before every signature). */
  notBefore: Date;
  notAfter: Date;
  tsaName: string;
}

export const KEY_FILES = {
  institutionCa: 'institution-ca.pem',
  signingCert: 'signing-cert.pem',
  signingKey: 'signing-key.pem',
  signingChain: 'signing-chain.pem',
  tsaCa: 'tsa-ca.pem',
  tsaCert: 'tsa-cert.pem',
  tsaKey: 'tsa-key.pem',
} as const;

/** A demo policy OID for the embedded TSA (private-enterprise example arc). */
export const DEMO_TSA_POLICY = '1.3.6.1.4.1.99999.16.1';

/** Writes a demo trust set (institution CA + signing certificate, TSA CA + TSA certificate) into `dir` if it has none. */
export async function ensureDemoKeys(dir: string, institution = 'Instituto Mexicano del Seguro Social (demostración)'): Promise<void> {
  if (existsSync(join(dir, KEY_FILES.signingKey))) return;
  await mkdir(dir, { recursive: true });
  const pki = await generateDemoPki({ institution });
  await writeFile(join(dir, KEY_FILES.institutionCa), pki.institutionCaPem);
  await writeFile(join(dir, KEY_FILES.signingCert), pki.institutionSigning.certificatePem);
  await writeFile(join(dir, KEY_FILES.signingKey), pki.institutionSigning.privateKeyPem, { mode: 0o600 });
  await writeFile(join(dir, KEY_FILES.tsaCa), pki.tsaCaPem);
  await writeFile(join(dir, KEY_FILES.tsaCert), pki.tsa.certificatePem);
  await writeFile(join(dir, KEY_FILES.tsaKey), pki.tsa.privateKeyPem, { mode: 0o600 });
}

async function readOptional(path: string): Promise<string | undefined> {
  return existsSync(path) ? readFile(path, 'utf8') : undefined;
}

/** Reads the folder; the TSA is the URL's when configured, else the embedded one. */
export async function loadSigningMaterial(config: SignatureConfig): Promise<SigningMaterial> {
  const dir = config.keysDir;
  if (!dir) throw new AppError('SIGNATURE_KEYS_UNAVAILABLE', 'No está configurada la carpeta de llaves de firma (SIGNATURE_KEYS_DIR).', 503);
  if (config.generateDemoKeys) await ensureDemoKeys(dir);
  try {
    const chainPem = await readOptional(join(dir, KEY_FILES.signingChain));
    const signer = await loadSigningIdentity({
      certificatePem: await readFile(join(dir, KEY_FILES.signingCert), 'utf8'),
      privateKeyPem: await readFile(join(dir, KEY_FILES.signingKey), 'utf8'),
      ...(chainPem ? { chainPem } : {}),
    });
    const institutionCaPem = await readFile(join(dir, KEY_FILES.institutionCa), 'utf8');
    const tsaCaPem = await readFile(join(dir, KEY_FILES.tsaCa), 'utf8');
    let timeStamp: TimeStampClient;
    let tsaName: string;
    if (config.tsaUrl) {
      timeStamp = httpTimeStampClient(config.tsaUrl);
      tsaName = config.tsaUrl;
    } else {
      const tsa = new EmbeddedTsa({
        identity: await loadSigningIdentity({ certificatePem: await readFile(join(dir, KEY_FILES.tsaCert), 'utf8'), privateKeyPem: await readFile(join(dir, KEY_FILES.tsaKey), 'utf8') }),
        policy: DEMO_TSA_POLICY,
      });
      timeStamp = (request) => tsa.respond(request);
      tsaName = 'TSA integrada (demostración)';
    }
    return { signer, institutionCaPem, tsaCaPem, timeStamp, notBefore: signer.certificate.notBefore.value, notAfter: signer.certificate.notAfter.value, tsaName };
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('SIGNATURE_KEYS_UNAVAILABLE', `No se pudieron leer las llaves de firma en ${dir}: ${error instanceof Error ? error.message : String(error)}`, 503);
  }
}

/** RFC 3161 over HTTP (RFC 3161 §3.4): POST the DER request, read the DER response. */
export function httpTimeStampClient(url: string, timeoutMs = 10_000): TimeStampClient {
  return async (request) => {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/timestamp-query' }, body: request, signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) throw new Error(`TSA HTTP ${response.status}`);
    return new Uint8Array(await response.arrayBuffer());
  };
}

/**
 * Waits and retries a TSA that fails or refuses, then fails clearly: the caller never gets a
 * response that is not a granted token (so never builds a package without a timestamp).
 */
export function retryingTimeStamp(client: TimeStampClient, attempts: number, delayMs: number, sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))): TimeStampClient {
  return async (request) => {
    const failures: string[] = [];
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        const response = await client(request);
        readTimeStampResponse(response); // throws unless granted
        return response;
      } catch (error) {
        failures.push(error instanceof Error ? error.message : String(error));
        if (attempt < attempts) await sleep(delayMs * attempt);
      }
    }
    throw new AppError('TSA_UNAVAILABLE', `La autoridad de sellado de tiempo no respondió después de ${attempts} intentos; la firma no se completó y no se guardó ningún paquete. Intente de nuevo más tarde.`, 503, { attempts, failures });
  };
}
