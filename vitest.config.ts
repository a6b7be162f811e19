import { defineConfig } from 'vitest/config';
import { minifiedLiveScript } from './vite.live-script.config.ts';

export default defineConfig({
  // Tests of the site serve /assets/live.js as the CLI build does: minified.
  plugins: [minifiedLiveScript()],
  test: {
    environment: 'node',
    include: ['tests/unit/**/*.test.ts'],
    // Each test file gets its own temp workspace; better-sqlite3 is happiest in forked processes.
    pool: 'forks',
    testTimeout: 20_000,
    // Property tests use a fixed seed unless FUZZ_SEED says otherwise (see the file).
    setupFiles: ['tests/unit/fast-check-seed.ts'],
  },
});
