import { defineConfig } from '@playwright/test';

/**
 * Browser tests run the real renderer in Debian's Chromium against `copydesk serve` on a temp
 * workspace (tests/e2e/fixtures.ts). Playwright's own browser download is not used.
 */
export default defineConfig({
  testDir: 'tests/e2e',
  fullyParallel: false,
  workers: process.env.CI ? 1 : 2,
  retries: 0,
  timeout: 60_000,
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    browserName: 'chromium',
    viewport: { width: 1280, height: 800 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
    // Tracing records every action; in CI it only slows the run down.
    trace: process.env.CI ? 'off' : 'retain-on-failure',
  },
});
