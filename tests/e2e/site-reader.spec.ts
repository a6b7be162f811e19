import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import Sqlite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { doc, paragraph } from '../../src/shared/lexical/build';
import type { SiteDatabase } from '../../src/site/db/schema';
import { createSession, SESSION_COOKIE } from '../../src/site/readers/session';
import { TokenStore } from '../../src/site/store/tokens';
import { spawnSite, type ServerProcess } from '../site/processes';

/**
 * Issue 14 in Chromium against a real site process (SQLite): a signed-in reader votes with the
 * keyboard through the widget live.js draws, changes and withdraws the answer; with JavaScript
 * off, the same reader votes through the plain forms and 303 redirects. Reader text is hostile
 * and must stay text. Sign-in itself is another part of the site: the session is made in the
 * database and handed to the browser as its cookie.
 */

const HOSTILE_NAME = '<img src=x onerror=alert(1)>Ann';
let dir: string;
let server: ServerProcess;
let url: string;
let db: Kysely<SiteDatabase>;

test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'copydesk-site-e2e-'));
  server = spawnSite({ data: dir });
  url = await server.url;
  const database = new Sqlite(join(dir, 'site.db'));
  database.pragma('busy_timeout = 5000');
  db = new Kysely<SiteDatabase>({ dialect: new SqliteDialect({ database }) });
  const { token } = await new TokenStore(db).create('e2e');
  const article = {
    slug: 'vote-story',
    headline: 'Vote on this story',
    section: 'World',
    summary: 'A story readers vote on.',
    byline: ['A. Reporter'],
    tags: ['news'],
    body: doc(paragraph('The body.')),
    takeaways: [],
    questions: [],
    publishedAt: '2026-01-12T10:00:00.000Z',
    updatedAt: '2026-01-12T10:00:00.000Z',
    html: '<h1>Vote on this story</h1>',
  };
  const put = await fetch(new URL('api/articles/e2e1', url), {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
    body: JSON.stringify(article),
  });
  expect(put.status).toBe(200);
});

test.afterAll(async () => {
  server?.child.kill('SIGTERM');
  await server?.exited;
  await db?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

async function signIn(context: BrowserContext, id: string): Promise<void> {
  await db.insertInto('readers').values({ id, email: `${id}@example.test`, sso_subject: null, display_name: HOSTILE_NAME, status: 'active', created_at: '2026-01-01T00:00:00.000Z', deleted_at: null }).execute();
  const { token } = await createSession(db, id, { now: Date.now() });
  await context.addCookies([{ name: SESSION_COOKIE, value: token, url }]);
}

/** Fails the test if anything reader-supplied ever runs as script. */
function watchForScript(page: Page): string[] {
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  return dialogs;
}

test('issue 14: a signed-in reader votes, changes and withdraws with the keyboard; the widget is labelled and announced', async ({ browser }) => {
  const context = await browser.newContext();
  await signIn(context, 'reader-js');
  const page = await context.newPage();
  const dialogs = watchForScript(page);
  const blocked: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/.test(message.text())) blocked.push(message.text());
  });
  await page.goto(new URL('vote-story/', url).href);

  const interesting = page.getByRole('group', { name: 'Interesting?' });
  const support = page.getByRole('group', { name: 'Support?' });
  await expect(interesting.getByRole('button', { name: 'Yes' })).toHaveAttribute('aria-pressed', 'false');
  await expect(page.locator('.reader-line')).toContainText(`Signed in as ${HOSTILE_NAME}`);
  await expect(page.getByRole('link', { name: 'Account' })).toHaveAttribute('href', '/account');
  const status = page.getByRole('status').filter({ hasText: /./ });

  // Keyboard only: focus the first answer, Enter to vote, Tab to the next one, Space to change.
  await interesting.getByRole('button', { name: 'Yes' }).focus();
  await page.keyboard.press('Enter');
  await expect(status).toHaveText('Your vote is saved. Interesting: 1/1 • Support: 0/0');
  await expect(interesting.getByRole('button', { name: 'Yes' })).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('Tab');
  await expect(interesting.getByRole('button', { name: 'No' })).toBeFocused();
  await page.keyboard.press('Space');
  await expect(status).toHaveText('Your vote is saved. Interesting: 0/1 • Support: 0/0');
  await expect(interesting.getByRole('button', { name: 'Yes' })).toHaveAttribute('aria-pressed', 'false');
  await expect(interesting.getByRole('button', { name: 'No' })).toHaveAttribute('aria-pressed', 'true');
  await support.getByRole('button', { name: 'Yes' }).click();
  await expect(status).toHaveText('Your vote is saved. Interesting: 0/1 • Support: 1/1');
  // Pressing the answer already given takes it back.
  await interesting.getByRole('button', { name: 'No' }).click();
  await expect(status).toHaveText('Your vote is taken back. Interesting: 0/0 • Support: 1/1');
  await expect(interesting.getByRole('button', { name: 'No' })).toHaveAttribute('aria-pressed', 'false');
  await expect(interesting.locator('.vote-count')).toHaveText('0/0');

  // A reload shows the reader's standing answers from the private endpoint.
  await page.reload();
  await expect(support.getByRole('button', { name: 'Yes' })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.locator('img')).toHaveCount(0);
  expect(dialogs).toEqual([]);
  // The page's script and its requests ran under its CSP (nothing was blocked).
  expect(blocked).toEqual([]);
  await context.close();
});

test('issue 14: with JavaScript off, the reader votes through plain forms and redirects', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  await signIn(context, 'reader-nojs');
  const page = await context.newPage();
  await page.goto(new URL('vote-story/', url).href);
  await page.getByRole('link', { name: 'Log in to vote' }).click();
  await expect(page).toHaveURL(/\/respond\/e2e1$/);
  await expect(page.getByText(`Signed in as ${HOSTILE_NAME}`)).toBeVisible();
  const support = page.getByRole('group', { name: 'Support?' });
  await support.getByRole('button', { name: 'No' }).click();
  await expect(page).toHaveURL(/\/respond\/e2e1\?said=voteSaved#votes$/);
  await expect(page.getByRole('status')).toHaveText('Your vote is saved.');
  await expect(page.getByRole('group', { name: 'Support?' }).getByRole('button', { name: 'No' })).toHaveAttribute('aria-pressed', 'true');
  await page.getByRole('group', { name: 'Support?' }).getByRole('button', { name: 'Take back my answer' }).click();
  await expect(page.getByRole('status')).toHaveText('Your vote is taken back.');
  await expect(page.getByRole('link', { name: 'Back to the article' })).toHaveAttribute('href', '/vote-story/');
  await expect(page.locator('img')).toHaveCount(0);
  await context.close();
});
