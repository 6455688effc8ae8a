import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as fingerprint from '@siap/biometrics/fingerprint';
import type { FingerprintTemplate, GrayImage } from '@siap/biometrics/fingerprint';

/**
 * Image → template for the benchmark: the extractor's public API, timed per image, with an optional
 * template cache in a folder outside the repo (`--cache`), keyed by a hash of the extractor's
 * sources so any extractor change invalidates it. The cache only speeds up matcher iterations;
 * it records the extraction time measured when the template was made.
 */
export interface Extracted {
  template: FingerprintTemplate;
  extractMs: number;
}

interface ExtractionApi {
  decodeFingerprintImage(bytes: Uint8Array, options: { dpi: number }): Promise<GrayImage>;
  extractTemplate(image: GrayImage): FingerprintTemplate;
}

/** The extractor is written in parallel with the matcher: check its API is there before running. */
function extractionApi(): ExtractionApi {
  const api = fingerprint as unknown as Partial<ExtractionApi>;
  if (typeof api.decodeFingerprintImage !== 'function' || typeof api.extractTemplate !== 'function') {
    throw new Error('@siap/biometrics/fingerprint does not export decodeFingerprintImage and extractTemplate yet');
  }
  return api as ExtractionApi;
}

const SOURCE_ROOT = fileURLToPath(new URL('../../../packages/biometrics/src/', import.meta.url));
const EXTRACTION_SOURCES = [
  'fingerprint/extractor',
  'fingerprint/image',
  'fingerprint/quality',
  'fingerprint/extraction-parameters.ts',
  'fingerprint/transparency.ts',
  'fingerprint/types.ts',
  'primitives',
  'formats',
  'wsq',
];

function collectFiles(path: string, out: string[]): void {
  if (!existsSync(path)) return;
  if (statSync(path).isDirectory()) {
    for (const entry of readdirSync(path).sort()) collectFiles(join(path, entry), out);
  } else if (path.endsWith('.ts') && !path.endsWith('.test.ts')) {
    out.push(path);
  }
}

/** Hash of every source file the extraction depends on. */
export function extractorVersion(): string {
  const files: string[] = [];
  for (const part of EXTRACTION_SOURCES) collectFiles(join(SOURCE_ROOT, part), files);
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(relative(SOURCE_ROOT, file));
    hash.update(readFileSync(file));
  }
  return hash.digest('hex').slice(0, 16);
}

export class TemplateSource {
  private readonly api = extractionApi();
  private readonly cacheDir: string | null;

  constructor(cacheRoot: string | null) {
    this.cacheDir = cacheRoot ? join(cacheRoot, extractorVersion()) : null;
  }

  async extract(setName: string, file: string, path: string, dpi: number): Promise<Extracted> {
    const cachePath = this.cacheDir ? join(this.cacheDir, setName, `${file}.${dpi}.json`) : null;
    if (cachePath && existsSync(cachePath)) return JSON.parse(readFileSync(cachePath, 'utf8')) as Extracted;
    const bytes = new Uint8Array(readFileSync(path));
    const start = performance.now();
    const image = await this.api.decodeFingerprintImage(bytes, { dpi });
    const template = this.api.extractTemplate(image);
    const extracted: Extracted = { template, extractMs: performance.now() - start };
    if (cachePath) {
      mkdirSync(join(this.cacheDir!, setName), { recursive: true });
      writeFileSync(cachePath, JSON.stringify(extracted));
    }
    return extracted;
  }
}
