import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openPglite } from './database.ts';

/**
 * Issue 19 item 15: the embedded database's directory was world-readable (0755/0644) and
 * PostgreSQL ran with fsync off. Now: owner only, and fsync on by default.
 */
describe('embedded database on disk', () => {
  it('keeps its data directory to the owner (0700/0600) and runs with fsync on', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'siap-pglite-')), 'pglite');
    const db = openPglite(dir);
    try {
      await sql`create table durability_probe (id int)`.execute(db);
      await sql`insert into durability_probe values (1)`.execute(db);
      const settings = await sql<{ fsync: string }>`show fsync`.execute(db);
      expect(settings.rows[0]?.fsync).toBe('on');
    } finally {
      await db.destroy();
    }
    const loose: string[] = [];
    const walk = (path: string) => {
      const mode = statSync(path).mode & 0o777;
      if (statSync(path).isDirectory()) {
        if (mode !== 0o700) loose.push(`${path} ${mode.toString(8)}`);
        for (const name of readdirSync(path)) walk(join(path, name));
      } else if (mode !== 0o600) loose.push(`${path} ${mode.toString(8)}`);
    };
    walk(dir);
    expect(loose).toEqual([]);
  }, 240_000); // initdb of a fresh data directory: ~10 s alone, minutes on a shared 2-core machine
});
