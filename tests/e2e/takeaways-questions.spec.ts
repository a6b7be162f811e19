import type { Page } from '@playwright/test';
import { test, expect, newArticle } from './fixtures';

// Long keyboard-driven stories; on a busy machine typing alone can take tens of seconds.
test.describe.configure({ timeout: 120_000 });

/** Presses Tab until the named textbox has focus (the answer's toolbar comes first). */
async function tabTo(page: Page, name: string): Promise<void> {
  for (let i = 0; i < 25; i += 1) {
    const label = await page.evaluate(() => document.activeElement?.getAttribute('aria-label'));
    if (label === name) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${name}`);
}

test('takeaways and follow-up questions are edited from the keyboard and survive a reload', async ({ page, served }) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  await page.goto(served.url);
  await newArticle(page);
  await page.getByLabel('Headline', { exact: true }).fill('Keyboard extras');

  const takeaways = page.getByRole('list', { name: 'Key takeaways' });
  const items = takeaways.getByRole('textbox');
  const hint = page.getByRole('note').filter({ hasText: /key takeaways/ });

  // Enter at the end of a takeaway starts the next one.
  await page.getByRole('button', { name: 'Add takeaway' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('textbox', { name: 'Takeaway 1' })).toBeFocused();
  await page.keyboard.type('Alpha point');
  await page.keyboard.press('Enter');
  await page.keyboard.type('Bravo point');
  await page.keyboard.press('Enter');
  await page.keyboard.type('Charlie ');
  await page.keyboard.press('ControlOrMeta+b');
  await page.keyboard.type('bold');
  await page.keyboard.press('ControlOrMeta+b');
  await expect(items).toHaveText(['Alpha point', 'Bravo point', 'Charlie bold']);
  await expect(hint).toBeHidden();

  // Alt+ArrowUp moves the takeaway being edited, and it keeps the caret.
  await page.keyboard.press('Alt+ArrowUp');
  await expect(items).toHaveText(['Alpha point', 'Charlie bold', 'Bravo point']);
  await expect(page.getByRole('textbox', { name: 'Takeaway 2' })).toBeFocused();

  // Enter in the middle splits the takeaway in two, like a bullet in a doc.
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Enter');
  await expect(items).toHaveText(['Alpha point', 'Cha', 'rlie bold', 'Bravo point']);
  await expect(page.getByRole('textbox', { name: 'Takeaway 3' })).toBeFocused();
  // Backspace at the start joins them again.
  await page.keyboard.press('Backspace');
  await expect(items).toHaveText(['Alpha point', 'Charlie bold', 'Bravo point']);
  await expect(page.getByRole('textbox', { name: 'Takeaway 2' })).toBeFocused();

  // Backspace in an empty takeaway removes it and returns to the end of the one before.
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await expect(items).toHaveCount(4);
  await expect(page.getByRole('textbox', { name: 'Takeaway 3' })).toBeFocused();
  await page.keyboard.press('Backspace');
  await expect(items).toHaveCount(3);
  await expect(page.getByRole('textbox', { name: 'Takeaway 2' })).toBeFocused();
  await page.keyboard.type('!');
  await expect(items).toHaveText(['Alpha point', 'Charlie bold!', 'Bravo point']);

  // Emptying and removing the last takeaway drops below three: the hint appears.
  await page.getByRole('textbox', { name: 'Takeaway 3' }).focus();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Backspace');
  await expect(items).toHaveText(['Alpha point', 'Charlie bold!']);
  await expect(hint).toHaveText(/Aim for 3 to 7 key takeaways — 2 so far/);

  // A follow-up question: type the question, Tab into the answer, write a nested list.
  await page.getByRole('button', { name: 'Add question' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('textbox', { name: 'Question', exact: true })).toBeFocused();
  await page.keyboard.type('Why now?');
  await tabTo(page, 'Answer');
  await page.keyboard.type('Three reasons:');
  await page.keyboard.press('Enter');
  await page.keyboard.type('- Money');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Federal grants');
  const answer = page.getByRole('textbox', { name: 'Answer' });
  await expect(answer.locator('ul ul li')).toHaveText('Federal grants');

  // The question collapses and expands like on the published page.
  const toggle = page.getByRole('button', { name: 'Why now?', exact: true });
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await toggle.focus();
  await page.keyboard.press('Enter');
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await expect(answer).toBeHidden();
  await page.keyboard.press('Enter');
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await expect(answer).toBeVisible();

  await expect(page.getByRole('status').filter({ hasText: /^Saved$/ })).toBeVisible({ timeout: 5_000 });
  await page.reload();
  await page.getByRole('navigation', { name: 'Library' }).getByText('Keyboard extras').click();

  await expect(page.getByRole('list', { name: 'Key takeaways' }).getByRole('textbox')).toHaveText(['Alpha point', 'Charlie bold!']);
  await expect(page.getByRole('textbox', { name: 'Takeaway 2' }).locator('strong, b, .rt-bold').first()).toHaveText(/^bold/);
  await expect(page.getByRole('note').filter({ hasText: /key takeaways/ })).toHaveText(/2 so far/);
  const reloadedToggle = page.getByRole('button', { name: 'Why now?', exact: true });
  await expect(reloadedToggle).toHaveAttribute('aria-expanded', 'false');
  await reloadedToggle.press('Enter');
  await expect(page.getByRole('textbox', { name: 'Question', exact: true })).toHaveValue('Why now?');
  const reloadedAnswer = page.getByRole('textbox', { name: 'Answer' });
  await expect(reloadedAnswer.locator('p').first()).toHaveText('Three reasons:');
  await expect(reloadedAnswer.locator('ul > li').first()).toHaveText(/^Money/);
  await expect(reloadedAnswer.locator('ul ul li')).toHaveText('Federal grants');
  expect(errors).toEqual([]);
});

test('a removed question can be brought back with Undo, in its place', async ({ page, served }) => {
  await page.goto(served.url);
  await newArticle(page);
  for (const question of ['First?', 'Second?']) {
    await page.getByRole('button', { name: 'Add question' }).click();
    await expect(page.getByRole('textbox', { name: 'Question', exact: true }).last()).toBeFocused();
    await page.keyboard.type(question);
  }
  const titles = page.getByRole('list', { name: 'Follow-up questions' }).locator('.question-toggle');
  await expect(titles).toHaveText(['First?', 'Second?']);

  await page.getByRole('button', { name: 'Move down: First?' }).click();
  await expect(titles).toHaveText(['Second?', 'First?']);
  await expect(page.getByRole('button', { name: 'Move up: First?' })).toBeFocused();

  await page.getByRole('button', { name: 'Remove question: Second?' }).click();
  await expect(titles).toHaveText(['First?']);
  await page.getByRole('status').filter({ hasText: 'Question removed' }).getByRole('button', { name: 'Undo' }).click();
  await expect(titles).toHaveText(['Second?', 'First?']);
});
