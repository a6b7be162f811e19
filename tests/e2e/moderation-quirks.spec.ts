import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';

/** A contract call over the web host's HTTP API, with the page's session cookie. */
async function call<T>(page: Page, name: string, input: unknown): Promise<T> {
  const response = await page.request.post(new URL(`/api/${name}`, page.url()).href, { data: input });
  const body = (await response.json()) as { ok: boolean; value: T; error?: { message: string } };
  expect(body.ok, body.error?.message).toBe(true);
  return body.value;
}

const comment = (n: number, articleId: string, author: string, body: string) => ({
  remoteId: `quirk-${n}`,
  articleId,
  author: { remoteId: `quirk-${author.toLowerCase()}`, displayName: author, createdAt: '2024-01-01T00:00:00.000Z' },
  body,
  createdAt: new Date(Date.UTC(2026, 2, 3, 8, n)).toISOString(),
});

const tab = (page: Page, name: string) => page.getByRole('tab', { name: new RegExp(`^${name}`) }).locator('.mod-count');
const focusedCard = (page: Page) => page.locator('.mod-card.is-focused');
const toast = (page: Page, text: string) => page.getByRole('status').filter({ hasText: text });

test('issue 15.14: tab counts follow the Article filter, Esc and j return to the queue, and the undo toast leaves with its view', async ({ page, served }) => {
  test.setTimeout(90_000);
  await page.goto(served.url);
  const ferry = await call<{ id: string }>(page, 'articles:create', { headline: 'Ferry timetable changes this winter' });
  await call(page, 'moderation:import', {
    kind: 'comments',
    text: JSON.stringify([comment(1, ferry.id, 'Iris', 'Will the early boat still run on Sundays?'), comment(2, ferry.id, 'Jon', 'The 7:10 is always late anyway.')]),
  });

  await page.getByRole('navigation', { name: 'Workspace' }).getByRole('button', { name: 'Moderation' }).click();
  // The sample article's 13 pending comments and the ferry story's 2.
  await expect(tab(page, 'Pending')).toHaveText('15');

  // Choose the ferry story with the keyboard alone (it is the newest, first after "All articles").
  const articleFilter = page.getByRole('combobox', { name: 'Article', exact: true });
  await articleFilter.focus();
  await page.keyboard.press('ArrowDown');
  await expect(articleFilter).toHaveValue(ferry.id);
  await expect(page.locator('.mod-card')).toHaveCount(2);
  await expect(tab(page, 'Pending')).toHaveText('2');
  await expect(tab(page, 'Approved')).toHaveText('0');

  // Esc gives the keyboard back to the queue; j moves to the next comment.
  await page.keyboard.press('Escape');
  await expect(focusedCard(page)).toBeFocused();
  const first = await focusedCard(page).getAttribute('data-comment-id');
  await page.keyboard.press('j');
  await expect(focusedCard(page)).toBeFocused();
  expect(await focusedCard(page).getAttribute('data-comment-id')).not.toBe(first);

  // Reject it: the toast offers Undo, and the count (still for the ferry story) goes down.
  await page.keyboard.press('r');
  const dialog = page.getByRole('dialog', { name: 'Reject' });
  await page.keyboard.press('2');
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(toast(page, 'Rejected 1 comment')).toBeVisible();
  await expect(tab(page, 'Pending')).toHaveText('1');

  // Another section: the toast goes, and does not come back with the queue.
  const sections = page.getByRole('navigation', { name: 'Moderation sections' });
  await sections.getByRole('button', { name: 'Votes', exact: true }).click();
  await expect(toast(page, 'Rejected 1 comment')).toBeHidden();
  await sections.getByRole('button', { name: 'Comments', exact: true }).click();
  await expect(page.locator('.mod-card')).toHaveCount(1);
  await expect(toast(page, 'Rejected 1 comment')).toBeHidden();

  // Another screen too.
  await focusedCard(page).focus();
  await page.keyboard.press('a');
  await expect(toast(page, 'Approved 1 comment')).toBeVisible();
  const workspace = page.getByRole('navigation', { name: 'Workspace' });
  await workspace.getByRole('button', { name: 'Articles' }).click();
  await workspace.getByRole('button', { name: 'Moderation' }).click();
  await expect(page.getByRole('tablist', { name: 'Queues' })).toBeVisible();
  await expect(toast(page, 'Approved 1 comment')).toBeHidden();
});
