import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Debian's chromium (`apt-get install -y chromium`); CHROMIUM_PATH overrides it. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const SCREENSHOT_DIR = resolve(fileURLToPath(new URL('../screenshots', import.meta.url)));

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Browser {
  context: BrowserContext;
  newPage: (viewport?: { width: number; height: number }) => Promise<Page>;
  close: () => Promise<void>;
}

/**
 * A headless chromium with a profile of its own (no cookies, no cache from any earlier run).
 * Throws, and so fails the tests, when chromium is missing: a skipped browser test looks like a
 * passing one in a summary.
 */
export async function launchBrowser(): Promise<Browser> {
  return launchChromium({});
}

export interface ChromiumOptions {
  /** Flags beyond the headless, offline set every test browser gets. */
  extraArgs?: string[];
  viewport?: { width: number; height: number };
  /** Removed with the profile when the browser closes (files the flags point at). */
  scratchDir?: string;
}

/** The one place a test chromium is launched; launchBrowser and the camera browser use it. */
export async function launchChromium(options: ChromiumOptions): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}. The end-to-end tests need it: install it with ` +
        '`apt-get update && apt-get install -y chromium` (CI does), or set CHROMIUM_PATH.',
    );
  }
  const userDataDir = await mkdtemp(join(tmpdir(), 'siap-e2e-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS, ...(options.extraArgs ?? [])],
    locale: 'es-MX',
    timezoneId: 'America/Mexico_City',
    viewport: options.viewport ?? { width: 1280, height: 800 },
  });
  context.setDefaultTimeout(20_000);
  return {
    context,
    newPage: async (viewport) => {
      const page = await context.newPage();
      if (viewport) await page.setViewportSize(viewport);
      return page;
    },
    close: async () => {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
      if (options.scratchDir) await rm(options.scratchDir, { recursive: true, force: true });
    },
  };
}

/** Saves a full-page screenshot as e2e/screenshots/<name>.png (git-ignored) and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Saves a text artifact (a server log) next to the screenshots. */
export async function saveArtifact(name: string, content: string): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, name);
  await writeFile(path, content);
  return path;
}
