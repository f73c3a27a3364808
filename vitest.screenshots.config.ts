/** `npm run screenshots`: renders the docs/ screenshots of the dashboard (not a test; not part of npm test). */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/e2e/dashboard/*.docs.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
