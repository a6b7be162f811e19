import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, newArticle, serve, test } from './fixtures';

/** The page's background colour: the light theme's --bg or the dark one's. */
const LIGHT_BG = 'rgb(247, 246, 242)';
const DARK_BG = 'rgb(21, 22, 24)';
const background = (page: Page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);

test('issue 15.12: the editor has a shortcuts sheet (? outside text fields, Ctrl+/) and the browser build a menu bar like the desktop menu', async ({ page, served }) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(served.url);
  await newArticle(page);
  const headline = page.getByLabel('Headline', { exact: true });
  const sheet = page.getByRole('dialog', { name: 'Keyboard shortcuts' });

  // In a text field ? is a question mark.
  await page.keyboard.type('Who pays?');
  await expect(headline).toHaveValue('Who pays?');
  await expect(sheet).toBeHidden();

  // Outside one it opens the sheet, which lists the editor's keys (not moderation's).
  await headline.evaluate((element) => (element as unknown as { blur(): void }).blur());
  await page.keyboard.press('?');
  await expect(sheet).toBeVisible();
  await expect(sheet.getByRole('row', { name: /Heading 2/ })).toContainText('## ');
  await expect(sheet.getByRole('row', { name: /Find and replace/ })).toContainText('Ctrl+H');
  await expect(sheet.getByText('Approve', { exact: true })).toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(sheet).toBeHidden();

  // Ctrl+/ opens it from inside the body too.
  await page.getByRole('textbox', { name: 'Body' }).focus();
  await page.keyboard.press('Control+/');
  await expect(sheet).toBeVisible();
  await sheet.getByRole('button', { name: 'Close' }).click();
  await expect(sheet).toBeHidden();

  // The menu bar: the desktop's menus minus what the browser does itself.
  const menubar = page.getByRole('menubar', { name: 'Copydesk' });
  await expect(menubar.getByRole('menuitem')).toHaveText(['File', 'Edit', 'Help']);
  await menubar.getByRole('menuitem', { name: 'Edit' }).click();
  const edit = page.getByRole('menu', { name: 'Edit' });
  await expect(edit.getByRole('menuitem')).toHaveText(['Find…Ctrl+F', 'Find and replace…Ctrl+H']);
  await edit.getByRole('menuitem', { name: /Find and replace/ }).click();
  await expect(page.getByRole('search', { name: 'Find and replace' })).toBeVisible();
  await expect(page.getByRole('search', { name: 'Find and replace' }).getByRole('textbox', { name: 'Find' })).toBeFocused();
  await page.keyboard.press('Escape');

  // From the keyboard: one Tab stop, arrows across and down, Enter chooses, Escape closes.
  const file = menubar.getByRole('menuitem', { name: 'File' });
  await file.focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(menubar.getByRole('menuitem', { name: 'Help' })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('menu', { name: 'Help' }).getByRole('menuitem', { name: /Keyboard shortcuts/ })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('menu', { name: 'Help' })).toBeHidden();
  await expect(menubar.getByRole('menuitem', { name: 'Help' })).toBeFocused();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  await expect(sheet).toBeVisible();
  expect(errors).toEqual([]);
});

test('issue 15.12: editor preferences (theme, text size, spell check) apply at once and are kept per user, across workspaces', async ({ page, served }) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(served.url);
  await newArticle(page);
  const body = page.getByRole('textbox', { name: 'Body' });
  await expect.poll(() => background(page)).toBe(LIGHT_BG);
  await expect(body).toHaveAttribute('spellcheck', 'true');

  await page.keyboard.press('Control+,');
  const dialog = page.getByRole('dialog', { name: 'Editor preferences' });
  await dialog.getByRole('radio', { name: 'Dark' }).check();
  await expect.poll(() => background(page)).toBe(DARK_BG);
  await dialog.getByLabel('Text size in the editor').selectOption({ label: 'Large' });
  await expect(body).toHaveCSS('font-size', '20px');
  await dialog.getByLabel('Spell check').selectOption({ label: 'German' });
  await expect(body).toHaveAttribute('lang', 'de');
  // The form's text fields inherit the language from the form.
  await expect(page.locator('form.article-form')).toHaveAttribute('lang', 'de');
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(dialog).toBeHidden();

  // Kept after a reload.
  await page.reload();
  await newArticle(page);
  await expect.poll(() => background(page)).toBe(DARK_BG);
  await expect(body).toHaveCSS('font-size', '20px');
  await expect(body).toHaveAttribute('lang', 'de');

  // Another workspace, served at the same address: the same person, the same preferences.
  const port = Number(new URL(served.url).port);
  await served.stop();
  const otherDir = mkdtempSync(join(tmpdir(), 'copydesk-e2e-other-'));
  const other = await serve(otherDir, port);
  try {
    await page.goto(other.url);
    await newArticle(page);
    await expect.poll(() => background(page)).toBe(DARK_BG);
    await expect(body).toHaveCSS('font-size', '20px');

    // "Same as the system" follows the system again; spell check can be switched off.
    await page.getByRole('menubar', { name: 'Copydesk' }).getByRole('menuitem', { name: 'File' }).click();
    await page.getByRole('menu', { name: 'File' }).getByRole('menuitem', { name: /Editor preferences/ }).click();
    await dialog.getByRole('radio', { name: 'Same as the system' }).check();
    await expect.poll(() => background(page)).toBe(LIGHT_BG);
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(() => background(page)).toBe(DARK_BG);
    await dialog.getByLabel('Spell check').selectOption({ label: 'Off' });
    await expect(body).toHaveAttribute('spellcheck', 'false');
    await expect(body).not.toHaveAttribute('lang', /./);
  } finally {
    await other.stop();
    rmSync(otherDir, { recursive: true, force: true });
  }
  expect(errors).toEqual([]);
});
