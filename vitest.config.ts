import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    // End-to-end tests start real hosts and compile Go; none waits on a timer.
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
