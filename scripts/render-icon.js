#!/usr/bin/env node
// Rasterizes resources/icon.svg to resources/icon.png (512x512, transparent) with headless
// Chromium, so the app icon needs no image library. CHROMIUM overrides the browser path.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { projectRoot } from './electron-binary.js';

const svg = join(projectRoot, 'resources/icon.svg');
const png = join(projectRoot, 'resources/icon.png');
const dir = mkdtempSync(join(tmpdir(), 'copydesk-icon-'));
try {
  const page = join(dir, 'icon.html');
  writeFileSync(
    page,
    `<!doctype html><style>html,body{margin:0;background:transparent;overflow:hidden}img{display:block;width:512px;height:512px}</style><img src="${pathToFileURL(svg).href}">`,
  );
  const result = spawnSync(
    process.env.CHROMIUM || '/usr/bin/chromium',
    ['--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', '--default-background-color=00000000', '--window-size=512,512', `--screenshot=${png}`, pathToFileURL(page).href],
    { stdio: ['ignore', 'inherit', 'ignore'], timeout: 60_000 },
  );
  if (result.status !== 0) {
    console.error('render-icon: chromium failed', result.error?.message ?? `exit ${result.status}`);
    process.exitCode = 1;
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
