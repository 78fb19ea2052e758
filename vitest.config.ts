import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          environment: 'jsdom',
          include: ['test/unit/**/*.test.ts', 'test/contract/**/*.test.ts'],
        },
      },
      {
        // Heap figures after a full GC: the core's caches and queues return to baseline.
        test: {
          name: 'heap',
          environment: 'node',
          include: ['test/heap/**/*.test.ts'],
          execArgv: ['--expose-gc'],
          testTimeout: 120_000,
        },
      },
      {
        // Real Chromium driven by playwright-core, pages served from two localhost origins.
        test: {
          name: 'browser',
          environment: 'node',
          include: ['test/browser/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
      {
        // The built package: every entry point through the exports map, and the gzipped size of every bundle
        // against test/size/budgets.json. It reads dist/, so it runs after the build.
        test: {
          name: 'dist',
          environment: 'node',
          include: ['test/size/**/*.test.ts', 'test/dist/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
