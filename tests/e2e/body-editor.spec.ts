import type { Page } from '@playwright/test';
import { test, expect, newArticle as openNewArticle } from './fixtures';

// Long keyboard-only scenarios; the default minute is tight on a loaded two-core machine.
test.describe.configure({ timeout: 150_000 });

/** Opens a new article with a headline and puts the caret in its body, all without a mouse on the editor. */
async function newArticle(page: Page, url: string, headline: string) {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  await page.goto(url);
  await openNewArticle(page);
  await page.getByLabel('Headline', { exact: true }).fill(headline);
  const body = page.getByRole('textbox', { name: 'Body' });
  await body.focus();
  return { body, errors, toolbar: page.getByRole('toolbar', { name: 'Formatting' }) };
}

async function saveAndReopen(page: Page, headline: string) {
  await expect(page.getByRole('status').filter({ hasText: /^Saved$/ })).toBeVisible({ timeout: 5_000 });
  await page.reload();
  await page.getByRole('navigation', { name: 'Library' }).getByText(headline).click();
  return page.getByRole('textbox', { name: 'Body' });
}

test('Markdown shortcuts, Tab nesting and Ctrl+B/I/U build the document, and it survives a reload', async ({ page, served }) => {
  const { body, errors, toolbar } = await newArticle(page, served.url, 'Shortcuts story');
  const key = page.keyboard;
  const pressed = (name: string) => toolbar.getByRole('button', { name: new RegExp(`^(H\\d, )?${name}$`) });

  await key.type('## Council votes');
  await expect(pressed('Heading 2')).toHaveAttribute('aria-pressed', 'true');
  await key.press('Enter');
  await key.type('### Details');
  await key.press('Enter');
  await expect(pressed('Paragraph')).toHaveAttribute('aria-pressed', 'true');
  await key.type('They met on ');
  await key.press('ControlOrMeta+b');
  await expect(pressed('Bold')).toHaveAttribute('aria-pressed', 'true');
  await key.type('Tuesday');
  await key.press('ControlOrMeta+b');
  await expect(pressed('Bold')).toHaveAttribute('aria-pressed', 'false');
  await key.type(' and ');
  await key.press('ControlOrMeta+i');
  await expect(pressed('Italic')).toHaveAttribute('aria-pressed', 'true');
  await key.type('voted');
  await key.press('ControlOrMeta+i');
  await key.type(' to ');
  await key.press('ControlOrMeta+u');
  await expect(pressed('Underline')).toHaveAttribute('aria-pressed', 'true');
  await key.type('approve');
  await key.press('ControlOrMeta+u');
  await key.type(' the `budget` and **ferry** and _fares_');
  await key.press('Enter');

  await key.type('- First point');
  await expect(pressed('Bulleted list')).toHaveAttribute('aria-pressed', 'true');
  for (const text of ['Nested point', 'Third level', 'Fourth level']) {
    await key.press('Enter');
    await key.press('Tab');
    await key.type(text);
  }
  // At the depth limit Tab does nothing more, and focus stays in the list.
  await key.press('Enter');
  await key.press('Tab');
  await key.press('Tab');
  await expect(body).toBeFocused();
  await key.type('Still fourth');
  await key.press('Enter');
  for (let i = 0; i < 3; i++) await key.press('Shift+Tab');
  await expect(body).toBeFocused();
  await key.type('Second point');
  await key.press('Enter');
  await key.press('Enter');
  await key.type('1. Step one');
  await expect(pressed('Numbered list')).toHaveAttribute('aria-pressed', 'true');
  await key.press('Enter');
  await key.press('Enter');
  await key.type('> A quote from the mayor');
  await expect(pressed('Quote')).toHaveAttribute('aria-pressed', 'true');
  await key.press('Enter');
  await key.type('--- ');
  await key.type('After the rule.');

  // Undo and redo from the keyboard.
  await key.press('ControlOrMeta+z');
  await expect(body.locator('p').last()).not.toHaveText('After the rule.');
  await key.press('ControlOrMeta+Shift+z');
  await expect(body.locator('p').last()).toHaveText('After the rule.');

  const reloaded = await saveAndReopen(page, 'Shortcuts story');
  await expect(reloaded.locator('h2')).toHaveText('Council votes');
  await expect(reloaded.locator('h3')).toHaveText('Details');
  await expect(reloaded.locator('strong')).toHaveText(['Tuesday', 'ferry']);
  await expect(reloaded.locator('em')).toHaveText(['voted', 'fares']);
  await expect(reloaded.locator('.rt-underline')).toHaveText('approve');
  await expect(reloaded.locator('code')).toHaveText('budget');
  await expect(reloaded.locator(':scope > ul > li', { hasNotText: 'Nested' })).toHaveText(['First point', 'Second point']);
  await expect(reloaded.locator(':scope > ul > li > ul > li').first()).toHaveText('Nested point');
  // Nested at most four lists deep.
  await expect(reloaded.locator('ul ul ul li', { hasText: 'Third level' })).toHaveCount(1);
  await expect(reloaded.locator(':scope > ul > li > ul > li > ul > li > ul > li')).toHaveText(['Fourth level', 'Still fourth']);
  await expect(reloaded.locator('ul ul ul ul ul')).toHaveCount(0);
  await expect(reloaded.locator(':scope > ol > li')).toHaveText(['Step one']);
  await expect(reloaded.locator('blockquote')).toHaveText('A quote from the mayor');
  await expect(reloaded.locator(':scope > hr')).toHaveCount(1);
  await expect(reloaded.locator(':scope > hr + p')).toHaveText('After the rule.');
  expect(errors).toEqual([]);
});

