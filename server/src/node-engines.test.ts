import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const readJson = (path: string) => JSON.parse(readFileSync(`${root}${path}`, 'utf8')) as Record<string, unknown>;

/**
 * Issue 19 item 18: `engines` said Node ≥ 20 while cookie@2 and content-disposition@3 needed
 * Node ≥ 22. The promise in package.json (and the README) must hold for every installed package,
 * at its lowest version and on the Node that runs this suite (CI's).
 */
describe('Node.js version promise', () => {
  const declared = (readJson('package.json').engines as { node: string }).node;
  const lowest = semver.minVersion(declared)!.version;
  const packages = (readJson('package-lock.json').packages ?? {}) as Record<string, { version?: string; engines?: { node?: string } | string[]; optional?: boolean }>;
  const requirements = Object.entries(packages)
    .filter(([path, entry]) => path !== '' && !entry.optional && entry.engines && !Array.isArray(entry.engines) && entry.engines.node)
    .map(([path, entry]) => ({ path, range: (entry.engines as { node: string }).node }));

  it('every locked package accepts the lowest Node the project promises', () => {
    const refusing = requirements.filter(({ range }) => !semver.satisfies(lowest, range)).map(({ path, range }) => `${path} needs ${range}`);
    expect(refusing).toEqual([]);
  });

  it('the running Node keeps the promise, and the README states the same floor', () => {
    expect(semver.satisfies(process.versions.node, declared)).toBe(true);
    expect(readFileSync(`${root}README.md`, 'utf8')).toContain(`Node.js ≥ ${lowest.replace(/\.0$/, '')}`);
  });
});
