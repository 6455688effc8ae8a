import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_PATH, type Browser } from './browser.ts';

/**
 * A headless chromium whose webcam shows a given JPEG (Chromium's fake capture device reading an
 * MJPEG file, i.e. JPEG frames back to back) and that grants camera permission without asking,
 * so a test can exercise the page's getUserMedia path with a real face.
 */
export async function launchBrowserWithCamera(jpeg: Buffer): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`Chromium not found at ${CHROMIUM_PATH}; install it with apt-get install -y chromium or set CHROMIUM_PATH.`);
  const dir = await mkdtemp(join(tmpdir(), 'siap-e2e-camera-'));
  const video = join(dir, 'camara.mjpeg');
  await writeFile(video, Buffer.concat([jpeg, jpeg, jpeg]));
  const context = await chromium.launchPersistentContext(join(dir, 'profile'), {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-video-capture=${video}`,
    ],
    locale: 'es-MX',
    timezoneId: 'America/Mexico_City',
    viewport: { width: 1400, height: 900 },
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
      await rm(dir, { recursive: true, force: true });
    },
  };
}
