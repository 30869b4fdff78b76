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
    // Above the 150 s bound most integration tests give the kbench command they run: under load the
    // command's own bound (and its message) decides, not this one. Longer commands set their own.
    testTimeout: 180_000,
    hookTimeout: 180_000,
    globalSetup: ['test/global-setup.ts'],
    reporters: ['default'],
  },
});
