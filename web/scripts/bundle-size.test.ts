import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenWeight } from './bundle-size.ts';

/**
 * Issue 12's budget: a pensioner's first screen on a cheap phone needs at most 150 kB of gzip
 * JavaScript. Builds the web app (production mode, as `npm run build:web`) into a temporary folder
 * and weighs the pensioner page's static import closure; prints the figures.
 */
const BUDGET_GZIP_BYTES = 150 * 1024;

describe('web bundle size', () => {
  const outDir = mkdtempSync(path.join(tmpdir(), 'siap-web-size-'));
  beforeAll(async () => {
    const root = fileURLToPath(new URL('..', import.meta.url));
    // Vitest sets NODE_ENV=test, which would make Vite bundle React's development build.
    const nodeEnv = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      await build({ root, mode: 'production', configFile: path.join(root, 'vite.config.ts'), logLevel: 'silent', build: { outDir, emptyOutDir: true } });
    } finally {
      process.env.NODE_ENV = nodeEnv;
    }
  }, 240_000);
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('keeps the pensioner portal’s first screen within 150 kB of gzip JavaScript', () => {
    const pensioner = screenWeight(outDir, 'pensionado.html');
    const staff = screenWeight(outDir, 'index.html');
    console.log(`bundle pensionado first_screen_js gzip_kB=${(pensioner.gzipBytes / 1024).toFixed(1)} min_kB=${(pensioner.minifiedBytes / 1024).toFixed(1)} files=${pensioner.files.length}`);
    console.log(`bundle staff_app entry_js gzip_kB=${(staff.gzipBytes / 1024).toFixed(1)} min_kB=${(staff.minifiedBytes / 1024).toFixed(1)} files=${staff.files.length}`);
    expect(pensioner.files.length).toBeGreaterThan(0);
    expect(pensioner.gzipBytes).toBeLessThanOrEqual(BUDGET_GZIP_BYTES);
  });
});
