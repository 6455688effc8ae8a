import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { distIsFresh, newestMtime } from './build-if-stale.ts';

describe('distIsFresh', () => {
  let dir: string;
  const at = (path: string, seconds: number) => utimes(path, seconds, seconds);

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'siap-stale-'));
    await mkdir(join(dir, 'src', 'deep'), { recursive: true });
    await writeFile(join(dir, 'src', 'deep', 'page.tsx'), 'x');
    await writeFile(join(dir, 'index.html'), 'x');
    await writeFile(join(dir, 'built.html'), 'x');
    for (const path of ['src/deep/page.tsx', 'src/deep', 'src', 'index.html']) await at(join(dir, path), 1_000);
  });

  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('is fresh when the build is newer than every input', async () => {
    await at(join(dir, 'built.html'), 2_000);
    expect(distIsFresh(join(dir, 'built.html'), [join(dir, 'src'), join(dir, 'index.html')])).toBe(true);
  });

  it('is stale when any file deep in an input folder is newer than the build', async () => {
    await at(join(dir, 'built.html'), 2_000);
    await at(join(dir, 'src', 'deep', 'page.tsx'), 3_000);
    expect(newestMtime(join(dir, 'src'))).toBe(3_000_000);
    expect(distIsFresh(join(dir, 'built.html'), [join(dir, 'src'), join(dir, 'index.html')])).toBe(false);
  });

  it('is stale when there is no build at all', () => {
    expect(distIsFresh(join(dir, 'missing.html'), [join(dir, 'src')])).toBe(false);
  });

  it('ignores inputs that do not exist', async () => {
    await at(join(dir, 'built.html'), 2_000);
    expect(distIsFresh(join(dir, 'built.html'), [join(dir, 'src'), join(dir, 'no-such-folder')])).toBe(true);
  });
});
