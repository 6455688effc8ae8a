import { spawn, type ChildProcess } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { newDataDir } from './data-dir.ts';

export const REPO_DIR = resolve(fileURLToPath(new URL('../..', import.meta.url)));

export interface RunningServer {
  /** The base URL the server printed, e.g. http://127.0.0.1:41234 */
  url: string;
  /** Everything the server printed so far (stdout and stderr, interleaved). */
  output: () => string;
  /** Throws, with the end of the output, when the server process is no longer running. */
  assertRunning: () => void;
  /** Stops the server and removes its data directory, unless `keepData` (the seed template). */
  stop: (options?: { keepData?: boolean }) => Promise<void>;
}

/** Start-up includes `prestart` (building web/dist when stale) and the embedded database's first migration. */
const START_TIMEOUT_MS = 240_000;

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolvePort(port));
    });
  });
}

/**
 * The environment of a person typing `npm start` in a fresh shell: the test runner's own variables
 * (NODE_ENV=test, VITEST_*) would switch the server into its test configuration, and a
 * DATABASE_URL meant for the unit tests would point the demo seed at their database.
 */
export function startEnvironment(port: number, dataDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key === 'NODE_ENV' || key === 'DATABASE_URL' || key.startsWith('VITEST') || key.startsWith('npm_')) continue;
    env[key] = value;
  }
  if (process.env.E2E_DATABASE_URL) env.DATABASE_URL = process.env.E2E_DATABASE_URL;
  return { ...env, PORT: String(port), DATA_DIR: dataDir, FORCE_COLOR: '0', NO_COLOR: '1' };
}

/**
 * Starts the system the way the README does (`npm start` at the repository root) on a free port,
 * on a copy of the run's seeded data directory (see seeded-data.ts) or, when `fresh`, on an empty
 * one, and resolves once the server prints its URL.
 */
export async function startServer(options: { fresh?: boolean } = {}): Promise<RunningServer> {
  return startServerIn(await newDataDir('siap-e2e-data-', options.fresh ?? false));
}

/** `npm start` on a free port with the given data directory (the server owns it from now on). */
export async function startServerIn(dataDir: string): Promise<RunningServer> {
  const port = await freePort();
  const child = spawn('npm', ['start'], {
    cwd: REPO_DIR,
    env: startEnvironment(port, dataDir),
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so stop() ends npm, tsx and node together.
    detached: true,
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));

  const stop = async (keepData = false) => {
    await stopProcessGroup(child);
    if (!keepData) await rm(dataDir, { recursive: true, force: true });
  };

  let stopping = false;
  let exit: string | null = null;
  child.on('exit', (code, signal) => (exit = `code ${code}, signal ${signal}`));
  const assertRunning = () => {
    if (exit !== null && !stopping) {
      throw new Error(`The server (npm start) exited during the tests (${exit}). Last output:\n${output.split('\n').slice(-40).join('\n')}`);
    }
  };

  try {
    const url = await waitForUrl(child, port, () => output);
    return {
      url,
      output: () => output,
      assertRunning,
      stop: async (options) => {
        stopping = true;
        await stop(options?.keepData);
      },
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

function waitForUrl(child: ChildProcess, port: number, output: () => string): Promise<string> {
  const pattern = new RegExp(`https?://[\\w.\\-\\[\\]:]*:${port}\\b`);
  return new Promise((resolveUrl, reject) => {
    const tail = () => output().split('\n').slice(-40).join('\n');
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`npm start did not print its URL (port ${port}) within ${START_TIMEOUT_MS / 1000} s. Output:\n${tail()}`));
    }, START_TIMEOUT_MS);
    const check = () => {
      const match = pattern.exec(output());
      if (!match) return;
      cleanup();
      resolveUrl(match[0].replace('0.0.0.0', '127.0.0.1'));
    };
    const exited = (code: number | null, signal: NodeJS.Signals | null) => {
      cleanup();
      reject(new Error(`npm start exited (code ${code}, signal ${signal}) before printing its URL. Output:\n${tail()}`));
    };
    const cleanup = () => {
      clearTimeout(timer);
      child.stdout?.off('data', check);
      child.stderr?.off('data', check);
      child.off('exit', exited);
    };
    child.stdout?.on('data', check);
    child.stderr?.on('data', check);
    child.on('exit', exited);
    check();
  });
}

async function stopProcessGroup(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // Already gone.
    }
  };
  signalGroup('SIGTERM');
  const timeout = new Promise<'timeout'>((resolveTimeout) => setTimeout(() => resolveTimeout('timeout'), 15_000));
  if ((await Promise.race([exited, timeout])) === 'timeout') {
    signalGroup('SIGKILL');
    await exited;
  }
}

/** Fails with the fix when the server answers app pages with something other than the app. */
export async function expectWebAppServed(url: string): Promise<void> {
  const response = await fetch(`${url}/ingresar`);
  const body = await response.text();
  if (!response.ok || !body.includes('<div id="root">')) {
    throw new Error(
      `GET ${url}/ingresar did not return the web app (status ${response.status}). The server must register ` +
        "web/serve.ts: `await app.register(registerWebApp)` in server/src/app.ts before `app.ready()`. " +
        `Body starts with: ${body.slice(0, 200)}`,
    );
  }
}
