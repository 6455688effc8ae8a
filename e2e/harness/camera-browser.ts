import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FaceDetector } from '../../packages/biometrics/src/face/detect.ts';
import { headVideoFile } from '../../packages/biometrics/src/face/testing/head-video.ts';
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
  return launchVideoCamera(video, dir);
}

/**
 * A headless chromium whose webcam plays, in a loop, a rendered video of one person turning left
 * and right, blinking and smiling (face/testing/head-video.ts: made from one photo shipped in an
 * npm package, cached in the temporary folder). `face` is that person's photo at the counter
 * (the video's neutral frame), for enrolling her. The frames are injected as a camera's: this
 * exercises the page and the server's checks with frames that contain the actions, not the
 * presentation-attack detection (which guards a real sensor).
 */
export async function launchBrowserWithHeadVideo(): Promise<{ browser: Browser; face: Buffer }> {
  const video = await headVideoFile(() => FaceDetector.create({ passiveLiveness: false }));
  return { browser: await launchVideoCamera(video.path), face: video.neutral };
}

/** `scratchDir` (the video's folder when it was made for this browser) goes with the browser. */
function launchVideoCamera(video: string, scratchDir?: string): Promise<Browser> {
  return launchChromium({
    extraArgs: ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${video}`],
    viewport: { width: 1400, height: 900 },
    scratchDir,
  });
}
