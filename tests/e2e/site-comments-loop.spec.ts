// Issue 14, the loop with the desktop: readers write comments on a running `copydesk site serve`
// through the page's own widgets; a moderator in the desk (web host) gets them, approves one and
// rejects the other with the keyboard and bans its author; the reader's page then shows the
// approved comment, and the banned reader is refused with a sentence.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from '@playwright/test';
import Sqlite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { SiteDatabase } from '../../src/site/db/schema';
import { createSession, SESSION_COOKIE } from '../../src/site/readers/session';
import { call, run, serveSite, useTempSecretsFile } from './desk-helpers';
import { test, expect } from './fixtures';

useTempSecretsFile();




/** A signed-in reader's own browser (sign-in by mail is site-comments.spec.ts's part). */
async function readerPage(browser: Browser, db: Kysely<SiteDatabase>, siteUrl: string, id: string, name: string): Promise<Page> {
  await db.insertInto('readers').values({ id, email: `${id}@example.test`, sso_subject: null, display_name: name, status: 'active', created_at: new Date().toISOString(), deleted_at: null }).execute();
  const { token } = await createSession(db, id, { now: Date.now() });
  const context = await browser.newContext();
  await context.addCookies([{ name: SESSION_COOKIE, value: token, url: siteUrl }]);
  return context.newPage();
}

async function writeComment(page: Page, text: string): Promise<void> {
  await page.getByLabel('Write a comment').fill(text);
  await page.getByRole('button', { name: 'Post comment' }).click();
  await expect(page.locator('article.comment__card', { hasText: text }).locator('.comment__pending')).toHaveText('Awaiting review');
}

