import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import Sqlite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { doc, paragraph } from '../../src/shared/lexical/build';
import type { SiteDatabase } from '../../src/site/db/schema';
import { startMailCatcher, type MailCatcher } from '../site/mail-catcher';

/**
 * Issue 14.3, 14.5 and 14.6 in Chromium against a real `copydesk site serve` (the built CLI,
 * SQLite) whose sign-in mail goes to a real SMTP receiver. A reader signs in by mail, votes,
 * writes a comment and a reply (held for review: the site's default holds new readers), edits,
 * deletes and reports, with JavaScript and without; axe checks the comment widgets; hostile
 * text in every reader string field runs nothing and is stored whole or not at all.
 * Other readers' comments are put in the site's database before the article is first read (the
 * desktop's moderation of them is the loop spec's part).
 */

let mail: MailCatcher;
let server: ChildProcess;
let base: string;
let data: string;
let token: string;
let db: Kysely<SiteDatabase>;
let seq = 1_000_000;

function startServer(args: string[]): Promise<string> {
  return spawnServer(args).then(([child, url]) => {
    server = child;
    return url;
  });
}

function spawnServer(args: string[]): Promise<[ChildProcess, string]> {
  return new Promise((resolve, reject) => {
    const server = spawn(process.execPath, ['bin/copydesk.js', 'site', 'serve', '--port', '0', '--log-level', 'warn', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const timer = setTimeout(() => reject(new Error(`copydesk site serve did not start:\n${out}`)), 20_000);
    server.stderr!.on('data', (c: Buffer) => (out += c.toString()));
    server.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const match = /Copydesk site is running at (\S+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve([server, match[1]!]);
      }
    });
    server.once('exit', (code) => reject(new Error(`copydesk site serve exited with ${code}:\n${out}`)));
  });
}

test.beforeAll(async () => {
  mail = await startMailCatcher();
  data = mkdtempSync(join(tmpdir(), 'copydesk-site-comments-'));
  token = execFileSync(process.execPath, ['bin/copydesk.js', 'site', 'token', 'create', '--name', 'e2e', '--data', data], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  base = await startServer(['--data', data, '--smtp', mail.url, '--mail-from', 'Desk <desk@example.test>', '--title', 'Harbor Gazette']);
  const database = new Sqlite(join(data, 'site.db'));
  database.pragma('busy_timeout = 5000');
  db = new Kysely<SiteDatabase>({ dialect: new SqliteDialect({ database }) });
});

test.afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  }
  await db?.destroy();
  await mail?.close();
  rmSync(data, { recursive: true, force: true });
});

