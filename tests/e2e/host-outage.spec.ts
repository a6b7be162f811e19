import type { Page } from '@playwright/test';
import { test, expect, newArticle } from './fixtures';

/**
 * Issue 15.4: stopping `copydesk serve` while editing. The badge must say the server is
 * unreachable (not "Online"), edits typed meanwhile must survive the tab closing, and a tab
 * left open must reconnect by itself once the server is back.
 */

const badge = (page: Page) => page.locator('.network-indicator');
const saveStatus = (page: Page) => page.locator('.save-status');

/** The body text this browser keeps for an article until the server acknowledges it, if any. */
function keptBodyText(page: Page, headline: string): Promise<string | null> {
  return page.evaluate(async (wanted) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('copydesk-pending-edits');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    if (!db.objectStoreNames.contains('edits')) return null;
    const getAll = (store: string) =>
      new Promise<unknown[]>((resolve, reject) => {
        if (!db.objectStoreNames.contains(store)) return resolve([]);
        const req = db.transaction(store, 'readonly').objectStore(store).getAll();
        req.onsuccess = () => resolve(req.result as unknown[]);
        req.onerror = () => reject(req.error);
      });
    const all = await getAll('edits');
    const bases = await getAll('bases');
    db.close();
    type Text = { text?: string; children?: Text[] };
    const text = (node: Text): string => (node.text ?? '') + (node.children ?? []).map(text).join('');
    // An entry is the whole document, or (issue 17.1) a patch over its article's kept base:
    // unchanged blocks by index into the base body, changed ones in full.
    type Whole = { doc: { headline: string; body: { root: Text } } };
    type Patched = { articleId: string; fields: { headline: string }; body?: { blocks: (number | Text)[] } };
    type Base = { articleId: string; body: { root: { children: Text[] } } };
    for (const entry of all as (Whole | Patched)[]) {
      if ('doc' in entry) {
        if (entry.doc.headline === wanted) return text(entry.doc.body.root);
        continue;
      }
      if (entry.fields.headline !== wanted) continue;
      const base = (bases as Base[]).find((b) => b.articleId === entry.articleId);
      if (!base) return null;
      const blocks = entry.body ? entry.body.blocks.map((block) => (typeof block === 'number' ? base.body.root.children[block]! : block)) : base.body.root.children;
      return blocks.map(text).join('');
    }
    return null;
  }, headline);
}

test('issue 15.4: during an outage the badge says so, and a closed tab’s edits are saved when the server is back', async ({ page, served }) => {
  test.setTimeout(120_000);
  await page.goto(served.url);
  await newArticle(page);
  await page.getByLabel('Headline', { exact: true }).fill('Outage test');
  const body = page.getByRole('textbox', { name: 'Body' });
  await body.click();
  await page.keyboard.type('Before the outage.');
  await expect(saveStatus(page)).toHaveText('Saved');
  await expect(badge(page)).toHaveText('Online');

  await served.stop(true);
  await page.keyboard.type(' Typed while the server was down.');
  await expect(saveStatus(page)).toHaveText('Save failed — retrying');
  await expect(badge(page)).toHaveText('Server unreachable — edits kept here');
  await page.keyboard.type(' And more after the badge changed.');
  const typed = 'Before the outage. Typed while the server was down. And more after the badge changed.';
  await expect(body).toHaveText(typed);
  // The page keeps them (IndexedDB) within half a second; closing the tab then loses nothing.
  await expect.poll(() => keptBodyText(page, 'Outage test')).toBe(typed);
  await page.close();

  const restarted = await served.restart();
  expect(restarted.origin).toBe(served.origin);
  // The same browser, without the launch link: its session cookie still works, since the
  // restarted server kept its token.
  const reopened = await page.context().newPage();
  await reopened.goto(`${restarted.origin}/`);
  await expect(reopened.getByRole('status').filter({ hasText: 'they are now saved' })).toBeVisible();
  await reopened.getByRole('navigation', { name: 'Library' }).getByText('Outage test').click();
  await expect(reopened.getByRole('textbox', { name: 'Body' })).toHaveText(typed);
  await expect.poll(() => keptBodyText(reopened, 'Outage test')).toBeNull();

  // Stored by the server, not only shown from this browser's copy: a fresh browser sees it.
  const other = await page.context().browser()!.newContext();
  const fresh = await other.newPage();
  await fresh.goto(restarted.url);
  await fresh.getByRole('navigation', { name: 'Library' }).getByText('Outage test').click();
  await expect(fresh.getByRole('textbox', { name: 'Body' })).toHaveText(typed);
  await other.close();
});

test('issue 15.4: a tab left open reconnects after the server restarts and saves what was typed meanwhile', async ({ page, served }) => {
  test.setTimeout(120_000);
  await page.goto(served.url);
  await newArticle(page);
  await page.getByLabel('Headline', { exact: true }).fill('Reconnect test');
  await page.getByRole('textbox', { name: 'Body' }).click();
  await page.keyboard.type('First line.');
  await expect(saveStatus(page)).toHaveText('Saved');

  await served.stop();
  await page.keyboard.type(' Typed during the outage.');
  await expect(badge(page)).toHaveText('Server unreachable — edits kept here');
  await page.getByLabel('Summary', { exact: true }).fill('A summary written while the server was down.');

  const restarted = await served.restart();
  await expect(badge(page)).toHaveText(/^(Reconnected|Online)$/);
  await expect(saveStatus(page)).toHaveText('Saved');

  const check = await page.context().newPage();
  await check.goto(`${restarted.origin}/`);
  await check.getByRole('navigation', { name: 'Library' }).getByText('Reconnect test').click();
  await expect(check.getByRole('textbox', { name: 'Body' })).toHaveText('First line. Typed during the outage.');
  await expect(check.getByLabel('Summary', { exact: true })).toHaveValue('A summary written while the server was down.');
});
