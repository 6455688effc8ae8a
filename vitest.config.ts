import { defineConfig } from 'vitest/config';
import { BrowserFileOrder } from './e2e/harness/sequencer.ts';

/**
 * One `npm test` run, one summary line. Two groups run one after the other: first every unit and
 * HTTP test (files in parallel), then the browser tests, which start the system once as the
 * README does and drive chromium against it, one file at a time so they do not fight the unit
 * tests for two cores.
 */
export default defineConfig({
  test: {
    // Browser files that read a piece of the demo another file changes run first (e2e/harness/sequencer.ts).
    sequence: { sequencer: BrowserFileOrder },
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
          // Starts the system once for every file (e2e/harness/shared-system.ts).
          globalSetup: ['e2e/harness/shared-system.ts'],
          testTimeout: 120_000,
          hookTimeout: 300_000,
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
