import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { newDataDir } from './data-dir.ts';
import { freePort, REPO_DIR, startEnvironment } from './server.ts';

/**
 * `npm start` that a test can stop and start again on the same port and data directory, as when
 * the server of a kiosk goes down and comes back. The session secret is fixed for the life of the
 * harness (as in any real deployment), so the kiosk's session survives the restart.
 */
export interface RestartableServer {
  url: string;
  output: () => string;
  stop: () => Promise<void>;
  start: () => Promise<void>;
  /** Stops the server and removes its data directory. */
  dispose: () => Promise<void>;
}

const START_TIMEOUT_MS = 240_000;

export async function startRestartableServer(): Promise<RestartableServer> {
  const port = await freePort();
  const dataDir = await newDataDir('siap-e2e-kiosk-', false);
  const env = { ...startEnvironment(port, dataDir), SESSION_SECRET: randomBytes(32).toString('base64url') };

  let output = '';
  let child: ChildProcess | null = null;

  const start = async () => {
    const from = output.length;
    const proc = spawn('npm', ['start'], { cwd: REPO_DIR, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    child = proc;
    proc.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    proc.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const pattern = new RegExp(`https?://[\\w.\\-\\[\\]:]*:${port}\\b`);
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (!pattern.test(output.slice(from))) {
      if (proc.exitCode !== null || proc.signalCode !== null) throw new Error(`npm start exited before printing its URL:\n${output.slice(from).slice(-3000)}`);
      if (Date.now() > deadline) throw new Error(`npm start did not print its URL in time:\n${output.slice(from).slice(-3000)}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  };

  const stop = async () => {
    const proc = child;
    child = null;
    if (!proc?.pid || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    const signal = (name: NodeJS.Signals) => {
      try {
        process.kill(-proc.pid!, name);
      } catch {
        // Already gone.
      }
    };
    signal('SIGTERM');
    const timedOut = await Promise.race([exited.then(() => false), new Promise<boolean>((resolve) => setTimeout(() => resolve(true), 15_000))]);
    if (timedOut) {
      signal('SIGKILL');
      await exited;
    }
  };

  try {
    await start();
  } catch (error) {
    await stop();
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  return {
    url: `http://127.0.0.1:${port}`,
    output: () => output,
    stop,
    start,
    dispose: async () => {
      await stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
