/// <reference lib="dom" />
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';

interface Envelope<T> {
  ok: boolean;
  value: T;
  error?: { message: string };
}

/** A contract call over the web host's HTTP API, with the page's session cookie. */
async function call<T>(page: Page, name: string, input: unknown): Promise<T> {
  const response = await page.request.post(new URL(`/api/${name}`, page.url()).href, { data: input ?? {} });
  const body = (await response.json()) as Envelope<T>;
  expect(body.ok, body.error?.message).toBe(true);
  return body.value;
}

async function sampleArticle(page: Page): Promise<{ id: string; headline: string }> {
  const [article] = await call<{ id: string; headline: string }[]>(page, 'articles:list', {});
  return article!;
}

function comment(n: number, articleId: string, author: string, body: string, extra: Record<string, unknown> = {}) {
  return {
    remoteId: `e2e-${n}`,
    articleId,
    author: { remoteId: `e2e-${author.toLowerCase()}`, displayName: author, createdAt: '2024-01-01T00:00:00.000Z' },
    body,
    createdAt: new Date(Date.UTC(2026, 2, 3, 8, n)).toISOString(),
    ...extra,
  };
}

async function importComments(page: Page, items: unknown[]) {
  await call(page, 'moderation:import', { kind: 'comments', text: JSON.stringify(items) });
}

async function openModeration(page: Page) {
  await page.getByRole('navigation', { name: 'Workspace' }).getByRole('button', { name: 'Moderation' }).click();
  await expect(page.getByRole('tablist', { name: 'Queues' })).toBeVisible();
}

const pendingCount = (page: Page) => page.getByRole('tab', { name: /^Pending/ }).locator('.mod-count');
const focusedCard = (page: Page) => page.locator('.mod-card.is-focused');

/** The decision a moderator makes from a comment's text: abuse is rejected, links and ads are spam. */
function decide(text: string): 'reject' | 'spam' | 'approve' {
  if (/moron|idiot|council!/i.test(text)) return 'reject';
  if (/https?:|javascript:|cheap|\.com/i.test(text)) return 'spam';
  return 'approve';
}

