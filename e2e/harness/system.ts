/**
 * The set-up every browser test file shares: a browser of its own, the run's one started system
 * (shared-system.ts), and the hooks around the tests. A failed start-up is reported by every test
 * of the file (a skipped browser test would look like a passing one in the summary), and what the
 * server printed is saved next to the screenshots for whoever reads a failure.
 */
import { afterAll, beforeAll, beforeEach, inject } from 'vitest';
import { saveArtifact } from './browser.ts';
import { expectWebAppServed } from './server.ts';
import type { SharedServerState } from './shared-system.ts';

/** The run's started system, as a test file sees it. */
export interface SharedServer {
  /** The base URL, e.g. http://127.0.0.1:41234 */
  url: string;
  /** What the server printed when it started (the demo logins' banner). */
  output: () => string;
  /** Throws, with the end of the output, when the server is no longer running. */
  assertRunning: () => Promise<void>;
  /** Everything the server printed so far. */
  log: () => Promise<string>;
  /** Stops the server (the kiosk file: the server goes down while a kiosk keeps working). */
  stop: () => Promise<void>;
  /**
   * Starts it again on the same address and data; `settings` (documented environment variables)
   * hold until the next restart, which a file that sets them makes before it ends.
   */
  start: (settings?: Record<string, string>) => Promise<void>;
}

/** Connects to the run's system; its banner is read once, here. */
export async function sharedServer(): Promise<SharedServer> {
  const { url, controlUrl } = inject('sharedSystem');
  const state = async (): Promise<SharedServerState> => (await (await fetch(`${controlUrl}/state`)).json()) as SharedServerState;
  const command = async (name: 'stop' | 'start', settings?: Record<string, string>) => {
    const response = await fetch(`${controlUrl}/${name}`, { method: 'POST', body: settings ? JSON.stringify(settings) : undefined });
    if (!response.ok) throw new Error(`Could not ${name} the shared server: ${await response.text()}`);
  };
  const banner = (await state()).output;
  return {
    url,
    output: () => banner,
    assertRunning: async () => {
      const { unexpectedExit, output } = await state();
      if (unexpectedExit !== null) {
        throw new Error(`The server (npm start) exited during the tests (${unexpectedExit}). Last output:\n${output.split('\n').slice(-40).join('\n')}`);
      }
    },
    log: async () => (await state()).output,
    stop: () => command('stop'),
    start: (settings) => command('start', settings),
  };
}

export interface SystemUnderTest<B> {
  readonly server: SharedServer;
  readonly browser: B;
}

export interface SystemOptions<B> {
  /** Started first: without a browser there is no point in going on. */
  launchBrowser: () => Promise<B>;
  /** File name, under e2e/screenshots/, of the server's output when the file ends. */
  logName: string;
  /** After connecting, inside its error handling: read the demo logins from the output, set up the file's own data, etc. */
  afterStart?: (system: SystemUnderTest<B>) => void | Promise<void>;
  /** Before each test, once the server is known to be running (e.g. log every test out). */
  beforeEachTest?: (system: SystemUnderTest<B>) => void | Promise<void>;
}

/** Registers the file's hooks and returns the running system (usable inside tests and hooks). */
export function useSystemUnderTest<B extends { close(): Promise<void> }>(options: SystemOptions<B>): SystemUnderTest<B> {
  let server: SharedServer | undefined;
  let browser: B | undefined;
  let setupError: unknown = null;
  const system: SystemUnderTest<B> = {
    get server() {
      if (!server) throw new Error('The system under test has not started.');
      return server;
    },
    get browser() {
      if (!browser) throw new Error('The browser of the system under test has not started.');
      return browser;
    },
  };

  beforeAll(async () => {
    try {
      browser = await options.launchBrowser();
      server = await sharedServer();
      await expectWebAppServed(server.url);
      await options.afterStart?.(system);
    } catch (error) {
      setupError = error;
    }
  }, 300_000); // a camera browser may render its video first on a busy machine

  beforeEach(async () => {
    if (setupError) throw setupError;
    await system.server.assertRunning();
    await options.beforeEachTest?.(system);
  });

  afterAll(async () => {
    await browser?.close();
    if (server) await saveArtifact(options.logName, await server.log());
  }, 60_000);

  return system;
}
