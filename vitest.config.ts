import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // CLI and keychain tests start real processes; give a slow CI machine room.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
