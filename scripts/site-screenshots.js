#!/usr/bin/env node
/* global fetch */
// Screenshots of Copydesk Site from the real app: `copydesk serve` on a fresh sample workspace,
// Settings → "Start a local site for this workspace", the sample article published to it, a few
// reader votes and an approved comment on the site, then the article as readers see it there.
// Run after `npm run build:cli && npm run build:web`. Writes docs/screenshots/settings-site.png
// and docs/images/site-article.png (the README's Copydesk Site section).
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium, serveWorkspace } from './screenshot-app.js';

const shots = join(process.cwd(), 'docs', 'screenshots');
const images = join(process.cwd(), 'docs', 'images');
mkdirSync(shots, { recursive: true });
mkdirSync(images, { recursive: true });
const workspace = mkdtempSync(join(tmpdir(), 'copydesk-shots-'));
const secrets = mkdtempSync(join(tmpdir(), 'copydesk-shots-secrets-'));

function run(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'inherit', 'inherit'] });
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${args.join(' ')} exited with ${code}`))));
  });
}

const { server, url } = await serveWorkspace(workspace, { ...process.env, COPYDESK_SECRETS_FILE: join(secrets, 'credentials.json') });

const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(url);
  const nav = page.getByRole('navigation', { name: 'Workspace' });
  await nav.getByRole('button', { name: 'Settings' }).click();
  // The local site takes the site title for its pages: set it first.
  await page.getByLabel('Site title').fill('The Harbor Ledger');
  await page.getByLabel('Output folder').fill(join(workspace, 'static-out'));
  await page.getByRole('button', { name: 'Save settings' }).click();
  await page.getByRole('status').filter({ hasText: 'Settings saved' }).waitFor();
  await page.getByRole('button', { name: 'Start a local site for this workspace' }).click();
  const link = page.locator('.local-site-url a');
  await link.waitFor({ timeout: 60_000 });
  const siteUrl = await link.getAttribute('href');
  console.log(`local site at ${siteUrl}`);
  await page.getByRole('listitem', { name: 'local_site' }).getByRole('button', { name: 'Test connection' }).click();
  await page.getByRole('listitem', { name: 'local_site' }).getByText(/^✓ Connected/).waitFor({ timeout: 15_000 });
  await page.getByLabel('Live votes and comments from a Copydesk site').fill(siteUrl);
  await page.getByRole('button', { name: 'Save settings' }).click();
  await page.getByRole('status').filter({ hasText: 'Settings saved' }).waitFor();
  await page.getByRole('heading', { name: 'Local site' }).evaluate((h) => h.closest('section').scrollIntoView({ block: 'end' }));
  await page.waitForTimeout(500);
  await page.screenshot({ path: join(shots, 'settings-site.png') });
  console.log('wrote docs/screenshots/settings-site.png');

  // Publish the sample article from its editor: the outbox delivers it to the local site too.
  const articles = await page.evaluate(async () => (await fetch('/api/articles:list', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' })).json());
  const sample = articles.value.find((a) => a.headline.startsWith('Harbor City council'));
  await nav.getByRole('button', { name: 'Articles' }).click();
  await page.getByRole('navigation', { name: 'Library' }).getByText('Harbor City council', { exact: false }).first().click();
  await page.getByRole('button', { name: 'Publish', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Before you publish' });
  const done = page.getByText(/^Published\. \d+ files written/);
  await dialog.or(done).waitFor({ timeout: 30_000 });
  if (await dialog.isVisible()) await dialog.getByRole('button', { name: 'Publish anyway' }).click();
  await done.waitFor({ timeout: 30_000 });
  const articleUrl = new URL(`${sample.slug}/`, siteUrl).href;
  for (let i = 0; i < 60 && (await fetch(articleUrl)).status !== 200; i++) await new Promise((r) => setTimeout(r, 500));
  if ((await fetch(articleUrl)).status !== 200) throw new Error(`the article never reached the local site (${articleUrl})`);

  // Readers on the site (there is no reader UI yet): votes and two approved comments.
  const at = (m) => new Date(Date.UTC(2026, 11, 7, 9, m)).toISOString();
  const votes = [...Array(9)].map((_, i) => ({ id: `v${i}`, articleId: sample.id, voterId: `r${i}`, axis: i % 3 === 0 ? 'support' : 'interesting', value: i % 4 !== 1, voided: false, createdAt: at(i) }));
  const comments = [
    { id: 'c1', articleId: sample.id, parentId: null, authorId: 'r1', authorName: 'Ana Souza', body: 'Good to see the neighbourhoods with the most young children going first.', status: 'approved', createdAt: at(20), updatedAt: at(20) },
    { id: 'c2', articleId: sample.id, parentId: 'c1', authorId: 'r2', authorName: 'Tom Becker', body: 'Does anyone know whether renters get notified before the work starts?', status: 'approved', createdAt: at(31), updatedAt: at(31) },
  ];
  await run(['scripts/run-ts.js', 'tests/site/seed-process.ts', '--data', join(workspace, 'site'), '--comments', JSON.stringify(comments), '--votes', JSON.stringify(votes)]);

  const reader = await browser.newPage({ viewport: { width: 1280, height: 1600 } });
  await reader.goto(articleUrl);
  await reader.waitForTimeout(800);
  await reader.screenshot({ path: join(images, 'site-article.png') });
  console.log('wrote docs/images/site-article.png');
  await reader.close();

  await nav.getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('button', { name: 'Stop the local site' }).click();
  await page.getByRole('button', { name: 'Start a local site for this workspace' }).waitFor({ timeout: 20_000 });
  console.log('stopped the local site');
  await page.close();
} finally {
  await browser.close();
  server.kill();
  await new Promise((resolve) => server.once('exit', resolve));
  rmSync(workspace, { recursive: true, force: true });
  rmSync(secrets, { recursive: true, force: true });
}
