import { test, expect } from './fixtures';

test('issue 15.13: Settings speaks to editors: a checked path field for the output folder, no environment variable names', async ({ page, served }) => {
  await page.goto(served.url);
  await page.getByRole('navigation', { name: 'Workspace' }).getByRole('button', { name: 'Settings' }).click();
  const folder = page.getByLabel('Output folder');
  await expect(folder).toBeVisible();
  // The browser build has no system folder picker: the path is typed, and checked on leaving the field.
  await expect(page.getByRole('button', { name: 'Choose…' })).toHaveCount(0);
  await folder.fill('site/out');
  await folder.blur();
  await expect(folder).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('Enter an absolute folder path, e.g. /home/me/site', { exact: true })).toBeVisible();
  await folder.fill('/tmp/copydesk-site');
  await folder.blur();
  await expect(folder).not.toHaveAttribute('aria-invalid', 'true');

  // Publishing targets: how tokens are kept, in words, without the host's variable names.
  await expect(page.getByRole('main', { name: 'Settings' })).not.toContainText('COPYDESK_');
});
