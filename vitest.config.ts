import { defineConfig } from 'vitest/config';

/**
 * One `npm test` run, one summary line. Two groups run one after the other: first every unit and
 * HTTP test (files in parallel), then the browser tests, which start the system as the README
 * does and drive chromium, one file at a time so they do not fight the unit tests for two cores.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            'packages/*/src/**/*.test.ts',
            'server/src/**/*.test.ts',
            'bench/src/**/*.test.ts',
            'web/**/*.test.{ts,tsx}',
          ],
          exclude: ['**/node_modules/**', 'web/dist/**'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          pool: 'forks',
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.e2e.test.ts'],
          // Seeds the demo once; each file's server starts on a copy (e2e/harness/seeded-data.ts).
          globalSetup: ['e2e/harness/seeded-data.ts'],
          testTimeout: 120_000,
          hookTimeout: 300_000,
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
