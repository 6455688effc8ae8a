import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * `npm run test:e2e`: the browser tests alone. Each file starts the system with `npm start` and
 * drives Debian's chromium; start-up (web build, database migration, demo seed) dominates, so the
 * timeouts are generous and files run one at a time on a small machine.
 */
export default defineConfig({
  test: {
    root: fileURLToPath(new URL('..', import.meta.url)),
    include: ['e2e/**/*.e2e.test.ts'],
    // Seeds the demo once; each file's server starts on a copy (harness/seeded-data.ts).
    globalSetup: ['e2e/harness/seeded-data.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    fileParallelism: false,
  },
});
