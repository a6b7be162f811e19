import { createReadStream, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { test, expect } from './fixtures';

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.xml': 'application/xml', '.json': 'application/json' };

/** A tiny static server on 127.0.0.1 for the published folder (directory URLs serve index.html). */
function staticServer(root: string): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    let file = normalize(join(root, path));
    if (!file.startsWith(root)) return void res.writeHead(403).end();
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) return void res.writeHead(404).end('not found');
    res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, origin: `http://127.0.0.1:${(server.address() as { port: number }).port}` })));
}

test('set the output folder in Settings, publish from the UI, and read the published article page', async ({ page, served }) => {
  const out = join(mkdtempSync(join(tmpdir(), 'copydesk-e2e-site-')), 'site');
  const site = await staticServer(join(out, '..'));
  try {
    await page.goto(served.url);
    const nav = page.getByRole('navigation', { name: 'Workspace' });

    await nav.getByRole('button', { name: 'Settings' }).click();
    await page.getByLabel('Site title').fill('The Harbor Ledger');
    await page.getByLabel('Base URL').fill(`${site.origin}/site/`);
    await page.getByLabel('Output folder').fill(out);
    await expect(page.getByLabel('URL pattern')).toHaveValue('/<section>/<slug>/');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Settings saved' })).toBeVisible();

    // A bad value is refused beside its field.
    await page.getByLabel('Language').fill('not a language');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect(page.getByLabel('Language')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByText('Not a BCP 47 language tag (e.g. en, en-GB, pt-BR)', { exact: true })).toBeVisible();
    await page.getByLabel('Language').fill('en');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Settings saved' })).toBeVisible();

    // Publish the sample article (a draft) from its editor; the checklist may ask first.
    await nav.getByRole('button', { name: 'Articles' }).click();
    await page.getByRole('navigation', { name: 'Library' }).getByText('Harbor City council approves', { exact: false }).click();
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Before you publish' });
    const published = page.getByText(/^Published\. \d+ files written/);
    await expect(dialog.or(published)).toBeVisible({ timeout: 15_000 });
    if (await dialog.isVisible()) await dialog.getByRole('button', { name: 'Publish anyway' }).click();
    await expect(published).toBeVisible({ timeout: 15_000 });

    // "Publish site": progress, then a summary; nothing left to write.
    await nav.getByRole('button', { name: 'Publishing' }).click();
    await page.getByRole('button', { name: 'Publish site' }).click();
    const summary = page.getByRole('status', { name: 'Publish summary' });
    await expect(summary).toContainText('0 written', { timeout: 15_000 });
    await expect(summary).toContainText('0 errors');

    // The published site, served over HTTP: home page → the article.
    await page.goto(`${site.origin}/site/`);
    await page.getByRole('link', { name: /Harbor City council approves/ }).click();
    await expect(page).toHaveURL(/\/site\/local-news\/harbor-city-council-approves[^/]*\/$/);
    // Every part of the example page is there, top to bottom in this order.
    const parts: [string, string][] = [
      ['section label', '.article-section'],
      ['headline', 'h1.article-headline'],
      ['votes line', '.article-votes'],
      ['Key takeaways', '#takeaways-title'],
      ['body', '.article-body'],
      ['Follow Up Questions', '#follow-up-title'],
      ['Comments', '#comments-title'],
    ];
    const tops: number[] = [];
    for (const [name, selector] of parts) {
      const box = await page.locator(selector).boundingBox();
      expect(box, name).not.toBeNull();
      tops.push(box!.y);
    }
    const order = { inOrder: tops.every((y, i) => i === 0 || y > tops[i - 1]!) };
    expect(order).toEqual({ inOrder: true });
    await expect(page.locator('.article-section')).toHaveText('Local News');
    await expect(page.locator('.article-votes')).toHaveText(/^Interesting: \d+\/\d+ • Support: \d+\/\d+/);
    await expect(page.locator('#takeaways-title')).toHaveText('Key takeaways');
    await expect(page.locator('#follow-up-title')).toHaveText('Follow Up Questions');
    // The stylesheet (fingerprinted, linked relatively) loaded.
    const css = await page.locator('link[rel="stylesheet"]').getAttribute('href');
    expect(css).toMatch(/^\.\.\/\.\.\/assets\/site\.[0-9a-f]{12}\.css$/);
    const response = await page.request.get(new URL(css!, page.url()).href);
    expect(response.status()).toBe(200);
  } finally {
    site.server.close();
    rmSync(join(out, '..'), { recursive: true, force: true });
  }
});
