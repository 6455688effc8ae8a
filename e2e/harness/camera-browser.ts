import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium, type Browser } from './browser.ts';

/**
 * A headless chromium whose webcam shows a given JPEG (Chromium's fake capture device reading an
 * MJPEG file, i.e. JPEG frames back to back) and that grants camera permission without asking,
 * so a test can exercise the page's getUserMedia path with a real face.
 */
export async function launchBrowserWithCamera(jpeg: Buffer): Promise<Browser> {
  const dir = await mkdtemp(join(tmpdir(), 'siap-e2e-camera-'));
  const video = join(dir, 'camara.mjpeg');
  await writeFile(video, Buffer.concat([jpeg, jpeg, jpeg]));
  return launchChromium({
    extraArgs: ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${video}`],
    viewport: { width: 1400, height: 900 },
    scratchDir: dir,
  });
}