test('a moderator clears a queue of 20 with the keyboard alone, bans, undoes, voids a duplicate vote; the page shows the result', async ({ page, served }) => {
  test.setTimeout(90_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(served.url);
  const article = await sampleArticle(page);

  // The sample workspace seeds 13 pending comments; 7 more make a queue of 20 mixed comments.
  await importComments(page, [
    comment(1, article.id, 'Iris', 'When does the work start on Elm Street?'),
    comment(2, article.id, 'Jon', 'Cheap water filters at https://filters.example/deal'),
    comment(3, article.id, 'Kim', 'Only a moron would believe this plan.', { reports: { count: 2, reasons: ['insult'] } }),
    comment(4, article.id, 'Lea', 'Line one of my question.\nLine two: will renters pay?'),
    comment(5, article.id, 'Max', 'Thank you for the clear graphics.'),
    comment(6, article.id, 'Nia', 'Buy cheap pipes now https://pipes.example'),
    comment(7, article.id, 'Oto', 'Our landlord says nothing about this.'),
  ]);

  await openModeration(page);
  await expect(pendingCount(page)).toHaveText('20');
  await expect(focusedCard(page)).toBeFocused();

  // j/k move the focus; the focused card has the keyboard focus.
  const idAt = async () => focusedCard(page).getAttribute('data-comment-id');
  const first = await idAt();
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  await page.keyboard.press('k');
  await expect(focusedCard(page)).toBeFocused();
  expect(await idAt()).not.toBe(first);
  await expect(page.locator('.mod-card').nth(1)).toHaveClass(/is-focused/);

  let rejected = 0;
  let undone = false;
  let banned = false;
  const approvedTexts: string[] = [];
  const removedTexts: string[] = [];
  for (let step = 0; step < 40; step += 1) {
    // The list empties before the tab's count refreshes: trust the list, then check the count.
    if ((await pendingCount(page).textContent()) === '0' || (await page.locator('.mod-card').count()) === 0) {
      await expect(pendingCount(page)).toHaveText('0');
      break;
    }
    const card = focusedCard(page);
    await expect(card).toBeFocused();
    const id = (await card.getAttribute('data-comment-id'))!;
    const text = await card.locator('.mod-body').innerText();
    const author = await card.locator('.mod-author-name').innerText();

    if (!banned && author === 'Greg') {
      // b: ban the author, with a reason picked by its number.
      await page.keyboard.press('b');
      const dialog = page.getByRole('dialog', { name: 'Ban author' });
      await expect(dialog).toBeVisible();
      await page.keyboard.press('2');
      await page.keyboard.press('Enter');
      await expect(dialog).toBeHidden();
      await expect(card.locator('.mod-badge-banned')).toHaveText('Banned');
      await expect(card).toBeFocused();
      banned = true;
    }

    const decision = decide(text);
    if (decision === 'reject') {
      await page.keyboard.press('r');
      const dialog = page.getByRole('dialog', { name: 'Reject' });
      await expect(dialog).toBeVisible();
      await page.keyboard.press('2'); // abuse
      await expect(dialog.getByRole('radio', { name: /Abuse/ })).toBeChecked();
      await page.keyboard.press('Enter');
      await expect(dialog).toBeHidden();
      rejected += 1;
    } else {
      await page.keyboard.press(decision === 'spam' ? 's' : 'a');
    }
    await expect(page.locator(`.mod-card[data-comment-id="${id}"]`)).toHaveCount(0);

    if (decision === 'reject' && !undone) {
      // Ctrl/⌘+Z: the reject is undone and the comment is back in the queue, focused.
      await expect(page.getByRole('status').filter({ hasText: 'Rejected 1 comment' })).toBeVisible();
      await page.keyboard.press('ControlOrMeta+z');
      await expect(page.getByRole('status').filter({ hasText: 'Undone: Rejected 1 comment' })).toBeVisible();
      const back = page.locator(`.mod-card[data-comment-id="${id}"]`);
      await expect(back).toBeVisible();
      await expect(back).toBeFocused();
      await expect(back.locator('.mod-status')).toHaveText('pending');
      undone = true;
      continue;
    }
    (decision === 'approve' ? approvedTexts : removedTexts).push(text);
  }
  await expect(pendingCount(page)).toHaveText('0');
  await expect(page.getByText('Pending is empty')).toBeVisible();
  expect(undone).toBe(true);
  expect(banned).toBe(true);
  expect(rejected).toBeGreaterThanOrEqual(2);
  expect(approvedTexts.length).toBeGreaterThan(5);
  expect(removedTexts.length).toBeGreaterThan(3);

  // The ban and the decisions are in the audit log.
  await page.getByRole('button', { name: 'Audit log', exact: true }).click();
  const audit = page.getByRole('region', { name: 'Audit log' });
  // In words (issue 15.13): who was banned, and no "Not sent" while there is no remote site.
  await expect(audit.getByRole('cell', { name: 'Banned author Greg', exact: true })).toBeVisible();
  await expect(audit.getByRole('cell', { name: /^Rejected “/ }).first()).toBeVisible();
  await expect(audit.getByText('Not sent')).toHaveCount(0);

  // Votes: void the duplicate vote from its fraud signal; the tallies drop by one on that axis.
  await page.getByRole('button', { name: 'Votes', exact: true }).click();
  const tallies = page.getByLabel('Vote tallies');
  await expect(tallies).toContainText('Support:');
  const before = /Support: (\d+)\/(\d+)/.exec((await tallies.textContent())!)!;
  const duplicate = page.getByRole('region', { name: /Same voter twice/ });
  await expect(duplicate.getByRole('row')).toHaveCount(3);
  await duplicate.getByRole('button', { name: 'Void 1 vote' }).click();
  const after = `Support: ${Number(before[1]) - 1}/${Number(before[2]) - 1}`;
  await expect(tallies).toContainText(after);
  await expect(duplicate.locator('tr.is-void')).toHaveCount(1);
  await expect(duplicate.getByRole('button', { name: /^Restore vote/ })).toHaveCount(1);

  // The published page (the preview renders the shared page renderer): new tallies, approved comments only.
  await page.getByRole('navigation', { name: 'Workspace' }).getByRole('button', { name: 'Articles' }).click();
  await page.getByRole('navigation', { name: 'Library' }).getByText(article.headline.slice(0, 25), { exact: false }).click();
  await page.getByRole('button', { name: 'Preview', exact: true }).click();
  const frame = page.frameLocator('iframe[title="Article preview"]');
  await expect(frame.locator('.article-votes')).toContainText(after);
  const approved = await call<{ items: { comment: { body: string } }[] }>(page, 'moderation:queue', { queue: 'approved', limit: 100 });
  await expect(frame.locator('.comment__text')).toHaveCount(approved.items.length);
  for (const text of approvedTexts.slice(0, 3)) await expect(frame.locator('.comments')).toContainText(text.split('\n')[0]!);
  for (const text of removedTexts) await expect(frame.locator('.comments')).not.toContainText(text.split('\n')[0]!.slice(0, 30));
  expect(errors).toEqual([]);
});

test('comments that arrive while a moderator works wait behind "Show N new comments"; the cards do not move', async ({ page, served }) => {
  await page.goto(served.url);
  const article = await sampleArticle(page);
  await openModeration(page);
  await expect(focusedCard(page)).toBeFocused();
  await page.keyboard.press('j');
  const focusedId = await focusedCard(page).getAttribute('data-comment-id');
  const cardsBefore = await page.locator('.mod-card').evaluateAll((cards) => cards.map((c) => c.getAttribute('data-comment-id')));

  // Another client (a sync, an import in another window) adds two comments, newer than any shown.
  await importComments(page, [
    comment(301, article.id, 'Pia', 'Arrived during the shift', { createdAt: '2027-02-01T00:00:00.000Z' }),
    comment(302, article.id, 'Quin', 'Also arrived during the shift', { createdAt: '2027-02-01T00:01:00.000Z' }),
  ]);
  const show = page.getByRole('button', { name: 'Show 2 new comments' });
  await expect(show).toBeVisible();
  await expect(pendingCount(page)).toHaveText(String(cardsBefore.length + 2));
  // Nothing moved under the keyboard: same cards, same focus.
  expect(await page.locator('.mod-card').evaluateAll((cards) => cards.map((c) => c.getAttribute('data-comment-id')))).toEqual(cardsBefore);
  await expect(focusedCard(page)).toHaveAttribute('data-comment-id', focusedId!);

  await show.click();
  await expect(show).toHaveCount(0);
  await expect(page.locator('.mod-card').first()).toContainText('Also arrived during the shift');
  await expect(page.locator('.mod-card')).toHaveCount(cardsBefore.length + 2);

  // The moderator's own action is not an arrival.
  await focusedCard(page).focus();
  await page.keyboard.press('a');
  await expect(page.locator('.mod-card')).toHaveCount(cardsBefore.length + 1);
  await page.waitForTimeout(800);
  await expect(page.getByRole('button', { name: /Show \d+ new comment/ })).toHaveCount(0);
});

test('hostile comment text renders as literal text in the card: no img or script elements', async ({ page, served }) => {
  await page.goto(served.url);
  const article = await sampleArticle(page);
  const hostile = '<img src=x onerror="window.__pwned=1"> and <script>window.__pwned=2</script>\nsecond line';
  await importComments(page, [comment(99, article.id, '<b>Mallory</b>', hostile, { createdAt: '2027-01-01T00:00:00.000Z' })]);
  await openModeration(page);
  await page.keyboard.press('/');
  await expect(page.getByRole('searchbox', { name: 'Search comments' })).toBeFocused();
  await page.keyboard.type('pwned');
  // Typing in the search box fires no shortcut (the 'p', 'n', 'd' keys stayed text).
  await expect(page.locator('.mod-card')).toHaveCount(1);
  const card = page.locator('.mod-card').first();
  await expect(card.locator('.mod-body')).toContainText('<img src=x onerror="window.__pwned=1"> and <script>window.__pwned=2</script>');
  await expect(card.locator('.mod-author-name')).toHaveText('<b>Mallory</b>');
  await expect(card.locator('img, script, b')).toHaveCount(0);
  // Line breaks are kept (white-space: pre-wrap), inside a <bdi> isolate.
  expect(await card.locator('.mod-body bdi').evaluate((el) => getComputedStyle(el).whiteSpace)).toBe('pre-wrap');
  expect(await card.locator('.mod-body bdi').innerText()).toContain('\nsecond line');
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
});

test('rules editor: an invalid pattern shows the core error; "Test against this text" shows what matches', async ({ page, served }) => {
  await page.goto(served.url);
  await openModeration(page);
  await page.getByRole('button', { name: 'Rules', exact: true }).click();
  const form = page.getByRole('form', { name: 'New rule' });
  await form.getByLabel(/Word or phrase/).fill('');
  await form.getByRole('button', { name: 'Create rule' }).click();
  await expect(form.getByRole('alert')).toBeVisible();
  await form.getByLabel(/Word or phrase/).fill('scam*');
  await form.getByLabel('Test against this text').fill('This is a scammer site');
  await form.getByRole('button', { name: 'Test this rule' }).click();
  await expect(form.getByRole('status', { name: 'Test result' })).toContainText('matches “scammer” → Reject');
  await form.getByRole('button', { name: 'Create rule' }).click();
  await expect(page.getByRole('cell', { name: 'scam*', exact: true })).toBeVisible();

  // The ? dialog lists the shortcuts (back in the queue).
  await page.getByRole('button', { name: 'Comments', exact: true }).click();
  await page.locator('.mod-card').first().click();
  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toContainText('Undo the last action');
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();
  // 3 switches to the Unmoderated queue.
  await page.keyboard.press('3');
  await expect(page.getByRole('tab', { name: /^Unmoderated/ })).toHaveAttribute('aria-selected', 'true');
});
