// Issue 18.14: the app and the published site run under strict Content Security Policies without
// a single violation, in real Chromium. Violations are collected from the page itself
// (securitypolicyviolation events, registered before any script runs) and from the console.
import { createReadStream, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';

interface Violation {
  directive: string;
  blocked: string;
  source: string;
}

/** Starts recording CSP violations on every document the page loads; read them with `violations`. */
async function recordViolations(page: Page): Promise<{ violations: () => Promise<Violation[]>; console: string[] }> {
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|unsafe-eval/i.test(message.text())) consoleErrors.push(message.text());
  });
  await page.addInitScript(() => {
    const seen: { directive: string; blocked: string; source: string }[] = [];
    Object.defineProperty(window, '__cspViolations', { value: seen });
    document.addEventListener('securitypolicyviolation', (event) => {
      seen.push({ directive: event.effectiveDirective, blocked: event.blockedURI, source: `${event.sourceFile}:${event.lineNumber}` });
    });
  });
  return {
    console: consoleErrors,
    violations: () => page.evaluate(() => (window as unknown as { __cspViolations: Violation[] }).__cspViolations.slice()),
  };
}

test('issue 18.14: the app starts, lists, opens and saves an article with no CSP violation (zod is jitless)', async ({ page, served }) => {
  const csp = await recordViolations(page);
  await page.goto(served.url);
  const library = page.getByRole('navigation', { name: 'Library' });
  await library.getByText('Harbor City council approves', { exact: false }).click();
  const headline = page.getByLabel('Headline', { exact: true });
  await expect(headline).toHaveValue(/Harbor City council approves/);
  // Typing saves through the contract: zod parses on both sides of the call.
  await headline.press('End');
  await headline.pressSequentially(' today');
  await expect(page.getByText('Saved', { exact: false }).first()).toBeVisible({ timeout: 10_000 });
  await page.getByRole('navigation', { name: 'Workspace' }).getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByLabel('Site title')).toBeVisible();
  expect(await csp.violations()).toEqual([]);
  expect(csp.console).toEqual([]);
});

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.xml': 'application/xml', '.json': 'application/json', '.png': 'image/png' };

/** A plain static host on 127.0.0.1 for the published folder: it sends no CSP header of its own. */
function staticHost(root: string): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    let file = normalize(join(root, path));
    if (file !== root && !file.startsWith(root + sep)) return void res.writeHead(403).end();
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) return void res.writeHead(404).end('not found');
    res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, origin: `http://127.0.0.1:${(server.address() as { port: number }).port}` })));
}

test('issue 18.14: published pages carry a strict CSP and render styled in Chromium with no violation', async ({ page, served }) => {
  const out = join(mkdtempSync(join(tmpdir(), 'copydesk-e2e-csp-site-')), 'site');
  const host = await staticHost(join(out, '..'));
  try {
    await page.goto(served.url);
    await expect(page.getByRole('navigation', { name: 'Library' })).toBeVisible();
    // Publish the sample article through the contract, as the app's own page would.
    const summary = await page.evaluate(
      async ({ baseUrl, outputDir }) => {
        const call = async (name: string, input: unknown) => {
          const response = await fetch(`/api/${name}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(input) });
          const envelope = (await response.json()) as { ok: boolean; value: unknown; error?: { message: string } };
          if (!envelope.ok) throw new Error(`${name}: ${envelope.error?.message ?? 'failed'}`);
          return envelope.value as Record<string, unknown>;
        };
        await call('site:update', { title: 'The Harbor Ledger', baseUrl, outputDir });
        const [first] = (await call('articles:list', {})) as unknown as { id: string }[];
        const article = await call('articles:get', { id: first!.id });
        const { revision, createdAt: _c, updatedAt: _u, publishedAt: _p, trashedAt: _t, ...fields } = article;
        await call('articles:save', { ...fields, status: 'published', expectedRevision: revision });
        return call('publish:site', {});
      },
      { baseUrl: `${host.origin}/site/`, outputDir: out },
    );
    expect(summary.errors).toEqual([]);

    const csp = await recordViolations(page);
    await page.goto(`${host.origin}/site/`);
    const articleLink = page.locator('main a[href]').filter({ hasText: 'Harbor City council approves' }).first();
    await expect(articleLink).toBeVisible();
    // The stylesheet applied (the policy let it load): the page is not in the browser's default font.
    expect(await page.evaluate(() => document.styleSheets.length)).toBeGreaterThan(0);
    expect(await page.evaluate(() => getComputedStyle(document.body).fontFamily)).not.toBe('"Times New Roman"');
    await articleLink.click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Harbor City council approves');
    expect(await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')).toContain("default-src 'none'");
    for (const path of ['/site/404.html', '/site/feed.xml']) await page.goto(`${host.origin}${path}`);
    expect(await csp.violations()).toEqual([]);
    expect(csp.console).toEqual([]);
  } finally {
    host.server.close();
    rmSync(join(out, '..'), { recursive: true, force: true });
  }
});
