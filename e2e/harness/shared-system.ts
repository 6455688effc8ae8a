/**
 * One started system for every browser test file of a run (the e2e projects' global set-up).
 *
 * A fresh `npm start` spends most of its start-up building what every file needs alike: the web
 * app, the migrated database and the demo seed (twenty simulated fingers captured, extracted and
 * deduplicated). So the system starts once, on an empty data directory as a first start does,
 * and every file drives that one server; files run one at a time (fileParallelism: false), and
 * each works on people, accounts and stations of its own (see the files' headers), so they do not
 * depend on one another's data. The few that read a piece of the demo another one changes run in
 * a fixed order (sequencer.ts).
 *
 * The server runs in this process; a file reaches it through a small control endpoint that says
 * whether it still runs and what it printed, and lets a file stop it and start it again (the
 * kiosk file: the server goes down under a kiosk; the admin file: one enrollment under another
 * policy) — system.ts `sharedServer`.
 *
 * With E2E_DATABASE_URL the server keeps its data in that PostgreSQL database instead.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { saveArtifact } from './browser.ts';
import { startServer, type ServerProcess } from './server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    sharedSystem: {
      /** The base URL of the shared `npm start`. */
      url: string;
      /** Where to ask for its state, or to stop and start it (only the kiosk file does). */
      controlUrl: string;
    };
  }
}

/** What the control endpoint answers to GET /state. */
export interface SharedServerState {
  /** How the server ended when it was not stopped on purpose, else null. */
  unexpectedExit: string | null;
  output: string;
}

/**
 * Settings beyond a bare `npm start`, each for a reason of the harness, not of a test:
 * - SESSION_SECRET fixed for the life of the run (as in any real deployment), so a session
 *   survives the kiosk file's restart of the server;
 * - the per-IP request budgets raised: every file's browsers reach the server from 127.0.0.1, one
 *   address for what a real deployment sees as many people (no browser test is about the limit;
 *   server/src/http/http.test.ts is).
 */
const HARNESS_SETTINGS = {
  SESSION_SECRET: randomBytes(32).toString('base64url'),
  RATE_LIMIT_MAX: '100000',
  RATE_LIMIT_AUTH_MAX: '10000',
};

export default async function startSharedSystem(project: TestProject): Promise<() => Promise<void>> {
  // The data directory inside a folder of its own: the demo's e.firma files go next to it.
  const runDir = await mkdtemp(join(tmpdir(), 'siap-e2e-'));
  const dataDir = join(runDir, 'data');
  await mkdir(dataDir);
  let server: ServerProcess;
  try {
    server = await startServer(dataDir, HARNESS_SETTINGS);
  } catch (error) {
    await rm(runDir, { recursive: true, force: true });
    throw error;
  }
  const control = await startControl(server);
  project.provide('sharedSystem', { url: server.url, controlUrl: control.url });
  return async () => {
    await control.close();
    await server.stop();
    await saveArtifact('npm-start-shared.log', server.output());
    await rm(runDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  };
}

async function startControl(server: ServerProcess): Promise<{ url: string; close: () => Promise<void> }> {
  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const route = `${request.method} ${request.url}`;
    if (route === 'GET /state') {
      const state: SharedServerState = { unexpectedExit: server.unexpectedExit(), output: server.output() };
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(state));
    } else if (route === 'POST /stop') {
      await server.stop();
      response.writeHead(204).end();
    } else if (route === 'POST /start') {
      let body = '';
      for await (const chunk of request) body += String(chunk);
      await server.start(body ? (JSON.parse(body) as Record<string, string>) : {});
      response.writeHead(204).end();
    } else {
      response.writeHead(404).end();
    }
  };
  const http = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => response.writeHead(500).end(String(error)));
  });
  await new Promise<void>((resolveListen) => http.listen(0, '127.0.0.1', resolveListen));
  const address = http.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolveClose) => {
        http.close(() => resolveClose());
        // Keep-alive connections of the files' fetch would hold the run open.
        http.closeAllConnections();
      }),
  };
}
