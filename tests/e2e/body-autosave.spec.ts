import { test, expect, newArticle } from './fixtures';

/**
 * Issue 3: the body is serialized when a save starts, not per keystroke. These pin down that a
 * body edit still reaches the store when a field is edited right after it and the article is
 * left at once, before any debounce ran.
 */
test('body keys typed just before a headline edit and a switch to another article are saved', async ({ page, served }) => {
  await page.goto(served.url);
  await newArticle(page);
  await page.getByLabel('Headline', { exact: true }).fill('Switch test');
  const body = page.getByRole('textbox', { name: 'Body' });
  await body.click();
  await page.keyboard.type('Typed just before leaving.');
  // A field edit while the body's newest state is not serialized yet: its save must carry both.
  await page.getByLabel('Headline', { exact: true }).fill('Switch test, edited');

  const library = page.getByRole('navigation', { name: 'Library' });
  await library.getByText('Harbor City council approves', { exact: false }).click();
  await expect(page.getByLabel('Headline', { exact: true })).toHaveValue(/Harbor City/);

  await page.reload();
  await library.getByText('Switch test, edited').click();
  await expect(page.getByLabel('Headline', { exact: true })).toHaveValue('Switch test, edited');
  await expect(page.getByRole('textbox', { name: 'Body' })).toHaveText('Typed just before leaving.');
});