/** A fresh article per test (its pages are cached by the server once read). */
async function publish(id: string, slug: string, headline: string, site = { base, token }): Promise<void> {
  const article = {
    slug,
    headline,
    section: 'City',
    summary: 'The bridge is open again.',
    byline: ['A. Reporter'],
    tags: ['transport'],
    body: doc(paragraph('Traffic flows again.')),
    takeaways: [],
    questions: [],
    publishedAt: '2026-12-07T10:00:00.000Z',
    updatedAt: '2026-12-07T10:00:00.000Z',
    html: `<h1>${headline}</h1>`,
  };
  const put = await fetch(new URL(`api/articles/${id}`, site.base), { method: 'PUT', headers: { authorization: `Bearer ${site.token}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() }, body: JSON.stringify(article) });
  expect(put.status, await put.text()).toBe(200);
}

/** Another reader's approved comment, there before the article is first read. */
async function othersComment(articleId: string, commentId: string, authorName: string, body: string): Promise<void> {
  const readerId = `other-${commentId}`;
  const at = new Date(Date.now() - 3_600_000).toISOString();
  await db.insertInto('readers').values({ id: readerId, email: `${readerId}@example.test`, sso_subject: null, display_name: authorName, status: 'active', created_at: at, deleted_at: null }).execute();
  await db
    .insertInto('comments')
    .values({ id: commentId, article_id: articleId, parent_id: null, author_id: readerId, author_name: authorName, body, status: 'approved', created_at: at, updated_at: at, seq: seq++, edited_at: null, deleted_at: null, decided_at: at })
    .execute();
}

/** Signs in by the mailed link, starting from the article; lands on the article (or, without scripts, the forms page). */
async function signIn(page: Page, slug: string, articleId: string, email: string, name: string, scripts = true, siteBase = base): Promise<void> {
  await page.goto(new URL(`${slug}/`, siteBase).href);
  if (scripts) {
    await page.getByRole('link', { name: 'Log in to comment' }).click();
  } else {
    await page.getByRole('link', { name: 'Log in to vote' }).click();
    await expect(page).toHaveURL(new RegExp(`/respond/${articleId}$`));
    await page.getByRole('link', { name: 'Log in to comment' }).click();
  }
  await page.getByLabel('Email address').fill(email);
  await page.getByRole('button', { name: 'Send me a sign-in link' }).click();
  await page.goto(mail.linkIn(await mail.next(email)));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByLabel('Display name').fill(name);
  await page.getByLabel('Display name').press('Enter');
  await expect(page).toHaveURL(new URL(scripts ? `${slug}/` : `respond/${articleId}`, siteBase).href);
}

/** The card of the comment whose text contains `text` (its actions and inline forms are inside it). */
const card = (page: Page, text: string): Locator => page.locator('article.comment__card').filter({ has: page.locator(':scope > .comment__text', { hasText: text }) });

/** Fails the test if anything reader-supplied runs: payloads set window.__pwned or open a dialog. */
function watch(page: Page): string[] {
  const seen: string[] = [];
  page.on('dialog', (dialog) => {
    seen.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('pageerror', (error) => seen.push(`error: ${error.message}`));
  return seen;
}

test('issue 14.3: a reader signed in by mail votes, comments, replies, sees Awaiting review, edits, deletes and reports, from the keyboard', async ({ page }) => {
  await publish('c-js', 'comments-js', 'Ferry timetable changes');
  await othersComment('c-js', 'bob-1', 'Bob', 'The early ferry matters most.');
  const seen = watch(page);
  await signIn(page, 'comments-js', 'c-js', 'ann@example.test', 'Ann');

  const status = page.locator('section.comments .comment-status');
  await page.getByRole('group', { name: 'Interesting?' }).getByRole('button', { name: 'Yes' }).click();
  await expect(page.locator('.vote-status')).toHaveText('Your vote is saved. Interesting: 1/1 • Support: 0/0');

  // Write: the labelled box under the comments; the new comment takes focus, marked for review.
  const box = page.getByLabel('Write a comment');
  await box.fill('First thought on the timetable.');
  await expect(page.locator('form.comment-form--new').getByText('Plain text, up to 5,000 characters', { exact: false })).toBeVisible();
  await box.press('Tab');
  await expect(page.getByRole('button', { name: 'Post comment' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(status).toHaveText('Your comment is saved and awaits review before other readers see it.');
  const mine = card(page, 'First thought on the timetable.');
  await expect(mine).toBeFocused();
  await expect(mine.locator('.comment__pending')).toHaveText('Awaiting review');
  await expect(box).toHaveValue('');

  // Reply to Bob: the same box opens in the thread, focused; Escape closes it and gives focus back.
  const bob = card(page, 'The early ferry matters most.');
  await bob.getByRole('button', { name: 'Reply' }).click();
  await expect(bob.getByLabel('Your reply')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(bob.getByLabel('Your reply')).toHaveCount(0);
  await expect(bob.getByRole('button', { name: 'Reply' })).toBeFocused();
  await page.keyboard.press('Enter');
  await page.keyboard.type('Agreed, and the last one too.');
  await bob.getByRole('button', { name: 'Post comment' }).click();
  const reply = card(page, 'Agreed, and the last one too.');
  await expect(reply).toBeFocused();
  await expect(page.locator('#comment-bob-1 > ol.comment-list--replies article.comment__card')).toContainText('Awaiting review');

  // Edit within the 10 minutes: the text is prefilled; Save puts focus back on Edit.
  await mine.getByRole('button', { name: 'Edit' }).click();
  const editing = mine.getByLabel('Your comment');
  await expect(editing).toHaveValue('First thought on the timetable.');
  await editing.fill('First thought on the new timetable.');
  await mine.getByRole('button', { name: 'Save changes' }).click();
  await expect(status).toHaveText('Your comment is changed and awaits review before other readers see it.');
  const edited = card(page, 'First thought on the new timetable.');
  await expect(edited.getByRole('button', { name: 'Edit' })).toBeFocused();

  // Delete the reply, after a question.
  await reply.getByRole('button', { name: 'Delete' }).click();
  await expect(reply.getByText('Delete this comment? This cannot be undone.')).toBeVisible();
  await reply.getByRole('button', { name: 'Yes, delete it' }).click();
  await expect(status).toHaveText('Your comment is deleted.');
  await expect(page.getByText('Agreed, and the last one too.')).toHaveCount(0);

  // Report Bob's comment (never one's own): a labelled group of reasons and an optional note.
  await expect(edited.getByRole('button', { name: 'Report' })).toHaveCount(0);
  await bob.getByRole('button', { name: 'Report' }).click();
  const reasons = bob.getByRole('group', { name: 'Why are you reporting this comment?' });
  await expect(reasons.getByRole('radio').first()).toBeFocused();
  await reasons.getByRole('radio', { name: 'Off topic' }).check();
  await bob.getByLabel('Anything the moderators should know (optional)').fill('It is about buses.');
  await bob.getByRole('button', { name: 'Send report' }).click();
  await expect(status).toHaveText('Thank you. The moderators will look at this comment.');
  await expect(bob.getByRole('button', { name: 'Report' })).toBeFocused();

  // After a reload: still there, still awaiting review; the deleted reply stays gone.
  await page.reload();
  await expect(card(page, 'First thought on the new timetable.').locator('.comment__pending')).toHaveText('Awaiting review');
  await expect(page.getByText('Agreed, and the last one too.')).toHaveCount(0);
  const rows = await db.selectFrom('comments').select(['body', 'status', 'deleted_at']).where('article_id', '=', 'c-js').where('author_name', '=', 'Ann').orderBy('created_at').execute();
  expect(rows.map((r) => [r.body, r.deleted_at === null])).toEqual([
    ['First thought on the new timetable.', true],
    ['Agreed, and the last one too.', false],
  ]);
  expect(await db.selectFrom('comment_reports').select(['reason', 'note']).where('comment_id', '=', 'bob-1').execute()).toEqual([{ reason: 'off_topic', note: 'It is about buses.' }]);
  expect(seen).toEqual([]);
});

test('issue 14.5: with JavaScript off the same reader flow works through plain forms and redirects', async ({ browser }) => {
  await publish('c-nojs', 'comments-nojs', 'Harbour dredging');
  await othersComment('c-nojs', 'cy-1', 'Cy', 'Dredging season again.');
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await signIn(page, 'comments-nojs', 'c-nojs', 'nojs-comments@example.test', 'Noor', false);
  const said = page.getByRole('status');
  const back = (key: string) => new RegExp(`/respond/c-nojs\\?said=${key}#comments$`);

  await page.getByRole('group', { name: 'Support?' }).getByRole('button', { name: 'Yes' }).click();
  await expect(said).toHaveText('Your vote is saved.');

  await page.getByLabel('Write a comment').fill('Plain form comment.');
  await page.locator('form.comment-form--new').getByRole('button', { name: 'Post comment' }).click();
  await expect(page).toHaveURL(back('commentAwaiting'));
  await expect(said).toHaveText('Your comment is saved and awaits review before other readers see it.');
  const mine = card(page, 'Plain form comment.');
  await expect(mine.locator('.comment__pending')).toHaveText('Awaiting review');

  const cy = card(page, 'Dredging season again.');
  await cy.locator('summary', { hasText: 'Reply' }).click();
  await cy.getByLabel('Your reply').fill('A plain reply.');
  await cy.getByRole('button', { name: 'Post comment' }).click();
  await expect(page).toHaveURL(back('commentAwaiting'));
  await expect(page.locator('#comment-cy-1 > ol.comment-list--replies')).toContainText('A plain reply.');

  await mine.locator('summary', { hasText: 'Edit' }).click();
  await expect(mine.getByLabel('Your comment')).toHaveValue('Plain form comment.');
  await mine.getByLabel('Your comment').fill('Plain form comment, edited.');
  await mine.getByRole('button', { name: 'Save changes' }).click();
  await expect(page).toHaveURL(back('commentEditedAwaiting'));
  await expect(card(page, 'Plain form comment, edited.').locator('.comment__pending')).toHaveText('Awaiting review');

  const reply = card(page, 'A plain reply.');
  await reply.locator('summary', { hasText: 'Delete' }).click();
  await reply.getByRole('button', { name: 'Yes, delete it' }).click();
  await expect(page).toHaveURL(back('commentDeleted'));
  await expect(said).toHaveText('Your comment is deleted.');
  await expect(page.getByText('A plain reply.')).toHaveCount(0);

  await cy.locator('summary', { hasText: 'Report' }).click();
  await cy.getByRole('group', { name: 'Why are you reporting this comment?' }).getByRole('radio', { name: 'Spam or advertising' }).check();
  await cy.getByRole('button', { name: 'Send report' }).click();
  await expect(page).toHaveURL(back('commentReported'));
  await expect(said).toHaveText('Thank you. The moderators will look at this comment.');
  expect(await db.selectFrom('comment_reports').select('reason').where('comment_id', '=', 'cy-1').execute()).toEqual([{ reason: 'spam' }]);
  await context.close();
});

for (const scheme of ['light', 'dark'] as const) {
  test(`issue 14.6: the article page with the comment widgets has no axe violations, signed out and in (${scheme})`, async ({ page }) => {
    const id = `c-axe-${scheme}`;
    await publish(id, `comments-axe-${scheme}`, `Axe story ${scheme}`);
    await othersComment(id, `axe-${scheme}-1`, 'Dee', 'A comment to act on.');
    await page.emulateMedia({ colorScheme: scheme });
    const found: string[] = [];
    const check = async (state: string) => {
      const results = await new AxeBuilder({ page }).analyze();
      found.push(...results.violations.flatMap((v) => v.nodes.map((n) => `${state}: ${v.id} ${n.target.join(' ')} — ${n.failureSummary ?? ''}`)));
    };
    await page.goto(new URL(`comments-axe-${scheme}/`, base).href);
    await expect(page.getByRole('link', { name: 'Log in to comment' })).toBeVisible();
    await check('signed out');
    await signIn(page, `comments-axe-${scheme}`, id, `axe-comments-${scheme}@example.test`, `Axe ${scheme}`);
    await expect(page.getByLabel('Write a comment')).toBeVisible();
    await page.getByLabel('Write a comment').fill('Mine, awaiting review.');
    await page.getByRole('button', { name: 'Post comment' }).click();
    await expect(page.locator('.comment__pending')).toHaveText('Awaiting review');
    await check('signed in');
    const other = card(page, 'A comment to act on.');
    await other.getByRole('button', { name: 'Report' }).click();
    await check('report form open');
    await other.getByRole('button', { name: 'Reply' }).click();
    await check('reply form open');
    await page.goto(new URL(`respond/${id}`, base).href);
    await check('plain-form page');
    expect(found).toEqual([]);
  });
}

/** Payloads that set window.__pwned if they ever run. */
const XSS = [
  `<img src=x onerror="window.__pwned='img'">`,
  `<script>window.__pwned='script'</script>`,
  `"><svg onload="window.__pwned='svg'">`,
  `</textarea><iframe srcdoc="<script>parent.__pwned='iframe'</script>"></iframe>`,
  `javascript:window.__pwned='href' <a href="javascript:window.__pwned='a'">link</a> <b onmouseover="window.__pwned='b'">x</b>`,
];

test('issue 14.5: hostile comment bodies, report notes and display names run nothing; oversize, control-character and invalid-UTF-8 input is refused whole', async ({ page }) => {
  await publish('c-xss', 'comments-xss', 'Hostile readers');
  // Another reader's approved comments, as the shared renderer shows them to everyone.
  for (const [i, payload] of XSS.entries()) await othersComment('c-xss', `x-${i}`, payload, `approved ${i}: ${payload}`);
  const seen = watch(page);
  await signIn(page, 'comments-xss', 'c-xss', 'xss@example.test', XSS[0]!);

  const box = page.getByLabel('Write a comment');
  const status = page.locator('section.comments .comment-status');
  // Refused whole, each with a sentence in the form's live region (and not counted as writes).
  const refusal = page.locator('form.comment-form--new .comment-form__status');
  await box.fill('x'.repeat(5_001));
  await page.getByRole('button', { name: 'Post comment' }).click();
  await expect(refusal).toHaveText('A comment can be at most 5,000 characters; yours has 5,001. Shorten it and try again.');
  await box.fill('bell \u0007 and escape \u001b[31m');
  await page.getByRole('button', { name: 'Post comment' }).click();
  await expect(refusal).toHaveText('Your comment holds characters that are not ordinary text. Remove them and try again.');
  // Invalid UTF-8 can only come from outside a browser form: the same endpoint, raw bytes.
  const formToken = await page.locator('form.reader-sign-out input[name="_csrf"]').inputValue();
  const raw = await page.request.post(new URL('live/c-xss/comments', base).href, {
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: new URL(base).origin },
    data: Buffer.concat([Buffer.from(`_csrf=${formToken}&body=`), Buffer.from([0xc3, 0x28, 0xff, 0xfe])]),
  });
  // Refused whole (the form cannot be read, so neither can its token), answered with the forms page.
  expect([400, 403]).toContain(raw.status());
  expect(await raw.text()).toContain('<p role="status">');

  // Bodies the reader writes (drawn by the script as awaiting review), one of each payload.
  for (const [i, payload] of XSS.entries()) {
    await box.fill(`mine ${i}: ${payload}`);
    await page.getByRole('button', { name: 'Post comment' }).click();
    await expect(status).toHaveText('Your comment is saved and awaits review before other readers see it.');
    await expect(card(page, `mine ${i}:`)).toBeFocused();
    await status.evaluate((node) => (node.textContent = ''));
  }
  // A sixth within the minute is one too many for one reader: refused with the seconds to wait.
  await box.fill('One more.');
  await page.getByRole('button', { name: 'Post comment' }).click();
  await expect(refusal).toHaveText(/^You are doing that too often\. Try again in \d+ seconds\.$/);
  // A report whose note is a payload.
  const target = card(page, 'approved 0:');
  await target.getByRole('button', { name: 'Report' }).click();
  await target.getByRole('radio', { name: 'Something else' }).check();
  await target.getByLabel('Anything the moderators should know (optional)').fill(XSS[1]!);
  await target.getByRole('button', { name: 'Send report' }).click();
  await expect(status).toHaveText('Thank you. The moderators will look at this comment.');

  // Every page that shows them: the article (script-drawn and server-rendered), the forms page.
  for (const path of ['comments-xss/', 'respond/c-xss']) {
    await page.goto(new URL(path, base).href);
    await expect(page.locator('#comments, section.comments').first()).toContainText(`mine ${XSS.length - 1}:`);
    // The reader's own display name, a payload too, is shown as text.
    await expect(page.getByText(`Signed in as ${XSS[0]!}`).first()).toBeVisible();
    expect(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBeUndefined();
    await expect(page.locator('section.comments :is(img, svg, script, iframe, b)')).toHaveCount(0);
    await expect(page.locator('section.comments a[href^="javascript:"]')).toHaveCount(0);
    for (const [i, payload] of XSS.entries()) {
      await expect(card(page, `mine ${i}:`).locator('.comment__text')).toHaveText(`mine ${i}: ${payload}`);
      await expect(card(page, `approved ${i}:`).locator('.comment__author')).toHaveText(payload);
    }
  }
  // Stored exactly as written, or not at all: five comments, no part of the refused ones.
  const stored = await db.selectFrom('comments').select('body').where('article_id', '=', 'c-xss').where('author_id', 'not like', 'other-%').orderBy('created_at').execute();
  expect(stored.map((r) => r.body)).toEqual(XSS.map((payload, i) => `mine ${i}: ${payload}`.trim()));
  expect(await db.selectFrom('comment_reports').select('note').where('comment_id', '=', 'x-0').execute()).toEqual([{ note: XSS[1] }]);
  expect(seen).toEqual([]);
});

test('issue 14.3: under post-moderation a comment shows at once; its author may edit it within the 10 minutes and delete it, and no one else may', async ({ browser }) => {
  const postData = mkdtempSync(join(tmpdir(), 'copydesk-site-post-'));
  const postToken = execFileSync(process.execPath, ['bin/copydesk.js', 'site', 'token', 'create', '--name', 'e2e', '--data', postData], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  const [postServer, postBase] = await spawnServer(['--data', postData, '--smtp', mail.url, '--comment-moderation', 'post']);
  try {
    await publish('c-post', 'comments-post', 'Post-moderated story', { base: postBase, token: postToken });
    const context = await browser.newContext();
    const page = await context.newPage();
    const seen = watch(page);
    await signIn(page, 'comments-post', 'c-post', 'post@example.test', 'Pia', true, postBase);
    const status = page.locator('section.comments .comment-status');
    await page.getByLabel('Write a comment').fill('Shown straight away.');
    await page.getByRole('button', { name: 'Post comment' }).click();
    await expect(status).toHaveText('Your comment is published.');
    const mine = card(page, 'Shown straight away.');
    await expect(mine.locator('.comment__pending')).toHaveCount(0);
    // After a reload the page still knows it is hers and still editable (me.json).
    await page.reload();
    await expect(mine.getByRole('button', { name: 'Edit' })).toBeVisible();
    await expect(mine.getByRole('button', { name: 'Report' })).toHaveCount(0);
    await mine.getByRole('button', { name: 'Edit' }).click();
    await mine.getByLabel('Your comment').fill('Shown straight away, and corrected.');
    await mine.getByRole('button', { name: 'Save changes' }).click();
    await expect(status).toHaveText('Your comment is changed.');

    // Another reader sees it, may reply to or report it, but not edit or delete it.
    const other = await (await browser.newContext()).newPage();
    await signIn(other, 'comments-post', 'c-post', 'post-other@example.test', 'Otto', true, postBase);
    const theirs = card(other, 'Shown straight away, and corrected.');
    await expect(theirs.getByRole('button')).toHaveText(['Reply', 'Report']);

    // Its author deletes it: gone for her, and for the other reader on their next view.
    const corrected = card(page, 'Shown straight away, and corrected.');
    await corrected.getByRole('button', { name: 'Delete' }).click();
    await corrected.getByRole('button', { name: 'Yes, delete it' }).click();
    await expect(status).toHaveText('Your comment is deleted.');
    await other.reload();
    await expect(other.locator('section.comments')).toContainText('No comments yet.');
    expect(seen).toEqual([]);
    await context.close();
  } finally {
    const exited = new Promise((resolve) => postServer.once('exit', resolve));
    postServer.kill('SIGTERM');
    await exited;
    rmSync(postData, { recursive: true, force: true });
  }
});
