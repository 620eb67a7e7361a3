import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Generous on purpose: on a busy machine (CI, a fresh clone next to other builds) starting fakes, child services
    // and fresh databases is slow, not wrong. Tests wait for state with test/helpers/wait-for.ts, never for time.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    setupFiles: ['test/helpers/one-statement-at-a-time.ts'],
  },
});
