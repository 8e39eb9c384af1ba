import { defineConfig } from 'vitest/config';

// End-to-end tests: a real server per file and Debian's Chromium, one file at a time (browsers are heavy).
export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts'],
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
