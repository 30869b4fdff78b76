import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The confluent client's native addon is not context-aware: it cannot load in worker
    // threads, so test files run in child processes (vitest's default `forks` pool).
    pool: 'forks',
    // Integration tests start real Kafka JVMs; on 2 cores they must not all start at once.
    maxWorkers: 2,
    fileParallelism: true,
    testTimeout: 120_000,
    hookTimeout: 180_000,
    globalSetup: ['test/global-setup.ts'],
    reporters: ['default'],
  },
});