test('readers comment on the site; the desk approves one, rejects the other and bans its author with the keyboard; the pages follow', async ({ page, served, browser }) => {
  test.setTimeout(240_000);
  const data = mkdtempSync(join(tmpdir(), 'copydesk-e2e-site-'));
  const out = mkdtempSync(join(tmpdir(), 'copydesk-e2e-static-'));
  const token = (await run(['bin/copydesk.js', 'site', 'token', 'create', '--data', data, '--name', 'newsroom desk'])).trim();
  const site = await serveSite(data);
  const database = new Sqlite(join(data, 'site.db'));
  database.pragma('busy_timeout = 5000');
  const db = new Kysely<SiteDatabase>({ dialect: new SqliteDialect({ database }) });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    await page.goto(served.url);
    const nav = page.getByRole('navigation', { name: 'Workspace' });
    const [sample] = await call<{ id: string; headline: string; slug: string }[]>(page, 'articles:list', {});

    // The desk publishes to the site (as in site-loop.spec.ts).
    await nav.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Add target' }).click();
    const form = page.getByRole('form', { name: 'New publishing target' });
    await form.getByLabel('Name').fill('harbor_live');
    await form.getByLabel('Base URL').fill(site.url);
    await form.getByLabel('API token').fill(token);
    await form.getByRole('button', { name: 'Add target' }).click();
    const card = page.getByRole('listitem', { name: 'harbor_live' });
    await expect(card.getByRole('status')).toHaveText(/^✓ Connected to the Copydesk site/, { timeout: 15_000 });
    // The static site goes to a folder of its own; the article reaches the site through the outbox.
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

    // Two readers comment through the page's widgets; a new reader's comments await review.
    const ada = await readerPage(browser, db, site.url, 'ada', 'Ada Reader');
    ada.on('pageerror', (e) => errors.push(e.message));
    await ada.goto(articleUrl);
    await ada.getByRole('group', { name: 'Support?' }).getByRole('button', { name: 'Yes' }).click();
    await writeComment(ada, 'The ferry map helped a lot, thank you.');
    const mal = await readerPage(browser, db, site.url, 'mal', 'Mal Content');
    mal.on('pageerror', (e) => errors.push(e.message));
    await mal.goto(articleUrl);
    await writeComment(mal, 'Nobody reads this rag anyway.');
    // Other readers do not see either yet.
    const guest = await (await browser.newContext()).newPage();
    await guest.goto(articleUrl);
    await expect(guest.locator('section.comments')).not.toContainText('ferry map');

    // The desk gets them; the moderator approves Ada's, rejects Mal's and bans Mal, by keyboard.
    await nav.getByRole('button', { name: 'Settings' }).click();
    await card.getByRole('button', { name: 'Get comments' }).click();
    await expect(card.getByRole('status')).toHaveText(/^✓ 2 new comments/, { timeout: 15_000 });
    await nav.getByRole('button', { name: 'Moderation' }).click();
    const focused = page.locator('.mod-card.is-focused');
    await expect(focused).toBeFocused();
    const focusOn = async (text: string) => {
      // j down the queue, then k back up: the card may be on either side of the focused one.
      for (let i = 0; i < 40 && !(await focused.innerText()).includes(text); i++) await page.keyboard.press('j');
      for (let i = 0; i < 80 && !(await focused.innerText()).includes(text); i++) await page.keyboard.press('k');
      await expect(focused).toContainText(text);
    };
    await focusOn('The ferry map helped a lot');
    await page.keyboard.press('a');
    await expect(page.locator('.mod-card', { hasText: 'The ferry map helped a lot' })).toHaveCount(0);
    await focusOn('Nobody reads this rag');
    await page.keyboard.press('b');
    const ban = page.getByRole('dialog', { name: 'Ban author' });
    await expect(ban).toBeVisible();
    await page.keyboard.press('2');
    await page.keyboard.press('Enter');
    await expect(ban).toBeHidden();
    await expect(focused.locator('.mod-badge-banned')).toHaveText('Banned');
    await page.keyboard.press('r');
    const reject = page.getByRole('dialog', { name: 'Reject' });
    await expect(reject).toBeVisible();
    await page.keyboard.press('2');
    await page.keyboard.press('Enter');
    await expect(reject).toBeHidden();
    await expect(page.locator('.mod-card', { hasText: 'Nobody reads this rag' })).toHaveCount(0);

    // Pushed back: every reader now sees Ada's comment, no longer awaiting review.
    await expect(async () => {
      await guest.reload();
      await expect(guest.locator('section.comments')).toContainText('The ferry map helped a lot, thank you.', { timeout: 1_000 });
    }).toPass({ timeout: 30_000 });
    await expect(guest.locator('section.comments')).not.toContainText('Nobody reads this rag');
    await ada.reload();
    const adas = ada.locator('article.comment__card', { hasText: 'The ferry map helped a lot' });
    await expect(adas).toBeVisible();
    await expect(adas.locator('.comment__pending')).toHaveCount(0);
    // Still hers (me.json names it): Delete, not Report; no Edit once a moderator decided it.
    await expect(adas.getByRole('button', { name: 'Delete' })).toBeVisible();
    await expect(adas.getByRole('button', { name: 'Report' })).toHaveCount(0);
    await expect(adas.getByRole('button', { name: 'Edit' })).toHaveCount(0);

    // Mal is banned: told so in a sentence where the box was, and a write is refused in one too.
    await expect(async () => {
      await mal.reload();
      await expect(mal.locator('section.comments .reader-refusal')).toHaveText('Your account is banned from this site, so you cannot vote or comment.', { timeout: 1_000 });
    }).toPass({ timeout: 30_000 });
    await expect(mal.getByLabel('Write a comment')).toHaveCount(0);
    await expect(mal.locator('section.comments')).not.toContainText('Nobody reads this rag');
    const refused = await mal.evaluate(async (id) => {
      const me = (await (await fetch(`/live/${id}/me.json`)).json()) as { formToken: string };
      const response = await fetch(`/live/${id}/comments`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-copydesk-csrf': me.formToken }, body: JSON.stringify({ body: 'Let me back in.' }) });
      return { status: response.status, body: (await response.json()) as { message: string } };
    }, sample!.id);
    expect(refused).toEqual({ status: 403, body: { message: 'Your account is banned from this site, so you cannot vote or comment.' } });
    expect(errors).toEqual([]);
  } finally {
    site.child.kill('SIGTERM');
    await db.destroy();
    rmSync(data, { recursive: true, force: true });
    rmSync(out, { recursive: true, force: true });
  }
});
