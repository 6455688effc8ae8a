import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { BrowserFileOrder } from './harness/sequencer.ts';

/**
 * `npm run test:e2e`: the browser tests alone. The system starts once with `npm start` (web build,
 * database migration, demo seed) and every file drives it with Debian's chromium, one file at a
 * time; the timeouts are generous for a small machine.
 */
export default defineConfig({
  test: {
    root: fileURLToPath(new URL('..', import.meta.url)),
    include: ['e2e/**/*.e2e.test.ts'],
    // Starts the system once for every file (harness/shared-system.ts), in the order sequencer.ts sets.
    globalSetup: ['e2e/harness/shared-system.ts'],
    sequence: { sequencer: BrowserFileOrder },
    testTimeout: 120_000,
    hookTimeout: 300_000,
    fileParallelism: false,
  },
});
