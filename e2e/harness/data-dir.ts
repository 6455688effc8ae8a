/**
 * Where a browser test's server keeps its data: a copy of the run's seeded directory (made once
 * by seeded-data.ts, the e2e projects' global set-up) or an empty one.
 */
import { cp, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A data directory as a first `npm start` left it, or null when files must start fresh. */
    seededDataDir: string | null;
  }
}

/** A new data directory for one server: a copy of the seeded one, or empty when `fresh`. */
export async function newDataDir(prefix: string, fresh: boolean): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  const seeded = fresh ? null : injectSeeded();
  if (seeded) await cp(seeded, dir, { recursive: true });
  return dir;
}

/** Outside the global set-up (a single file run by hand without it), files start fresh. */
function injectSeeded(): string | null {
  try {
    return inject('seededDataDir') ?? null;
  } catch {
    return null;
  }
}
