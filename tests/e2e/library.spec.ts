import { test, expect, newArticle } from './fixtures';

test('the sample article is listed on first run', async ({ page, served }) => {
  await page.goto(served.url);
  const library = page.getByRole('navigation', { name: 'Library' });
  await expect(library.getByText('Harbor City council approves', { exact: false })).toBeVisible();
});

test('an article created and filled in the browser survives a reload', async ({ page, served }) => {
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));

  await page.goto(served.url);
  await newArticle(page);

  await page.getByLabel('Section', { exact: true }).fill('World');
  await page.getByLabel('Headline', { exact: true }).fill('Ministers meet over mineral supply chains');
  await page.getByLabel('Summary', { exact: true }).fill('Finance ministers met in Washington.');
  await page.getByLabel('Byline', { exact: true }).fill('Jane Doe, John Roe');
  await page.getByLabel('Tags', { exact: true }).fill('minerals, trade');
  await page.getByLabel('Slug', { exact: true }).fill('ministers-meet');
  await page.getByLabel('Status', { exact: true }).selectOption({ label: 'In review' });

  const body = page.getByRole('textbox', { name: 'Body' });
  await body.click();
  await page.keyboard.type('The meeting opened with ');
  await page.keyboard.press('ControlOrMeta+b');
  await page.keyboard.type('a warning');
  await page.keyboard.press('ControlOrMeta+b');
  await page.keyboard.type('.');
  await page.keyboard.press('Enter');
  await page.keyboard.type('Second paragraph.');

  await expect(page.getByRole('status').filter({ hasText: /^Saved$/ })).toBeVisible({ timeout: 5_000 });
  await page.reload();

  const library = page.getByRole('navigation', { name: 'Library' });
  await library.getByText('Ministers meet over mineral supply chains').click();
  await expect(page.getByLabel('Section', { exact: true })).toHaveValue('World');
  await expect(page.getByLabel('Headline', { exact: true })).toHaveValue('Ministers meet over mineral supply chains');
  await expect(page.getByLabel('Summary', { exact: true })).toHaveValue('Finance ministers met in Washington.');
  await expect(page.getByLabel('Byline', { exact: true })).toHaveValue('Jane Doe, John Roe');
  await expect(page.getByLabel('Tags', { exact: true })).toHaveValue('minerals, trade');
  await expect(page.getByLabel('Slug', { exact: true })).toHaveValue('ministers-meet');
  await expect(page.getByLabel('Status', { exact: true })).toHaveValue('in_review');
  const reloaded = page.getByRole('textbox', { name: 'Body' });
  await expect(reloaded.locator('p')).toHaveText(['The meeting opened with a warning.', 'Second paragraph.']);
  await expect(reloaded.locator('strong, b, .editor-text-bold').first()).toHaveText('a warning');
  expect(errors).toEqual([]);
});
