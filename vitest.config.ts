import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    pool: 'forks',
    // Two cores, shared machine: keep parallelism modest so network tests stay deterministic.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // expect.poll waits 1 s by default: too short for a browser on a loaded two-core machine.
    expect: { poll: { timeout: 10_000 } },
    reporters: ['default'],
  },
});
