import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'node',
    include: ['tests/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // e2e files start a web host and Chromium each; two workers keep a 2-core machine busy without thrashing.
    maxWorkers: 2,
  },
});
