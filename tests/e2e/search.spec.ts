import type { Page } from '@playwright/test';
import { test, expect, newArticle } from './fixtures';

async function writeArticle(page: Page, fields: { section: string; headline: string; tags: string; body: string }) {
  await newArticle(page);
  await page.getByLabel('Section', { exact: true }).fill(fields.section);
  await page.getByLabel('Headline', { exact: true }).fill(fields.headline);
  await page.getByLabel('Tags', { exact: true }).fill(fields.tags);
  await page.getByRole('textbox', { name: 'Body' }).click();
  await page.keyboard.type(fields.body);
  await expect(page.getByRole('status').filter({ hasText: /^Saved$/ })).toBeVisible({ timeout: 5_000 });
}

test('search finds a word in the body and highlights it; section, tag and sort narrow and order the library', async ({ page, served }) => {
  await page.goto(served.url);
  await writeArticle(page, { section: 'Environment', headline: 'Quarry noise complaints', tags: 'quarry, noise', body: 'Residents reported xylophonic rumbles at night.' });
  await writeArticle(page, { section: 'Politics', headline: 'Alpha council note', tags: 'council', body: 'Nothing unusual here.' });

  const library = page.getByRole('navigation', { name: 'Library' });
  const titles = library.locator('.article-list .article-item-title');

  const search = library.getByLabel('Search articles');
  await search.fill('xylophonic');
  await expect(titles).toHaveText(['Quarry noise complaints']);
  const mark = library.locator('.article-list mark');
  await expect(mark).toHaveText(['xylophonic']);
  await expect(library.getByRole('status')).toHaveText('1 article found');

  // Escape in the box clears the search and brings every article back.
  await search.press('Escape');
  await expect(search).toHaveValue('');
  await expect(titles).toHaveCount(3);

  await library.getByLabel('Filter by section').selectOption('Politics');
  await expect(titles).toHaveText(['Alpha council note']);
  await library.getByLabel('Filter by section').selectOption('');
  await library.getByLabel('Filter by tag').selectOption('quarry');
  await expect(titles).toHaveText(['Quarry noise complaints']);
  await library.getByLabel('Filter by tag').selectOption('');
  await expect(titles).toHaveCount(3);

  // Newest first by default; by title on request (the sample article is "Harbor City …").
  await expect(titles.first()).toHaveText('Alpha council note');
  await library.getByLabel('Sort by').selectOption({ label: 'Title' });
  await expect(titles).toHaveText(['Alpha council note', /^Harbor City council/, 'Quarry noise complaints']);
  await library.getByLabel('Sort by').selectOption({ label: 'Last updated' });
  await expect(titles).toHaveText(['Alpha council note', 'Quarry noise complaints', /^Harbor City council/]);
});

test('"/" focuses the search box, and search also works in the trash', async ({ page, served }) => {
  await page.goto(served.url);
  await writeArticle(page, { section: 'Environment', headline: 'Spiked quarry story', tags: 'quarry', body: 'A zymurgical aside.' });
  await page.getByRole('button', { name: 'Move to trash' }).click();

  const library = page.getByRole('navigation', { name: 'Library' });
  const titles = library.locator('.article-list .article-item-title');
  await page.locator('body').click({ position: { x: 5, y: 790 } });
  await page.keyboard.press('/');
  const search = library.getByLabel('Search articles');
  await expect(search).toBeFocused();
  await page.keyboard.type('zymurgical');
  await expect(library.getByText('Nothing matches “zymurgical”.')).toBeVisible();

  await library.getByLabel('Filter by status').selectOption({ label: 'Trash' });
  await expect(titles).toHaveText(['Spiked quarry story']);
  await expect(library.locator('.article-list mark')).toHaveText(['zymurgical']);
});
