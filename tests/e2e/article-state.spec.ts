import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';

const SAMPLE = 'Harbor City council approves';

/** The three places that show an article's status: the header badge, the Status field and its library row. */
async function expectStatus(page: Page, label: string): Promise<void> {
  await expect(page.locator('.article-bar .status-badge')).toHaveText(label);
  await expect(page.getByLabel('Status', { exact: true })).toHaveValue(label.toLowerCase());
  const row = page.getByRole('navigation', { name: 'Library' }).getByRole('button', { name: new RegExp(SAMPLE) });
  await expect(row.locator('.status-badge')).toHaveText(label);
}

test('issue 15.3: a publish that fails leaves the article a draft in the header, the Status field and the library', async ({ page, served }) => {
  await page.goto(served.url);
  await page.getByRole('navigation', { name: 'Library' }).getByText(SAMPLE, { exact: false }).click();
  await expectStatus(page, 'Draft');

  // No output folder is set in a new workspace: publishing cannot write the site.
  await page.getByRole('button', { name: 'Publish', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Before you publish' });
  const failed = page.getByRole('alert').filter({ hasText: 'Not published: Choose an output folder in Settings before publishing' });
  await expect(dialog.or(failed)).toBeVisible({ timeout: 15_000 });
  if (await dialog.isVisible()) await dialog.getByRole('button', { name: 'Publish anyway' }).click();
  await expect(failed).toBeVisible({ timeout: 15_000 });
  await expectStatus(page, 'Draft');

  // Editing goes on saving normally (the revision the editor holds is still the stored one)…
  const saved = page.waitForResponse((r) => r.url().endsWith('/api/articles:save'));
  await page.getByLabel('Summary', { exact: true }).fill('A summary written after the failed publish.');
  expect((await saved).status()).toBe(200);
  await expect(page.getByText('Saved', { exact: true })).toBeVisible();
  // …and the stored article agrees after a reload.
  await page.reload();
  await page.getByRole('navigation', { name: 'Library' }).getByText(SAMPLE, { exact: false }).click();
  await expectStatus(page, 'Draft');
  await expect(page.getByLabel('Summary', { exact: true })).toHaveValue('A summary written after the failed publish.');
});

test('issue 15.5: moving to the trash offers Undo, and "Delete forever" asks in the app’s own dialog', async ({ page, served }) => {
  // Any window.confirm would be a native dialog: fail the test if one appears.
  const nativeDialogs: string[] = [];
  page.on('dialog', (d) => {
    nativeDialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(served.url);
  const library = page.getByRole('navigation', { name: 'Library' });
  await library.getByText(SAMPLE, { exact: false }).click();

  await page.getByRole('button', { name: 'Move to trash' }).click();
  const toast = page.getByRole('status').filter({ hasText: /Moved “Harbor City council approves.*” to the trash/ });
  await expect(toast).toBeVisible();
  await expect(library.getByText(SAMPLE, { exact: false })).toHaveCount(0);
  await toast.getByRole('button', { name: 'Undo' }).click();
  await expect(toast).toBeHidden();
  await expect(library.getByText(SAMPLE, { exact: false })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(SAMPLE) })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Move to trash' })).toBeVisible();

  // Trash it again, open it from the trash, and try "Delete forever".
  await page.getByRole('button', { name: 'Move to trash' }).click();
  await expect(toast).toBeVisible();
  await page.getByLabel('Filter by Status').selectOption({ label: 'Trash' });
  await library.getByText(SAMPLE, { exact: false }).click();
  await page.getByRole('button', { name: 'Delete forever' }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete forever?' });
  await expect(confirm).toBeVisible();
  // Cancel has the focus, so Enter never deletes by accident; Cancel keeps the article.
  await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(confirm).toBeHidden();
  await expect(library.getByText(SAMPLE, { exact: false })).toBeVisible();

  await page.getByRole('button', { name: 'Delete forever' }).click();
  await confirm.getByRole('button', { name: 'Delete forever' }).click();
  await expect(confirm).toBeHidden();
  await expect(library.getByText(SAMPLE, { exact: false })).toHaveCount(0);
  expect(nativeDialogs).toEqual([]);
});
