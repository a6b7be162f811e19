import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { test, expect, type Page } from '@playwright/test';
import { doc, paragraph } from '../../src/shared/lexical/build';
import { startMailCatcher, type MailCatcher } from '../site/mail-catcher';

/**
 * A reader signs in on a real `copydesk site serve` (the built CLI, SQLite) whose mail goes to
 * a real SMTP receiver: Chromium follows "Log in to vote", asks for a link, the test reads the
 * mail, Chromium opens the link, confirms, chooses a name and lands on the article signed in.
 * The same with JavaScript off, and axe on the sign-in and account pages, light and dark.
 */

const SLUG = 'bridge-reopens';
let mail: MailCatcher;
let server: ChildProcess;
let base: string;
let data: string;

function startServer(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    server = spawn(process.execPath, ['bin/copydesk.js', 'site', 'serve', '--port', '0', '--log-level', 'warn', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const timer = setTimeout(() => reject(new Error(`copydesk site serve did not start:\n${out}`)), 20_000);
    server.stderr!.on('data', (c: Buffer) => (out += c.toString()));
    server.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const match = /Copydesk site is running at (\S+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    server.once('exit', (code) => reject(new Error(`copydesk site serve exited with ${code}:\n${out}`)));
  });
}

test.beforeAll(async () => {
  mail = await startMailCatcher();
  data = mkdtempSync(join(tmpdir(), 'copydesk-site-e2e-'));
  const token = execFileSync(process.execPath, ['bin/copydesk.js', 'site', 'token', 'create', '--name', 'e2e', '--data', data], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  base = await startServer(['--data', data, '--smtp', mail.url, '--mail-from', 'Desk <desk@example.test>', '--title', 'Harbor Gazette']);
  const article = {
    slug: SLUG,
    headline: 'Bridge reopens',
    section: 'City',
    summary: 'The bridge is open again.',
    byline: ['A. Reporter'],
    tags: ['transport'],
    body: doc(paragraph('Traffic flows again.')),
    takeaways: [],
    questions: [],
    publishedAt: '2026-12-07T10:00:00.000Z',
    updatedAt: '2026-12-07T10:00:00.000Z',
    html: '<h1>Bridge reopens</h1>',
  };
  const put = await fetch(new URL('api/articles/e2e-1', base), { method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() }, body: JSON.stringify(article) });
  expect(put.status, await put.text()).toBe(200);
});

test.afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  }
  await mail?.close();
  rmSync(data, { recursive: true, force: true });
});

/**
 * From the article, through the mailed link, back signed in: with JavaScript to the article
 * (live.js points "Log in to vote" at sign-in), without it to the plain vote forms page.
 */
async function signIn(page: Page, email: string, name: string, scripts = true) {
  await page.goto(new URL(`${SLUG}/`, base).href);
  if (scripts) await expect(page.locator('a.vote-login')).toHaveAttribute('href', /^\/login\?/);
  await page.getByRole('link', { name: 'Log in to vote' }).click();
  if (!scripts) {
    await expect(page).toHaveURL(/\/respond\/e2e-1$/);
    await page.getByRole('link', { name: 'Log in to vote' }).click();
  }
  await expect(page).toHaveURL(scripts ? /\/login\?return=%2Fbridge-reopens%2F$/ : /\/login\?return=%2Frespond%2Fe2e-1$/);
  await page.getByLabel('Email address').fill(email);
  await page.getByRole('button', { name: 'Send me a sign-in link' }).click();
  await expect(page.getByRole('status')).toContainText('a sign-in link is on its way');

  const link = mail.linkIn(await mail.next(email));
  await page.goto(link);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Welcome' })).toBeVisible();
  await page.getByLabel('Display name').fill(name);
  await page.getByLabel('Display name').press('Enter');
  await expect(page).toHaveURL(new URL(scripts ? `${SLUG}/` : 'respond/e2e-1', base).href);
  await expect(page.getByRole('heading', { name: 'Bridge reopens' })).toBeVisible();
  const cookies = await page.context().cookies();
  expect(cookies.find((c) => c.name === 'copydesk_reader')).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
  await page.goto(new URL('account', base).href);
  await expect(page.getByText(`Signed in as ${name}.`)).toBeVisible();
}

test('a reader signs in by mail and lands back on the article', async ({ page }) => {
  await signIn(page, 'ada@example.test', 'Ada');
});

test('the same works with JavaScript off', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await signIn(page, 'nojs@example.test', 'No Script', false);
  // Signing out is a plain form too.
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page.getByRole('status')).toHaveText('You are signed out.');
  await context.close();
});

test('a display name made of markup shows as text and runs nothing', async ({ page }) => {
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  const name = '<img src=x onerror=alert(1)><script>alert(2)</script>';
  await signIn(page, 'markup@example.test', name);
  await expect(page.locator('main img, main script')).toHaveCount(0);
  await expect(page.getByLabel('Display name')).toHaveValue(name);
  expect(dialogs).toEqual([]);
});

for (const scheme of ['light', 'dark'] as const) {
  test(`the sign-in and account pages have no axe violations (${scheme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme });
    const found: string[] = [];
    const check = async (screen: string) => {
      const results = await new AxeBuilder({ page }).analyze();
      found.push(...results.violations.flatMap((v) => v.nodes.map((n) => `${screen}: ${v.id} ${n.target.join(' ')} — ${n.failureSummary ?? ''}`)));
    };
    await page.goto(new URL('login?return=/bridge-reopens/', base).href);
    await check('login');
    await page.getByLabel('Email address').fill(`axe-${scheme}@example.test`);
    await page.getByRole('button', { name: 'Send me a sign-in link' }).click();
    await check('link sent');
    await page.goto(mail.linkIn(await mail.next(`axe-${scheme}@example.test`)));
    await check('confirm');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await check('welcome');
    await page.getByLabel('Display name').fill(`Axe ${scheme}`);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.goto(new URL('account', base).href);
    await check('account');
    // Keyboard: the first Tab reaches the skip link, and the account page's controls follow.
    await page.keyboard.press('Tab');
    await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
    expect(found).toEqual([]);
  });
}
