import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * The web app's own tests, for `npm test -w web` and editors. The root config runs the same
 * files (`web/**\/*.test.{ts,tsx}`); component tests pick jsdom with a per-file comment.
 */
export default defineConfig({
  test: {
    root: fileURLToPath(new URL('.', import.meta.url)),
    include: ['serve.test.ts', 'src/**/*.test.{ts,tsx}', 'scripts/**/*.test.ts'],
    testTimeout: 30_000,
  },
});
