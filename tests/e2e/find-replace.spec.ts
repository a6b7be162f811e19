import type { Page } from '@playwright/test';
import { test, expect, newArticle } from './fixtures';

// Long keyboard-driven stories; on a busy machine typing alone can take tens of seconds.
test.describe.configure({ timeout: 120_000 });

/** The text of every range in a CSS custom highlight (TK marks, find matches). */
function highlighted(page: Page, name: string): Promise<string[]> {
  return page.evaluate((key) => [...(CSS.highlights.get(key) ?? [])].map((range) => (range as Range).toString()), name);
}

async function writeArticle(page: Page): Promise<void> {
  await newArticle(page);
  await page.getByLabel('Headline', { exact: true }).fill('Water and water TK');

  await page.getByRole('textbox', { name: 'Body' }).click();
  await page.keyboard.type('Clean water, waterproof roofs. ');
  await page.keyboard.press('ControlOrMeta+b');
  await page.keyboard.type('water');
  await page.keyboard.press('ControlOrMeta+b');
  await page.keyboard.type(' bills.');

  await page.getByRole('button', { name: 'Add takeaway' }).click();
  await expect(page.getByRole('textbox', { name: 'Takeaway 1' })).toBeFocused();
  await page.keyboard.type('More water soon TK, not TKO');

  await page.getByRole('button', { name: 'Add question' }).click();
  await expect(page.getByRole('textbox', { name: 'Question', exact: true })).toBeFocused();
  await page.keyboard.type('Why?');
  await page.getByRole('textbox', { name: 'Answer' }).click();
  await page.keyboard.type('The water is TKTK.');
}

test('find and replace works across the headline, body, a takeaway and an answer', async ({ page, served }) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(served.url);
  await writeArticle(page);

  await page.keyboard.press('Control+h');
  const panel = page.getByRole('search', { name: 'Find and replace' });
  await expect(panel.getByRole('textbox', { name: 'Find' })).toBeFocused();
  await page.keyboard.type('water');
  const counter = panel.getByRole('status');
  // Water, water (headline) · water, water(proof), water (body) · takeaway · answer.
  await expect(counter).toHaveText('1 of 7');
  await expect.poll(() => highlighted(page, 'copydesk-find')).toEqual(['water', 'water', 'water', 'water', 'water']);

  await panel.getByRole('checkbox', { name: 'Match case' }).check();
  await expect(counter).toHaveText('1 of 6');
  await panel.getByRole('checkbox', { name: 'Whole word' }).check();
  await expect(counter).toHaveText('1 of 5');

  // Enter / Shift+Enter step through the matches without leaving the box.
  await panel.getByRole('textbox', { name: 'Find' }).press('Enter');
  await expect(counter).toHaveText('2 of 5');
  await expect.poll(() => highlighted(page, 'copydesk-find-current')).toEqual(['water']);
  await panel.getByRole('textbox', { name: 'Find' }).press('Shift+Enter');
  await expect(counter).toHaveText('1 of 5');
  await panel.getByRole('textbox', { name: 'Find' }).press('Shift+Enter');
  await expect(counter).toHaveText('5 of 5');

  await panel.getByRole('textbox', { name: 'Replace with' }).fill('rain');
  await panel.getByRole('button', { name: 'Replace all' }).click();
  await panel.getByRole('button', { name: 'Replace 5 matches' }).click();
  await expect(counter).toHaveText('No results');

  await expect(page.getByLabel('Headline', { exact: true })).toHaveValue('Water and rain TK');
  const body = page.getByRole('textbox', { name: 'Body' });
  await expect(body).toHaveText('Clean rain, waterproof roofs. rain bills.');
  // The replacement inside the bold word stayed bold; the text around it did not become bold.
  await expect(body.locator('strong, b, .rt-bold')).toHaveText(['rain']);
  await expect(page.getByRole('textbox', { name: 'Takeaway 1' })).toHaveText('More rain soon TK, not TKO');
  await expect(page.getByRole('textbox', { name: 'Answer' })).toHaveText('The rain is TKTK.');

  // Escape closes the panel; Ctrl+F brings back plain find.
  await page.keyboard.press('Escape');
  await expect(panel).toBeHidden();
  await page.keyboard.press('Control+f');
  await expect(page.getByRole('search', { name: 'Find' }).getByRole('textbox', { name: 'Find' })).toBeFocused();
  await page.keyboard.press('Escape');

  await expect(page.getByRole('status').filter({ hasText: /^Saved$/ })).toBeVisible({ timeout: 5_000 });
  await page.reload();
  await page.getByRole('navigation', { name: 'Library' }).getByText('Water and rain TK').click();
  await expect(page.getByRole('textbox', { name: 'Body' }).locator('strong, b, .rt-bold')).toHaveText(['rain']);
  await expect(page.getByRole('textbox', { name: 'Takeaway 1' })).toHaveText('More rain soon TK, not TKO');
  expect(errors).toEqual([]);
});

