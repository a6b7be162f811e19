// Issue 13, "Real components": the whole loop in Chromium. The desk (web host) publishes to a
// running `copydesk site serve` (a real process, SQLite in a temp folder); the article is read on
// the site in the example page's shape, with live tallies; a reader comment on the site is pulled
// into the desk, approved with the keyboard, pushed back, and appears on the site page without
// republishing. Then the static site, published with "Live votes and comments from a Copydesk
// site", is served from another port and fills its tallies and comments from the site server.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import type { Page } from '@playwright/test';
import { call, run, serveSite, useTempSecretsFile } from './desk-helpers';
import { test, expect } from './fixtures';

useTempSecretsFile();


/** Readers acting on the site: comments and votes through the site's store (tests/site/seed-process.ts). */
function seed(data: string, items: { comments?: unknown[]; votes?: unknown[] }): Promise<string> {
  const args = ['--data', data, ...(items.comments ? ['--comments', JSON.stringify(items.comments)] : []), ...(items.votes ? ['--votes', JSON.stringify(items.votes)] : [])];
  return run(['scripts/run-ts.js', 'tests/site/seed-process.ts', ...args]);
}


/** A plain static file server for a folder: "any host" for the static site. */
async function staticHost(root: string): Promise<{ url: string; server: Server }> {
  const types: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.xml': 'application/xml', '.json': 'application/json' };
  const server = createServer((req, res) => {
    let path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    if (path.endsWith('/')) path += 'index.html';
    const file = join(root, path);
    try {
      if (!file.startsWith(root) || !statSync(file).isFile()) throw new Error('missing');
      res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server };
}


/** Where each of the example page's parts starts in the page's text, in the example's order. */
async function expectExampleShape(page: Page, headline: string) {
  // textContent, not innerText: headings may be styled in capitals.
  const text = (await page.locator('article.article').textContent()) ?? '';
  const marks = [headline, 'Interesting:', 'Support:', 'Log in to vote', 'Key takeaways', 'Follow Up Questions', 'Comments'];
  const at = marks.map((m) => text.toLowerCase().indexOf(m.toLowerCase()));
  for (const [i, mark] of marks.entries()) expect(at[i], `"${mark}" on the page`).toBeGreaterThanOrEqual(0);
  expect([...at].sort((a, b) => a - b)).toEqual(at);
  await expect(page.locator('.article-section')).toBeVisible();
  await expect(page.locator('.article-body')).not.toBeEmpty();
}

test('publish to a running Copydesk site, read it there with live tallies, moderate a reader comment back onto it', async ({ page, served }) => {
  test.setTimeout(180_000);
  const data = mkdtempSync(join(tmpdir(), 'copydesk-e2e-site-'));
  const out = mkdtempSync(join(tmpdir(), 'copydesk-e2e-static-'));
  const token = (await run(['bin/copydesk.js', 'site', 'token', 'create', '--data', data, '--name', 'newsroom desk'])).trim();
  const site = await serveSite(data);
  let host: { url: string; server: Server } | null = null;
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    await page.goto(served.url);
    const nav = page.getByRole('navigation', { name: 'Workspace' });
    const [sample] = await call<{ id: string; headline: string; slug: string }[]>(page, 'articles:list', {});

    // Settings: a "Copydesk site" target with the site's own address and its token.
    await nav.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Add target' }).click();
    const form = page.getByRole('form', { name: 'New publishing target' });
    await expect(form.getByLabel('Kind').locator('option:checked')).toHaveText('Copydesk site');
    await form.getByLabel('Name').fill('harbor_live');
    await form.getByLabel('Base URL').fill(site.url);
    await form.getByLabel('API token').fill(token);
    await form.getByRole('button', { name: 'Add target' }).click();
    const card = page.getByRole('listitem', { name: 'harbor_live' });
    await expect(card.getByRole('status')).toHaveText(`✓ Connected to the Copydesk site at ${site.url}: this token may publish articles and moderate comments and votes.`, { timeout: 15_000 });

    // Publish the sample article from its editor; the outbox delivers it to the site.
    await call(page, 'site:update', { outputDir: out, liveUrl: site.url });
    await nav.getByRole('button', { name: 'Articles' }).click();
    await page.getByRole('navigation', { name: 'Library' }).getByText(sample!.headline, { exact: false }).first().click();
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    const checklist = page.getByRole('dialog', { name: 'Before you publish' });
    const published = page.getByText(/^Published\. \d+ files written/);
    await expect(checklist.or(published)).toBeVisible({ timeout: 30_000 });
    if (await checklist.isVisible()) await checklist.getByRole('button', { name: 'Publish anyway' }).click();
    await expect(published).toBeVisible({ timeout: 30_000 });
    const articleUrl = new URL(`${sample!.slug}/`, site.url).href;
    await expect.poll(async () => (await fetch(articleUrl)).status, { timeout: 30_000 }).toBe(200);

    // Readers vote on the site meanwhile.
    const at = new Date().toISOString();
    await seed(data, {
      votes: [
        { id: 'v1', articleId: sample!.id, voterId: 'r1', axis: 'interesting', value: true, voided: false, createdAt: at },
        { id: 'v2', articleId: sample!.id, voterId: 'r2', axis: 'interesting', value: false, voided: false, createdAt: at },
        { id: 'v3', articleId: sample!.id, voterId: 'r1', axis: 'support', value: true, voided: false, createdAt: at },
      ],
    });

    // The article on the site: the example's shape, and the live tallies filled in by its script.
    const reader = await page.context().newPage();
    reader.on('pageerror', (e) => errors.push(e.message));
    const refused: string[] = [];
    reader.on('requestfailed', (r) => refused.push(`${r.url()}: ${r.failure()?.errorText}`));
    const liveJson = reader.waitForResponse((r) => r.url() === new URL(`live/${sample!.id}.json`, site.url).href);
    await reader.goto(articleUrl);
    expect((await liveJson).status()).toBe(200);
    await expectExampleShape(reader, sample!.headline);
    await expect(reader.locator('.article-votes .vote-count')).toHaveText(['1/2', '1/1']);
    expect(refused).toEqual([]);

    // A reader comment arrives on the site (there is no reader UI yet: through the site's store).
    await seed(data, { comments: [{ id: 'reader-1', articleId: sample!.id, parentId: null, authorId: 'r1', authorName: 'Ada Reader', body: 'The ferry map helped a lot, thank you.', status: 'pending', createdAt: at, updatedAt: at }] });
    await reader.reload();
    await expect(reader.getByText('The ferry map helped a lot')).toHaveCount(0);

    // The desk pulls it in, and a moderator approves it with the keyboard.
    await nav.getByRole('button', { name: 'Settings' }).click();
    await card.getByRole('button', { name: 'Get comments' }).click();
    await expect(card.getByRole('status')).toHaveText('✓ 1 new comment and 3 votes from the site.', { timeout: 15_000 });
    await nav.getByRole('button', { name: 'Moderation' }).click();
    await expect(page.getByRole('tablist', { name: 'Queues' })).toBeVisible();
    const focused = page.locator('.mod-card.is-focused');
    await expect(focused).toBeFocused();
    for (let i = 0; i < 40 && !((await focused.innerText()).includes('The ferry map helped a lot')); i++) await page.keyboard.press('j');
    await expect(focused).toContainText('The ferry map helped a lot');
    await page.keyboard.press('a');
    await expect(page.getByText('The ferry map helped a lot')).toHaveCount(0);

    // Pushed back through the outbox: the comment shows on the site page, nothing republished.
    await expect(async () => {
      await reader.reload();
      await expect(reader.locator('section.comments')).toContainText('The ferry map helped a lot, thank you.', { timeout: 1_000 });
    }).toPass({ timeout: 30_000 });
    await expect(reader.locator('section.comments')).toContainText('Ada Reader');

    // The static site, on another port, shows the same live tallies and comment from the site.
    host = await staticHost(out);
    const staticPage = await page.context().newPage();
    staticPage.on('pageerror', (e) => errors.push(e.message));
    const blocked: string[] = [];
    staticPage.on('console', (m) => m.type() === 'error' && blocked.push(m.text()));
    await staticPage.goto(host.url);
    await staticPage.getByRole('link', { name: sample!.headline }).first().click();
    await expect(staticPage.locator('meta[name="copydesk-live"]')).toHaveAttribute('content', new URL(`live/${sample!.id}.json`, site.url).href);
    await expect(staticPage.locator('.article-votes .vote-count')).toHaveText(['1/2', '1/1'], { timeout: 15_000 });
    await expect(staticPage.locator('section.comments')).toContainText('The ferry map helped a lot, thank you.');
    expect(blocked.filter((m) => /Content Security Policy|CORS/i.test(m))).toEqual([]);
    expect(errors).toEqual([]);
  } finally {
    host?.server.close();
    site.child.kill('SIGTERM');
    rmSync(out, { recursive: true, force: true });
  }
});

test('Settings → Start a local site: the built `copydesk site serve` runs for the workspace, is published to, and stops', async ({ page, served }) => {
  test.setTimeout(180_000);
  await page.goto(served.url);
  await page.getByRole('navigation', { name: 'Workspace' }).getByRole('button', { name: 'Settings' }).click();
  const section = page.getByRole('region', { name: 'Local site' });
  await section.getByRole('button', { name: 'Start a local site for this workspace' }).click();
  const link = section.getByRole('link');
  await expect(link).toHaveText(/^http:\/\/127\.0\.0\.1:\d+\/$/, { timeout: 60_000 });
  await expect(section.getByRole('status')).toHaveText('Running on this computer only. Articles you publish appear here.');
  const siteUrl = (await link.getAttribute('href'))!;
  expect(await link.getAttribute('target')).toBe('_blank');

  // Its target is listed, and its token (kept by the host, not the page) passes the test.
  const card = page.getByRole('listitem', { name: 'local_site' });
  await expect(card.getByText('Token: Stored')).toBeVisible();
  await card.getByRole('button', { name: 'Test connection' }).click();
  await expect(card.getByRole('status')).toHaveText(/^✓ Connected to the Copydesk site at /, { timeout: 15_000 });
  // Its data is in the workspace.
  expect(statSync(join(served.workspace, 'site', 'site.db')).isFile()).toBe(true);

  // A published article reaches it through the outbox.
  const [sample] = await call<{ id: string; slug: string; headline: string }[]>(page, 'articles:list', {});
  const article = await call<Record<string, unknown> & { revision: number }>(page, 'articles:get', { id: sample!.id });
  const { createdAt: _c, updatedAt: _u, publishedAt: _p, trashedAt: _t, revision, ...fields } = article;
  await call(page, 'articles:save', { ...fields, status: 'published', expectedRevision: revision });
  await expect.poll(async () => (await fetch(new URL(`${sample!.slug}/`, siteUrl))).status, { timeout: 30_000 }).toBe(200);

  await section.getByRole('button', { name: 'Stop the local site' }).click();
  await expect(section.getByRole('button', { name: 'Start a local site for this workspace' })).toBeVisible({ timeout: 20_000 });
  await expect(fetch(new URL('healthz', siteUrl))).rejects.toThrow();
});
