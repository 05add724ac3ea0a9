import { defineConfig } from 'vitest/config';

// The JSON reporter feeds .ci/run's one-line "N passed, N failed" summary; CI does not read
// vitest's own summary.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    globalSetup: ['test/global-setup.ts'],
    reporters: ['default', ['json', { outputFile: '.vitest/results.json' }]],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
