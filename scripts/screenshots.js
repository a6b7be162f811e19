#!/usr/bin/env node
// Regenerates the README screenshots from the real app: `copydesk serve` on a fresh sample
// workspace, driven by Chromium. Run after `npm run build:cli && npm run build:web`.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';

const outDir = join(process.cwd(), 'docs', 'screenshots');
mkdirSync(outDir, { recursive: true });
const workspace = mkdtempSync(join(tmpdir(), 'copydesk-shots-'));
const server = spawn(process.execPath, ['bin/copydesk.js', 'serve', '--workspace', workspace, '--port', '0'], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
const url = await new Promise((resolve, reject) => {
  let out = '';
  server.stdout.on('data', (chunk) => {
    out += String(chunk);
    const match = /Copydesk is running at (\S+)/.exec(out);
    if (match) resolve(match[1]);
  });
  server.once('exit', (code) => reject(new Error(`copydesk serve exited with ${code}`)));
});

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  for (const scheme of ['light', 'dark']) {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, colorScheme: scheme });
    await page.goto(url);
    await page.getByRole('navigation', { name: 'Library' }).getByText('Harbor City council', { exact: false }).first().click();
    await page.getByRole('textbox', { name: 'Body' }).waitFor();
    await page.waitForTimeout(500);
    await page.screenshot({ path: join(outDir, `editor-${scheme}.png`) });
    console.log(`wrote docs/screenshots/editor-${scheme}.png`);
    await page.close();
  }
} finally {
  await browser.close();
  server.kill();
  rmSync(workspace, { recursive: true, force: true });
}
