import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/db/**/*.test.ts', 'test/http/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 20_000,
  },
});
