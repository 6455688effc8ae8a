/**
 * The set-up every browser test file shares: a browser, the system started as the README starts
 * it, and the hooks around the tests. A failed start-up is reported by every test of the file (a
 * skipped browser test would look like a passing one in the summary), and what the server printed
 * is saved next to the screenshots for whoever reads a failure.
 */
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { saveArtifact } from './browser.ts';
import { expectWebAppServed, startServer, type RunningServer } from './server.ts';

export interface SystemUnderTest<B> {
  readonly server: RunningServer;
  readonly browser: B;
}

export interface SystemOptions<B> {
  /** Started first: without a browser there is no point in starting the server. */
  launchBrowser: () => Promise<B>;
  /** Start on an empty data directory, as a first `npm start` does, instead of a copy of the
   *  run's seeded one (harness/seeded-data.ts). */
  fresh?: boolean;
  /** File name, under e2e/screenshots/, of the server's output. */
  logName: string;
  /** After start-up, inside its error handling: read the demo logins from the output, etc. */
  afterStart?: (system: SystemUnderTest<B>) => void | Promise<void>;
  /** Before each test, once the server is known to be running (e.g. log every test out). */
  beforeEachTest?: (system: SystemUnderTest<B>) => void | Promise<void>;
}

/** Registers the file's hooks and returns the running system (usable inside tests and hooks). */
export function useSystemUnderTest<B extends { close(): Promise<void> }>(options: SystemOptions<B>): SystemUnderTest<B> {
  let server: RunningServer | undefined;
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
      server = await startServer({ fresh: options.fresh });
      await expectWebAppServed(server.url);
      await options.afterStart?.(system);
    } catch (error) {
      setupError = error;
    }
  }, 300_000); // start-up may build the web app and migrate a fresh database on a busy machine

  beforeEach(async () => {
    if (setupError) throw setupError;
    system.server.assertRunning();
    await options.beforeEachTest?.(system);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (server) await saveArtifact(options.logName, server.output());
  }, 60_000);

  return system;
}
