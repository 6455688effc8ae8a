/**
 * `npm start` runs this first (root "prestart"): it builds web/dist with Vite only when dist is
 * missing or older than anything the build reads, so a restart costs nothing and an edit or a
 * fresh checkout is never served stale. Several starts at once (the e2e tests) build only once.
 */
import { mkdirSync, readdirSync, rmdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const WEB_DIR = resolve(fileURLToPath(new URL('..', import.meta.url)));
const REPO_DIR = resolve(WEB_DIR, '..');
const DIST_INDEX = join(WEB_DIR, 'dist', 'index.html');
const LOCK_DIR = join(WEB_DIR, '.build-lock');
/** A lock older than this was left by a build that died; take it over. */
const STALE_LOCK_MS = 5 * 60_000;

/** Everything `vite build` reads: the app, its config, the workspace package it imports, the lockfile. */
export const BUILD_INPUTS = [
  join(WEB_DIR, 'src'),
  join(WEB_DIR, 'public'),
  join(WEB_DIR, 'index.html'),
  join(WEB_DIR, 'vite.config.ts'),
  join(WEB_DIR, 'package.json'),
  join(REPO_DIR, 'packages', 'mx-identity', 'src'),
  join(REPO_DIR, 'package-lock.json'),
];

/** The newest modification time under `path` (a file or a folder), 0 when it does not exist. */
export function newestMtime(path: string): number {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

export function distIsFresh(distIndex = DIST_INDEX, inputs = BUILD_INPUTS): boolean {
  const built = newestMtime(distIndex);
  return built > 0 && inputs.every((input) => newestMtime(input) <= built);
}

async function withBuildLock(work: () => Promise<void>): Promise<void> {
  for (;;) {
    try {
      mkdirSync(LOCK_DIR);
      break;
    } catch {
      if (Date.now() - newestMtime(LOCK_DIR) > STALE_LOCK_MS) {
        rmdirSync(LOCK_DIR);
        continue;
      }
      await new Promise((resolveWait) => setTimeout(resolveWait, 500));
    }
  }
  try {
    await work();
  } finally {
    rmdirSync(LOCK_DIR);
  }
}

export async function buildWebIfStale(): Promise<'fresh' | 'built'> {
  if (distIsFresh()) return 'fresh';
  let outcome: 'fresh' | 'built' = 'fresh';
  await withBuildLock(async () => {
    // Another start may have built while we waited for the lock.
    if (distIsFresh()) return;
    const { build } = await import('vite');
    console.log('Compilando la aplicación web (web/dist)…');
    await build({ root: WEB_DIR, configFile: join(WEB_DIR, 'vite.config.ts'), logLevel: 'warn' });
    outcome = 'built';
  });
  return outcome;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildWebIfStale().then(
    (outcome) => console.log(outcome === 'built' ? 'Aplicación web compilada.' : 'Aplicación web al día (web/dist).'),
    (error: unknown) => {
      console.error('No se pudo compilar la aplicación web:', error);
      process.exit(1);
    },
  );
}
