import type { Page } from '@playwright/test';
import { test, expect, newArticle } from './fixtures';

/**
 * Issue 17.1: autosave sends only the body's changed blocks (articles:patch) once the host has
 * acknowledged a save, and the host's copy stays exactly the editor's document; a patch the host
 * refuses is sent again as the whole article, so nothing is lost.
 */

interface Sent {
  name: string;
  body: string;
}

function recordSaves(page: Page): Sent[] {
  const sent: Sent[] = [];
  page.on('request', (request) => {
    const name = new URL(request.url()).pathname.split('/').pop() ?? '';
    if (name === 'articles:save' || name === 'articles:patch') sent.push({ name, body: request.postData() ?? '' });
  });
  return sent;
}

/** The editor's document as Lexical serializes it, and the host's stored copy of the same article. */
async function editorAndStored(page: Page): Promise<{ editor: unknown; stored: unknown }> {
  return page.evaluate(async () => {
    const root = document.querySelector('[aria-label="Body"]') as (Element & { __lexicalEditor?: { getEditorState(): { toJSON(): unknown } } }) | null;
    const editor = root?.__lexicalEditor?.getEditorState().toJSON();
    const base = new URL('/api/', location.href).href;
    const list = (await (await fetch(`${base}articles:list`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' })).json()) as {
      value: { id: string; headline: string }[];
    };
    const article = list.value.find((a) => a.headline === 'Patch saves')!;
    const stored = (await (await fetch(`${base}articles:get`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ id: article.id }) })).json()) as {
      value: { body: unknown };
    };
    return { editor: JSON.parse(JSON.stringify(editor)), stored: stored.value.body };
  });
}

/** How many article bodies this browser keeps as bases for kept patches (pending-edits-idb.ts). */
function keptBases(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('copydesk-pending-edits');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('bases')) return resolve(0);
          const count = db.transaction('bases', 'readonly').objectStore('bases').count();
          count.onsuccess = () => {
            db.close();
            resolve(count.result);
          };
          count.onerror = () => reject(count.error);
        };
      }),
  );
}

async function writeParagraphs(page: Page, count: number): Promise<void> {
  for (let i = 1; i <= count; i += 1) {
    await page.keyboard.type(`Paragraph ${i} of the story.`);
    if (i < count) await page.keyboard.press('Enter');
  }
}

/** A new article "Patch saves" with `paragraphs` paragraphs, saved once, with its saves recorded from the start. */
async function savedStory(page: Page, url: string, paragraphs: number) {
  const sent = recordSaves(page);
  await page.goto(url);
  await newArticle(page);
  await page.getByLabel('Headline', { exact: true }).fill('Patch saves');
  const body = page.getByRole('textbox', { name: 'Body' });
  await body.click();
  await writeParagraphs(page, paragraphs);
  await expect(page.locator('.save-status')).toHaveText('Saved');
  return { sent, body };
}

test('issue 17.1: saves after the first send only the changed blocks, and the host keeps the editor’s exact document', async ({ page, served }) => {
  const { sent, body } = await savedStory(page, served.url, 24);
  const before = sent.length;

  // Edit in the middle: type into one paragraph, split another, make a word bold, delete a line.
  await body.locator('p').nth(9).click();
  await page.keyboard.press('End');
  await page.keyboard.type(' Added later.');
  await body.locator('p').nth(15).click();
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await page.keyboard.press('ControlOrMeta+b');
  await page.keyboard.type('A bold new line');
  // The keys go at once, as a writer's do: a Backspace right after Shift+End once reached the editor
  // before it heard the selection move, and deleted the end of the bold line instead (the CI
  // failure of this spec; fixed in block-selection.ts registerKeySelectionSync).
  await expect(body.locator('strong, b, .rt-bold').first()).toHaveText('A bold new line');
  await body.locator('p').nth(3).click();
  await page.keyboard.press('Home');
  await page.keyboard.press('Shift+End');
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Backspace');
  await expect(body).not.toContainText('Paragraph 4 of the story.');
  await expect(page.locator('.save-status')).toHaveText('Saved');

  const later = sent.slice(before);
  expect(later.length).toBeGreaterThan(0);
  expect(later.every((s) => s.name === 'articles:patch')).toBe(true);
  // Untouched paragraphs travel as their index, not their text.
  expect(later.some((s) => s.body.includes('Paragraph 20 of the story.'))).toBe(false);
  const { editor, stored } = await editorAndStored(page);
  expect(stored).toEqual(editor);

  await page.reload();
  await page.getByRole('navigation', { name: 'Library' }).getByText('Patch saves').click();
  await expect(body).toContainText('Paragraph 10 of the story. Added later.');
  await expect(body.locator('strong, b, .rt-bold').first()).toHaveText('A bold new line');
  await expect(body).not.toContainText('Paragraph 4 of the story.');
  // Everything was acknowledged: after the reload this browser keeps no copy of the body.
  await expect.poll(() => keptBases(page)).toBe(0);
});

test('issue 17.1: a patch the host refuses is sent again whole, and nothing typed is lost', async ({ page, served }) => {
  const { sent } = await savedStory(page, served.url, 6);

  // As a host with another copy of the body would answer (the real host's message for it).
  let refused = 0;
  await page.route('**/articles:patch', async (route) => {
    refused += 1;
    await route.fulfill({
      contentType: 'application/json',
      body: JSON.stringify({ ok: false, error: { code: 'invalid_input', message: 'This change was made against a different copy of the article; Copydesk will send the whole article instead' } }),
    });
  });
  await page.keyboard.type(' The last words.');
  await expect(page.locator('.save-status')).toHaveText('Saved');
  expect(refused).toBeGreaterThan(0);
  expect(sent.at(-1)?.name).toBe('articles:save');
  await expect(page.locator('.notice-warning')).toHaveCount(0);
  const { editor, stored } = await editorAndStored(page);
  expect(stored).toEqual(editor);
  expect(JSON.stringify(stored)).toContain('Paragraph 6 of the story. The last words.');
});
