import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_DIR = resolve(fileURLToPath(new URL('../..', import.meta.url)));

/** `npm start` as a process the harness owns: it can stop it and start it again on the same port and data. */
export interface ServerProcess {
  /** The base URL the server printed, e.g. http://127.0.0.1:41234 */
  url: string;
  /** Everything the server printed so far, over every start (stdout and stderr, interleaved). */
  output: () => string;
  /** Null while the server runs or was stopped on purpose; how it ended when it ended by itself. */
  unexpectedExit: () => string | null;
  stop: () => Promise<void>;
  /** Starts it again when stopped; `settings` join the environment of this start only. */
  start: (settings?: Record<string, string>) => Promise<void>;
}

/** Start-up includes `prestart` (building web/dist when stale) and the embedded database's first migration and demo seed. */
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
 * Starts the system the way the README does (`npm start` at the repository root) on a free port
 * with the given data directory and extra settings, and resolves once the server prints its URL.
 */
export async function startServer(dataDir: string, settings: Record<string, string> = {}): Promise<ServerProcess> {
  const port = await freePort();
  const env = { ...startEnvironment(port, dataDir), ...settings };
  let output = '';
  let child: ChildProcess | null = null;
  let exit: string | null = null;

  const start = async (extra: Record<string, string> = {}) => {
    if (child && child.exitCode === null && child.signalCode === null) return; // running already
    const from = output.length;
    const proc = spawn('npm', ['start'], { cwd: REPO_DIR, env: { ...env, ...extra }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    child = proc;
    exit = null;
    proc.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    proc.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    proc.on('exit', (code, signal) => {
      if (child === proc) exit = `code ${code}, signal ${signal}`;
    });
    await waitForUrl(proc, port, () => output.slice(from));
  };

  // Its own process group (detached), so stopping ends npm, tsx and node together.
  const stop = async () => {
    const proc = child;
    child = null;
    if (!proc?.pid || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise<void>((resolveExit) => proc.once('exit', () => resolveExit()));
    const signal = (name: NodeJS.Signals) => {
      try {
        process.kill(-proc.pid!, name);
      } catch {
        // Already gone.
      }
    };
    signal('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([exited.then(() => false), new Promise<boolean>((resolveTimeout) => (timer = setTimeout(() => resolveTimeout(true), 15_000)))]);
    // A pending timer would hold the test run open after its last file.
    clearTimeout(timer);
    if (timedOut) {
      signal('SIGKILL');
      await exited;
    }
    // npm exits as soon as it has passed the signal on, while node may still be closing (saving
    // its gallery pack beside the data directory): wait until the whole group is gone, so whoever
    // removes the data directory next does not race it.
    await groupGone(proc.pid, 15_000);
  };

  try {
    await start();
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: `http://127.0.0.1:${port}`, output: () => output, unexpectedExit: () => exit, stop, start };
}

async function waitForUrl(child: ChildProcess, port: number, output: () => string): Promise<void> {
  const pattern = new RegExp(`https?://[\\w.\\-\\[\\]:]*:${port}\\b`);
  const tail = () => output().split('\n').slice(-40).join('\n');
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (!pattern.test(output())) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`npm start exited (code ${child.exitCode}, signal ${child.signalCode}) before printing its URL. Output:\n${tail()}`);
    }
    if (Date.now() > deadline) throw new Error(`npm start did not print its URL (port ${port}) within ${START_TIMEOUT_MS / 1000} s. Output:\n${tail()}`);
    await new Promise((resolveWait) => setTimeout(resolveWait, 100));
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

/** Resolves when no process of the group `pgid` is left, or after `ms` (then SIGKILLs what is). */
async function groupGone(pgid: number, ms: number): Promise<void> {
  const alive = () => {
    try {
      process.kill(-pgid, 0);
      return true;
    } catch {
      return false;
    }
  };
  const deadline = Date.now() + ms;
  while (alive() && Date.now() < deadline) await new Promise((resolveWait) => setTimeout(resolveWait, 50));
  if (alive()) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // Gone meanwhile.
    }
  }
}
