import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';

/** The serialized state of the Lexical editor behind a contenteditable (Lexical keeps it on the root). */
async function editorJson(page: Page, label: string, nth = 0): Promise<unknown> {
  const handle = page.getByRole('textbox', { name: label, exact: true }).nth(nth);
  // Through JSON, as the app serializes it (undefined properties drop out).
  return handle.evaluate((el) =>
    JSON.parse(JSON.stringify((el as unknown as { __lexicalEditor: { getEditorState(): { toJSON(): unknown } } }).__lexicalEditor.getEditorState().toJSON())),
  );
}

async function savedArticle(page: Page, id: string): Promise<Record<string, unknown>> {
  return page.evaluate(async (articleId) => {
    const res = await fetch('/api/articles:get', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ id: articleId }) });
    return ((await res.json()) as { value: Record<string, unknown> }).value;
  }, id);
}

/**
 * The authoring issue's round trip: an article in the shape of the example page typed with the
 * keyboard alone (headings, a link, nested lists inside an answer) is saved and, after a reload,
 * the editors hold exactly the serialized document that was saved.
 */
test('an article typed with the keyboard alone survives a reload unchanged', async ({ page, served }) => {
  test.setTimeout(180_000);
  await page.goto(served.url);
  const saved = page.getByRole('status').filter({ hasText: /^Saved$/ });

  await page.getByRole('button', { name: 'New article' }).focus();
  await page.keyboard.press('Enter');
  const headline = page.getByLabel('Headline', { exact: true });
  await expect(headline).toBeFocused();
  await page.keyboard.type('Treasury hosts ministers on critical minerals supply chains');
  await page.getByLabel('Section', { exact: true }).focus();
  await page.keyboard.type('Important News');
  await page.getByLabel('Summary', { exact: true }).focus();
  await page.keyboard.type('Finance ministers met to discuss rare earth supply.');

  // Body: paragraph, a heading via "## ", a link via Ctrl+K, and a nested list.
  await page.getByRole('textbox', { name: 'Body', exact: true }).focus();
  await page.keyboard.type('On January 12 ministers met in Washington.');
  await page.keyboard.press('Enter');
  await page.keyboard.type('## Who attended');
  await page.keyboard.press('Enter');
  await page.keyboard.type('See the ');
  await page.keyboard.press('ControlOrMeta+k');
  const linkField = page.getByLabel('Link URL');
  await expect(linkField).toBeFocused();
  await page.keyboard.type('https://example.org/press-release');
  await page.keyboard.press('Enter');
  await page.keyboard.type(' for details.');
  await page.keyboard.press('Enter');
  await page.keyboard.type('- Australia');
  await page.keyboard.press('Enter');
  await page.keyboard.type('Canada');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Ontario delegation');

  // Key takeaways.
  await page.getByRole('button', { name: 'Add takeaway' }).focus();
  await page.keyboard.press('Enter');
  await page.keyboard.type('Ministers met on January 12.');
  await page.keyboard.press('Enter');
  await page.keyboard.type('The talks focused on rare earth elements.');
  await page.keyboard.press('Enter');
  await page.keyboard.type('Bessent urged derisking over decoupling.');

  // A follow-up question whose answer has a paragraph and a nested list.
  await page.getByRole('button', { name: 'Add question' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Question', { exact: true })).toBeFocused();
  await page.keyboard.type('What are rare earth elements?');
  await page.getByRole('textbox', { name: 'Answer', exact: true }).focus();
  await page.keyboard.type('A group of 17 metals:');
  await page.keyboard.press('Enter');
  await page.keyboard.type('- The 15 lanthanides');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  await page.keyboard.type('lanthanum to lutetium');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.type('Plus scandium and yttrium');

  await expect(saved).toBeVisible({ timeout: 10_000 });
  const before = {
    body: await editorJson(page, 'Body'),
    answer: await editorJson(page, 'Answer'),
    takeaways: [0, 1, 2].map(() => null),
  };
  for (let i = 0; i < 3; i += 1) before.takeaways[i] = (await editorJson(page, `Takeaway ${i + 1}`)) as null;

  const id = await page.evaluate(async () => {
    const res = await fetch('/api/articles:list', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    const list = ((await res.json()) as { value: { id: string; headline: string }[] }).value;
    return list.find((a) => a.headline.startsWith('Treasury hosts'))!.id;
  });
  const stored = await savedArticle(page, id);
  expect(stored.body).toStrictEqual(before.body);
  expect((stored.questions as { answer: unknown; question: string }[])[0]).toMatchObject({ question: 'What are rare earth elements?', answer: before.answer });
  expect((stored.takeaways as { content: unknown }[]).map((t) => t.content)).toEqual(before.takeaways);

  const bodyText = JSON.stringify(stored.body);
  expect(bodyText).toContain('"type":"heading"');
  expect(bodyText).toContain('"url":"https://example.org/press-release"');
  const answerText = JSON.stringify(before.answer);
  expect(answerText.match(/"type":"list"/g)?.length).toBe(2);

  await page.reload();
  await page.getByRole('navigation', { name: 'Library' }).getByText('Treasury hosts ministers', { exact: false }).first().focus();
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Headline', { exact: true })).toHaveValue('Treasury hosts ministers on critical minerals supply chains');
  expect(await editorJson(page, 'Body')).toEqual(stored.body);
  for (let i = 0; i < 3; i += 1) expect(await editorJson(page, `Takeaway ${i + 1}`)).toEqual(before.takeaways[i]);
  // Answers start collapsed: open the question with the keyboard, then compare.
  const disclosure = page.getByRole('button', { name: /What are rare earth elements\?/ }).first();
  if ((await disclosure.getAttribute('aria-expanded')) === 'false') {
    await disclosure.focus();
    await page.keyboard.press('Enter');
  }
  expect(await editorJson(page, 'Answer')).toEqual(before.answer);
  expect(await savedArticle(page, id)).toEqual(stored);
});
