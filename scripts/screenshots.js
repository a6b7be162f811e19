#!/usr/bin/env node
// Regenerates the README screenshots from the real app: `copydesk serve` on a fresh sample
// workspace, driven by Chromium. Run after `npm run build:cli && npm run build:web`.
import { createReadStream, existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { launchChromium, serveWorkspace } from './screenshot-app.js';

const outDir = join(process.cwd(), 'docs', 'screenshots');
mkdirSync(outDir, { recursive: true });
const workspace = mkdtempSync(join(tmpdir(), 'copydesk-shots-'));
const { server, url } = await serveWorkspace(workspace);

const browser = await launchChromium();
try {
  // The editor at a laptop's 1280 px in both schemes, and on a 390 px phone (library in a drawer).
  const editorShots = [
    { name: 'editor-light', width: 1280, height: 800, scheme: 'light' },
    { name: 'editor-dark', width: 1280, height: 800, scheme: 'dark' },
    { name: 'editor-phone', width: 390, height: 844, scheme: 'light' },
  ];
  for (const shot of editorShots) {
    const page = await browser.newPage({ viewport: { width: shot.width, height: shot.height }, colorScheme: shot.scheme });
    await page.goto(url);
    if (shot.width < 900) await page.getByRole('button', { name: 'Library' }).click();
    await page.getByRole('navigation', { name: 'Library' }).getByText('Harbor City council', { exact: false }).first().click();
    await page.getByRole('textbox', { name: 'Body' }).waitFor();
    await page.waitForTimeout(500);
    await page.screenshot({ path: join(outDir, `${shot.name}.png`) });
    console.log(`wrote docs/screenshots/${shot.name}.png`);
    await page.close();
  }

  // The preview pane beside the editor, then the same article as published.
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(url);
  const nav = page.getByRole('navigation', { name: 'Workspace' });
  const siteRoot = mkdtempSync(join(tmpdir(), 'copydesk-shots-site-'));
  const types = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.png': 'image/png', '.jpg': 'image/jpeg', '.webp': 'image/webp' };
  const site = createServer((req, res) => {
    let file = normalize(join(siteRoot, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)));
    if (!file.startsWith(siteRoot)) return void res.writeHead(403).end();
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) return void res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': types[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  await new Promise((resolve) => site.listen(0, '127.0.0.1', resolve));
  const siteOrigin = `http://127.0.0.1:${site.address().port}`;
  try {
    await nav.getByRole('button', { name: 'Settings' }).click();
    await page.getByLabel('Site title').fill('The Harbor Ledger');
    await page.getByLabel('Base URL').fill(`${siteOrigin}/`);
    await page.getByLabel('Output folder').fill(join(siteRoot, 'out'));
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByRole('status').filter({ hasText: 'Settings saved' }).waitFor();
    await nav.getByRole('button', { name: 'Articles' }).click();
    await page.getByRole('navigation', { name: 'Library' }).getByText('Harbor City council', { exact: false }).first().click();
    await page.getByRole('button', { name: 'Preview', exact: true }).click();
    await page.waitForTimeout(1200);
    await page.screenshot({ path: join(outDir, 'preview.png') });
    console.log('wrote docs/screenshots/preview.png');
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Before you publish' });
    const published = page.getByText(/^Published\. \d+ files written/);
    await dialog.or(published).waitFor({ timeout: 20_000 });
    if (await dialog.isVisible()) await dialog.getByRole('button', { name: 'Publish anyway' }).click();
    await published.waitFor({ timeout: 20_000 });
    const reader = await browser.newPage({ viewport: { width: 1280, height: 1600 } });
    await reader.goto(`${siteOrigin}/out/local-news/harbor-city-council-approves-1-2-billion-plan-to-replace-every-lead-water-pipe-by-2031/`);
    await reader.screenshot({ path: join(outDir, 'published.png') });
    console.log('wrote docs/screenshots/published.png');
    await reader.close();
  } finally {
    site.close();
    rmSync(siteRoot, { recursive: true, force: true });
  }

  // The moderation queue.
  await nav.getByRole('button', { name: 'Moderation' }).click();
  await page.waitForTimeout(1200);
  await page.screenshot({ path: join(outDir, 'moderation.png') });
  console.log('wrote docs/screenshots/moderation.png');
  await page.close();

  // The same queue on a 390 px phone.
  const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
  await phone.goto(url);
  await phone.getByRole('button', { name: 'Library' }).click();
  await phone.getByRole('navigation', { name: 'Workspace' }).getByRole('button', { name: 'Moderation' }).click();
  await phone.waitForTimeout(1200);
  await phone.screenshot({ path: join(outDir, 'moderation-phone.png') });
  console.log('wrote docs/screenshots/moderation-phone.png');
  await phone.close();
} finally {
  await browser.close();
  server.kill();
  rmSync(workspace, { recursive: true, force: true });
}
