import { test, expect, newArticle } from './fixtures';

/**
 * Issue 15.4: edits this browser kept are replayed only over the version they were based on. When
 * the article was saved elsewhere since, they are offered, never silently written over it.
 */
test('issue 15.4: kept edits never overwrite a newer saved version unless the writer chooses them', async ({ page, served, browser }) => {
  test.setTimeout(120_000);
  await page.goto(served.url);
  await newArticle(page);
  await page.getByLabel('Headline', { exact: true }).fill('Two desks');
  await page.getByRole('textbox', { name: 'Body' }).click();
  await page.keyboard.type('Written at the first desk.');
  await expect(page.locator('.save-status')).toHaveText('Saved');

  // Another browser (another desk) saves a newer version.
  const elsewhere = await browser.newContext();
  const other = await elsewhere.newPage();
  await other.goto(served.url);
  await other.getByRole('navigation', { name: 'Library' }).getByText('Two desks').click();
  await other.getByLabel('Summary', { exact: true }).fill('Summary from the second desk.');
  await expect(other.locator('.save-status')).toHaveText('Saved');

  await page.keyboard.type(' More from the first desk.');
  await expect(page.locator('.save-status')).toHaveText('Not saved — changed elsewhere');
  await page.getByRole('button', { name: 'Reload' }).click();

  // The saved version is shown, and the kept edits are offered rather than written over it.
  const notice = page.getByRole('alert').filter({ hasText: 'has been saved since' });
  await expect(notice).toBeVisible();
  await expect(page.getByLabel('Summary', { exact: true })).toHaveValue('Summary from the second desk.');
  await expect(page.getByRole('textbox', { name: 'Body' })).toHaveText('Written at the first desk.');

  await notice.getByRole('button', { name: 'Use my kept edits' }).click();
  await expect(notice).toBeHidden();
  await expect(page.getByRole('textbox', { name: 'Body' })).toHaveText('Written at the first desk. More from the first desk.');

  await other.reload();
  await other.getByRole('navigation', { name: 'Library' }).getByText('Two desks').click();
  await expect(other.getByRole('textbox', { name: 'Body' })).toHaveText('Written at the first desk. More from the first desk.');
  await elsewhere.close();
});