test('TK placeholders are highlighted in place and listed in the pre-publish checklist', async ({ page, served }) => {
  await page.goto(served.url);
  await writeArticle(page);

  // Highlighted in the editors (TK and TKTK, never TKO); the saved text is untouched.
  await expect.poll(async () => (await highlighted(page, 'copydesk-tk')).sort()).toEqual(['TK', 'TKTK']);
  await expect(page.getByRole('textbox', { name: 'Takeaway 1' }).locator('mark')).toHaveCount(0);

  const checklist = page.getByRole('region', { name: 'Pre-publish checklist' });
  await expect(checklist).toContainText('3 TK placeholders left');
  const fields = checklist.getByRole('list', { name: 'TK placeholders by field' }).getByRole('listitem');
  await expect(fields).toHaveText([/Headline\s*1/, /Takeaway 1\s*1/, /Answer 1\s*1/]);

  // "Go to" selects the placeholder where it is, expanding a collapsed question first.
  await page.getByRole('button', { name: 'Why?', exact: true }).click();
  await expect(page.getByRole('textbox', { name: 'Answer' })).toBeHidden();
  await checklist.getByRole('button', { name: 'Go to TK in Answer 1' }).click();
  await expect(page.getByRole('textbox', { name: 'Answer' })).toBeFocused();
  await expect.poll(() => page.evaluate(() => window.getSelection()?.toString())).toBe('TKTK');

  await checklist.getByRole('button', { name: 'Go to TK in Headline' }).click();
  await expect(page.getByLabel('Headline', { exact: true })).toBeFocused();

  // Fixing the last ones empties the list.
  await page.getByLabel('Headline', { exact: true }).fill('Water and water');
  await page.getByRole('textbox', { name: 'Takeaway 1' }).click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('More water soon');
  await page.getByRole('textbox', { name: 'Answer' }).click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('The water is fine.');
  await expect(checklist).toContainText('No TK placeholders');
  await expect.poll(() => highlighted(page, 'copydesk-tk')).toEqual([]);
});

test('issue 15.9: Replace all keeps each match\'s case, lists the fields first (tags only when asked), and one Ctrl+Z reverts it all', async ({ page, served }) => {
  test.setTimeout(180_000);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(served.url);
  await newArticle(page);
  const headline = page.getByLabel('Headline', { exact: true });
  const tags = page.getByLabel('Tags', { exact: true });
  await headline.fill('Rare earth deal signed');
  await tags.fill('rare earth, trade');
  const body = page.getByRole('textbox', { name: 'Body' });
  await body.click();
  await page.keyboard.type('Rare earth exports rose. Ministers discussed rare earth prices.');
  await page.getByRole('button', { name: 'Add takeaway' }).click();
  const takeaway = page.getByRole('textbox', { name: 'Takeaway 1' });
  await expect(takeaway).toBeFocused();
  await page.keyboard.type('RARE EARTH supply is tight');

  await page.keyboard.press('Control+h');
  const panel = page.getByRole('search', { name: 'Find and replace' });
  await page.keyboard.type('rare earth');
  await expect(panel.getByRole('status')).toHaveText('1 of 5');
  await panel.getByRole('textbox', { name: 'Replace with' }).fill('critical minerals');
  await expect(panel.getByRole('checkbox', { name: 'Preserve case' })).toBeChecked();
  await panel.getByRole('button', { name: 'Replace all' }).click();

  // The plan comes first, and nothing has changed yet.
  const plan = panel.getByRole('group', { name: 'Replace 4 matches in:' });
  await expect(plan.getByRole('list', { name: 'Fields to change' }).getByRole('listitem')).toHaveText(['Headline (1)', 'Body (2)', 'Takeaway 1 (1)']);
  const askTags = plan.getByRole('checkbox', { name: 'Also replace in Tags (1)' });
  await expect(askTags).not.toBeChecked();
  await expect(headline).toHaveValue('Rare earth deal signed');
  await plan.getByRole('button', { name: 'Replace 4 matches' }).click();

  await expect(headline).toHaveValue('Critical minerals deal signed');
  await expect(body).toHaveText('Critical minerals exports rose. Ministers discussed critical minerals prices.');
  await expect(takeaway).toHaveText('CRITICAL MINERALS supply is tight');
  await expect(tags).toHaveValue('rare earth, trade');

  // One Ctrl+Z puts every field back, not just one.
  await page.keyboard.press('Control+z');
  await expect(headline).toHaveValue('Rare earth deal signed');
  await expect(body).toHaveText('Rare earth exports rose. Ministers discussed rare earth prices.');
  await expect(takeaway).toHaveText('RARE EARTH supply is tight');
  await expect(tags).toHaveValue('rare earth, trade');

  // Asked to, it changes the tags too; Undo in the panel reverts that as one step as well.
  await panel.getByRole('button', { name: 'Replace all' }).click();
  await plan.getByRole('checkbox', { name: 'Also replace in Tags (1)' }).check();
  await panel.getByRole('button', { name: 'Replace 5 matches' }).click();
  await expect(tags).toHaveValue('critical minerals, trade');
  await expect(headline).toHaveValue('Critical minerals deal signed');
  await panel.getByRole('button', { name: 'Undo' }).click();
  await expect(tags).toHaveValue('rare earth, trade');
  await expect(body).toHaveText('Rare earth exports rose. Ministers discussed rare earth prices.');

  // After a later edit, Ctrl+Z is the field's own again.
  await panel.getByRole('button', { name: 'Replace all' }).click();
  await panel.getByRole('button', { name: 'Replace 4 matches' }).click();
  await expect(headline).toHaveValue('Critical minerals deal signed');
  await page.keyboard.press('Escape');
  await body.click();
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.type(' More.');
  await page.keyboard.press('Control+z');
  await expect(body).toHaveText('Critical minerals exports rose. Ministers discussed critical minerals prices.');
  await expect(headline).toHaveValue('Critical minerals deal signed');

  await expect(page.getByRole('status').filter({ hasText: /^Saved$/ })).toBeVisible({ timeout: 5_000 });
  await page.reload();
  await page.getByRole('navigation', { name: 'Library' }).getByText('Critical minerals deal signed').click();
  await expect(page.getByRole('textbox', { name: 'Takeaway 1' })).toHaveText('CRITICAL MINERALS supply is tight');
  await expect(page.getByLabel('Tags', { exact: true })).toHaveValue('rare earth, trade');
  expect(errors).toEqual([]);
});