test('Ctrl+K links the selection through the popover; bad URLs are refused; the caret in a link edits or removes it', async ({ page, served }) => {
  const { body, errors, toolbar } = await newArticle(page, served.url, 'Link story');
  const key = page.keyboard;
  await key.type('Read the minutes now');
  for (let i = 0; i < 4; i++) await key.press('ArrowLeft');
  for (let i = 0; i < 7; i++) await key.press('Shift+ArrowLeft');
  await key.press('ControlOrMeta+k');

  const dialog = page.getByRole('dialog', { name: 'Add link' });
  const field = dialog.getByLabel('Link URL');
  await expect(field).toBeFocused();
  await key.type('javascript:alert(1)');
  await key.press('Enter');
  await expect(dialog.getByRole('alert')).toContainText('Enter a full web or email address');
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(body.locator('a')).toHaveCount(0);

  await field.fill('https://example.org/minutes');
  await key.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(body).toBeFocused();
  await expect(body.locator('a')).toHaveText('minutes');
  await expect(body.locator('a')).toHaveAttribute('href', 'https://example.org/minutes');

  // Caret into the link from outside: the popover shows for it, without taking focus.
  const linkButton = toolbar.getByRole('button', { name: 'Link' });
  await key.press('End');
  await expect(linkButton).toHaveAttribute('aria-pressed', 'false');
  for (let i = 0; i < 7; i++) await key.press('ArrowLeft');
  const edit = page.getByRole('dialog', { name: 'Edit link' });
  await expect(edit).toBeVisible();
  await expect(edit.getByLabel('Link URL')).toHaveValue('https://example.org/minutes');
  await expect(linkButton).toHaveAttribute('aria-pressed', 'true');
  await expect(body).toBeFocused();
  // Escape dismisses it and leaves the caret where it was.
  await key.press('Escape');
  await expect(edit).toBeHidden();
  await expect(body).toBeFocused();

  // Ctrl+K inside the link edits it: a bare host gets https://.
  await key.press('ControlOrMeta+k');
  await expect(edit.getByLabel('Link URL')).toBeFocused();
  await edit.getByLabel('Link URL').fill('www.example.org/agenda');
  await key.press('Enter');
  await expect(body.locator('a')).toHaveAttribute('href', 'https://www.example.org/agenda');
  await expect(body).toBeFocused();

  // Escape from the field closes it and returns focus to the text.
  await key.press('ControlOrMeta+k');
  await expect(edit.getByLabel('Link URL')).toBeFocused();
  await key.press('Escape');
  await expect(edit).toBeHidden();
  await expect(body).toBeFocused();

  let reloaded = await saveAndReopen(page, 'Link story');
  await expect(reloaded.locator('a')).toHaveAttribute('href', 'https://www.example.org/agenda');

  // Remove, by keyboard: into the link, Ctrl+K, Tab past Apply to Remove.
  await reloaded.focus();
  await key.press('End');
  await expect(linkButton).toHaveAttribute('aria-pressed', 'false');
  for (let i = 0; i < 7; i++) await key.press('ArrowLeft');
  await key.press('ControlOrMeta+k');
  await expect(page.getByRole('dialog', { name: 'Edit link' }).getByLabel('Link URL')).toBeFocused();
  await key.press('Tab');
  await key.press('Tab');
  await expect(page.getByRole('button', { name: 'Remove' })).toBeFocused();
  await key.press('Enter');
  await expect(reloaded.locator('a')).toHaveCount(0);
  await expect(reloaded).toHaveText('Read the minutes now');
  await expect(reloaded).toBeFocused();

  reloaded = await saveAndReopen(page, 'Link story');
  await expect(reloaded.locator('a')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('the toolbar is one Tab stop, arrows move inside it, and its buttons format the selection', async ({ page, served }) => {
  const { body, errors, toolbar } = await newArticle(page, served.url, 'Toolbar story');
  const key = page.keyboard;
  await key.type('Big news');
  await key.press('Shift+Home');
  // Shift+Tab leaves the body for the toolbar's single stop.
  await key.press('Shift+Tab');
  const first = toolbar.getByRole('button', { name: 'Paragraph' });
  await expect(first).toBeFocused();
  await key.press('ArrowRight');
  await expect(toolbar.getByRole('button', { name: 'Heading 2' })).toBeFocused();
  await key.press('Enter');
  await expect(body.locator('h2')).toHaveText('Big news');
  await expect(toolbar.getByRole('button', { name: 'Heading 2' })).toHaveAttribute('aria-pressed', 'true');

  // The button gave the focus back to the body. Select the line again rather than rely on the
  // selection surviving that round trip: under CI load Chromium's focus-time selectionchange can
  // land after Lexical restored the range and collapse it (seen once in CI, never locally).
  await expect(body).toBeFocused();
  await key.press('End');
  await key.press('Shift+Home');
  // Back to the toolbar: it remembers Heading 2; End goes to the last enabled control.
  await key.press('Shift+Tab');
  await expect(toolbar.getByRole('button', { name: 'Heading 2' })).toBeFocused();
  for (const name of ['Heading 3', 'Heading 4', 'Quote', 'Bulleted list', 'Numbered list', 'Bold', 'Italic', 'Underline', 'Strikethrough']) {
    await key.press('ArrowRight');
    // Heading buttons are named "H3, Heading 3" (the visible label first).
    await expect(toolbar.getByRole('button', { name: new RegExp(`^(H\\d, )?${name}$`) })).toBeFocused();
  }
  await key.press('Enter');
  await expect(body.locator('h2 .rt-strike')).toHaveText('Big news');
  await key.press('Shift+Tab');
  await key.press('ArrowRight');
  await expect(toolbar.getByRole('button', { name: 'Inline code' })).toBeFocused();
  await key.press('Enter');
  await key.press('Shift+Tab');
  await expect(toolbar.getByRole('button', { name: 'Strikethrough' })).toHaveAttribute('aria-pressed', 'true');
  await expect(toolbar.getByRole('button', { name: 'Inline code' })).toHaveAttribute('aria-pressed', 'true');
  await expect(toolbar.getByRole('button', { name: 'Bold' })).toHaveAttribute('aria-pressed', 'false');

  // Horizontal rule from the toolbar, then Tab back into the text after it.
  await key.press('End');
  await key.press('ArrowLeft');
  await key.press('ArrowLeft');
  await expect(toolbar.getByRole('button', { name: 'Horizontal rule' })).toBeFocused();
  await key.press('Enter');
  await expect(body.locator('hr')).toHaveCount(1);
  await expect(body).toBeFocused();
  expect(errors).toEqual([]);
});
