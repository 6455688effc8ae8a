import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openPgliteClient, wrapPglite, type Db } from './database.ts';
import { migrateToLatest } from './migrate.ts';
import { MIGRATIONS } from './migrations/index.ts';

/**
 * Test-only speed-up. A fresh PGlite runs initdb (seconds; ~10 s on a loaded CI machine) and
 * every test file needs its own database. So the first test process builds a migrated database
 * once, dumps its data directory to a tarball in the OS temp directory, and every later one
 * starts from that dump (~5× faster). The file name carries a hash of the migration sources and
 * the PGlite version, so a changed migration builds a new template instead of reusing a stale one.
 */

const inProcess = new Map<string, Blob>();

export async function openPgliteFromTemplate(migrated: boolean): Promise<Db> {
  const key = templateKey(migrated);
  let dump = inProcess.get(key) ?? readTemplate(key);
  if (!dump) {
    const client = openPgliteClient(null);
    const db = wrapPglite(client);
    if (migrated) await migrateToLatest(db);
    dump = await client.dumpDataDir('none');
    await db.destroy();
    await writeTemplate(key, dump);
  }
  inProcess.set(key, dump);
  return wrapPglite(openPgliteClient(null, dump));
}

function templateKey(migrated: boolean): string {
  const hash = createHash('sha256');
  hash.update(pgliteVersion());
  if (migrated) {
    // Hash the migrations this process loaded and will run, not the files on disk: a file edited
    // after start-up must not let this process save its older schema under the newer key.
    for (const [name, migration] of Object.entries(MIGRATIONS)) {
      hash.update(name).update(String(migration.up)).update(String(migration.down ?? ''));
    }
  }
  return join(tmpdir(), `siap-pglite-${migrated ? 'migrated' : 'empty'}-${hash.digest('hex').slice(0, 16)}.tar`);
}

function pgliteVersion(): string {
  try {
    const pkg = join(dirname(fileURLToPath(import.meta.resolve('@electric-sql/pglite'))), '..', 'package.json');
    return String((JSON.parse(readFileSync(pkg, 'utf8')) as { version?: string }).version);
  } catch {
    return 'unknown';
  }
}

function readTemplate(path: string): Blob | undefined {
  if (!existsSync(path)) return undefined;
  return new Blob([readFileSync(path)]);
}

async function writeTemplate(path: string, dump: Blob): Promise<void> {
  // Write-then-rename: concurrent test processes never read a half-written file.
  const temporary = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(temporary, Buffer.from(await dump.arrayBuffer()));
  renameSync(temporary, path);
  removeStaleTemplates(path);
}

/** Templates of older migration sets are 40 MB each: drop those not touched for a day. */
function removeStaleTemplates(current: string): void {
  const dayAgo = Date.now() - 24 * 60 * 60_000;
  for (const name of readdirSync(tmpdir())) {
    const path = join(tmpdir(), name);
    if (!name.startsWith('siap-pglite-') || path === current) continue;
    try {
      if (statSync(path).mtimeMs < dayAgo) rmSync(path, { force: true });
    } catch {
      // Another process removed it first.
    }
  }
}
