import { test, expect, newArticle } from './fixtures';

test('a saved version can be compared with the current document and restored', async ({ page, served }) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(served.url);
  await newArticle(page);

  const headline = page.getByLabel('Headline', { exact: true });
  const body = page.getByRole('textbox', { name: 'Body' });
  const saved = page.getByRole('status').filter({ hasText: /^Saved$/ });
  await headline.fill('Ferry timetable changes');
  await body.click();
  await page.keyboard.type('The ferry leaves at noon every day.');
  await expect(saved).toBeVisible({ timeout: 5_000 });

  // Ctrl+S opens "Save version" with an optional label.
  await page.keyboard.press('ControlOrMeta+s');
  const dialog = page.getByRole('dialog', { name: 'Save version' });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Version label').fill('Timetable as filed');
  await dialog.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: 'Saved version “Timetable as filed”' })).toBeVisible();

  await headline.fill('Ferry timetable changes again');
  await body.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('The ferry leaves at dawn every day.');
  await expect(saved).toBeVisible({ timeout: 5_000 });

  const historyButton = page.getByRole('button', { name: 'History' });
  await historyButton.click();
  const history = page.locator('#version-history');
  const versions = history.getByRole('list', { name: 'Versions, newest first' });
  await versions.getByRole('button', { name: /Timetable as filed/ }).click();
  await expect(history.getByRole('heading', { name: /Timetable as filed/ })).toBeVisible();

  // Against the current document: what was added since is <ins>, what was removed is <del>.
  const field = (title: string) => history.locator('.diff-field').filter({ has: page.getByRole('heading', { name: title, exact: true }) });
  await expect(field('Body').locator('ins')).toHaveText(['dawn']);
  await expect(field('Body').locator('del')).toHaveText(['noon']);
  await expect(field('Headline').locator('ins')).toHaveText([/^\s*again\s*$/]);
  await expect(field('Headline').locator('del')).toHaveCount(0);

  // Against the previous version, the saved version itself changed nothing.
  await history.getByText('Previous version', { exact: true }).click();
  await expect(history.locator('.diff ins, .diff del')).toHaveCount(0);
  await history.getByText('Current document', { exact: true }).click();
  await expect(history.locator('.diff del', { hasText: 'noon' })).toBeVisible();

  await history.getByRole('button', { name: 'Restore this version' }).click();
  const confirm = page.getByRole('dialog', { name: 'Restore this version?' });
  await confirm.getByRole('button', { name: 'Restore', exact: true }).click();

  await expect(headline).toHaveValue('Ferry timetable changes');
  await expect(page.getByRole('textbox', { name: 'Body' })).toHaveText('The ferry leaves at noon every day.');
  await expect(page.getByRole('status').filter({ hasText: /^Restored the version from / })).toBeVisible();

  await page.getByRole('button', { name: 'History' }).click();
  const newest = page.locator('#version-history').getByRole('list', { name: 'Versions, newest first' }).getByRole('listitem').first();
  await expect(newest).toContainText('Restored');
  await expect(newest).toContainText('Current version');

  // Escape closes the history and gives focus back to its button; the editor is back.
  await page.keyboard.press('Escape');
  await expect(page.locator('#version-history')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'History' })).toBeFocused();
  await expect(headline).toBeVisible();
  expect(errors).toEqual([]);
});

test('saving a version flushes the newest edits first, so the version includes them', async ({ page, served }) => {
  await page.goto(served.url);
  await newArticle(page);
  await page.getByLabel('Headline', { exact: true }).fill('Flush before saving a version');
  await page.getByRole('textbox', { name: 'Body' }).click();
  // No wait for "Saved": the version is asked for while the edit is still pending.
  await page.keyboard.type('Typed just now.');
  await page.getByRole('button', { name: 'Save version' }).click();
  await page.getByRole('dialog', { name: 'Save version' }).getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('dialog', { name: 'Save version' })).toBeHidden();

  await page.getByRole('button', { name: 'History' }).click();
  const versions = page.locator('#version-history').getByRole('list', { name: 'Versions, newest first' });
  const manual = versions.getByRole('button', { name: /Saved version/ });
  await manual.click();
  // The saved version is the newest state: nothing differs from the document as typed.
  await expect(page.locator('#version-history').getByText('This version is the same as the current document.')).toBeVisible();
  await expect(versions.getByRole('listitem').first()).toContainText('Saved version');
});
