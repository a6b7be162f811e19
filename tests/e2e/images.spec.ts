import type { Locator, Page } from '@playwright/test';
import { png } from '../fixtures/images';
import { expect, test } from './fixtures';

const SAMPLE = 'Harbor City council approves';

// Specs compile without the DOM library; these are the browser shapes the page functions use.
interface LoadedImage {
  complete: boolean;
  naturalWidth: number;
}
interface BrowserGlobals {
  DataTransfer: new () => { items: { add(file: unknown): void } };
  File: new (parts: unknown[], name: string, options: { type: string }) => unknown;
  ClipboardEvent: new (type: string, init: object) => unknown;
  DragEvent: new (type: string, init: object) => unknown;
}

/** The decoded width of an <img>, or 0 while it has not loaded (runs in the page). */
function loadedWidth(el: unknown): number {
  const img = el as LoadedImage;
  return img.complete ? img.naturalWidth : 0;
}

async function openSample(page: Page, url: string) {
  await page.goto(url);
  await page.getByRole('navigation', { name: 'Library' }).getByText(SAMPLE, { exact: false }).click();
  const body = page.getByRole('textbox', { name: 'Body' });
  await expect(body).toBeVisible();
  return body;
}

/** Chooses a file through the toolbar button, as a person would. */
async function chooseImage(page: Page, name: string, buffer: Buffer) {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Insert image' }).first().click();
  await (await chooser).setFiles({ name, mimeType: 'image/png', buffer });
}

test('an image inserted from a file, with alt text and caption, shows in the body and survives a reload', async ({ page, served }) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });

  const body = await openSample(page, served.url);
  await body.click();
  await page.keyboard.press('ControlOrMeta+End');
  await chooseImage(page, 'harbor.png', png(64, 40));

  const dialog = page.getByRole('dialog', { name: 'Insert image' });
  await expect(dialog).toBeVisible();
  // The preview is decorative (alt=""): the alt text field is what describes it.
  const preview = dialog.locator('img');
  await expect.poll(() => preview.evaluate(loadedWidth)).toBe(64);
  await dialog.getByLabel('Alt text').fill('Ferries moored at the harbour at dusk');
  await dialog.getByLabel('Caption').fill('The harbour on Tuesday. Photo: J. Doe');
  await dialog.getByRole('button', { name: 'Insert' }).click();
  await expect(dialog).toBeHidden();

  const img = body.locator('figure img');
  await expect(img).toHaveAttribute('alt', 'Ferries moored at the harbour at dusk');
  await expect(img).toHaveAttribute('width', '64');
  await expect(img).toHaveAttribute('height', '40');
  await expect(img).toHaveAttribute('src', /^\/workspace-assets\/[0-9a-f]{32}\.png$/);
  await expect.poll(() => img.evaluate(loadedWidth)).toBe(64);
  await expect(body.locator('figure figcaption')).toHaveText('The harbour on Tuesday. Photo: J. Doe');

  await expect(page.getByRole('status').filter({ hasText: /^Saved$/ })).toBeVisible({ timeout: 5_000 });
  await page.reload();
  const reloaded = await openSample(page, served.url);
  const again = reloaded.locator('figure img');
  await expect(again).toHaveAttribute('alt', 'Ferries moored at the harbour at dusk');
  await expect.poll(() => again.evaluate(loadedWidth)).toBe(64);
  await expect(reloaded.locator('figure figcaption')).toHaveText('The harbour on Tuesday. Photo: J. Doe');
  expect(errors).toEqual([]);
});

test('alt text is required: the dialog refuses to insert without it, and Cancel inserts nothing', async ({ page, served }) => {
  const body = await openSample(page, served.url);
  await body.click();
  await chooseImage(page, 'chart.png', png(20, 20));
  const dialog = page.getByRole('dialog', { name: 'Insert image' });
  await dialog.getByRole('button', { name: 'Insert' }).click();
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('alert')).toContainText('alt text');
  await expect(dialog.getByLabel('Alt text')).toBeFocused();
  await expect(dialog.getByLabel('Alt text')).toHaveAttribute('aria-invalid', 'true');
  await dialog.getByLabel('Alt text').fill('   ');
  await dialog.getByRole('button', { name: 'Insert' }).click();
  await expect(dialog).toBeVisible();
  await expect(body.locator('figure')).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await expect(body.locator('figure')).toHaveCount(0);
});

test('a selected image can have its alt text edited, and can be removed', async ({ page, served }) => {
  const body = await openSample(page, served.url);
  await body.click();
  await page.keyboard.press('ControlOrMeta+End');
  await chooseImage(page, 'map.png', png(30, 30));
  const insert = page.getByRole('dialog', { name: 'Insert image' });
  await insert.getByLabel('Alt text').fill('Map of the ferry routes');
  await insert.getByRole('button', { name: 'Insert' }).click();

  await body.locator('figure img').click();
  const bar = page.getByRole('toolbar', { name: 'Selected image' });
  await bar.getByRole('button', { name: 'Edit alt text & caption' }).click();
  const edit = page.getByRole('dialog', { name: 'Edit image' });
  await expect(edit.getByLabel('Alt text')).toHaveValue('Map of the ferry routes');
  await edit.getByLabel('Alt text').fill('Map of the three ferry routes');
  await edit.getByLabel('Caption').fill('Source: Harbor City transit');
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(body.locator('figure img')).toHaveAttribute('alt', 'Map of the three ferry routes');
  await expect(body.locator('figure figcaption')).toHaveText('Source: Harbor City transit');

  await body.locator('figure img').click();
  await bar.getByRole('button', { name: 'Remove image' }).click();
  await expect(body.locator('figure')).toHaveCount(0);
});

test('an SVG is refused with a message and nothing is inserted', async ({ page, served }) => {
  const body = await openSample(page, served.url);
  await body.click();
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Insert image' }).first().click();
  await (await chooser).setFiles({ name: 'logo.png', mimeType: 'image/png', buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>') });
  await expect(page.getByRole('alert').filter({ hasText: 'SVG' })).toBeVisible();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(body.locator('figure')).toHaveCount(0);
});

/** Pastes or drops a 12×8 PNG file on the body, as the system would (drops at `point` if given). */
async function giveImageFile(body: Locator, how: 'paste' | 'drop', point?: { x: number; y: number }) {
  const base64 = png(12, 8).toString('base64');
  await body.evaluate(
    (el, { base64, how, point }) => {
      const g = globalThis as unknown as BrowserGlobals;
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const transfer = new g.DataTransfer();
      transfer.items.add(new g.File([bytes], 'screenshot.png', { type: 'image/png' }));
      const event =
        how === 'paste'
          ? new g.ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true })
          : new g.DragEvent('drop', { dataTransfer: transfer, clientX: point?.x ?? 0, clientY: point?.y ?? 0, bubbles: true, cancelable: true });
      el.dispatchEvent(event as never);
    },
    { base64, how, point },
  );
}

for (const how of ['paste', 'drop'] as const) {
  test(`an image file can be added by ${how}, and still asks for alt text`, async ({ page, served }) => {
    const body = await openSample(page, served.url);
    await body.click();
    await page.keyboard.press('ControlOrMeta+End');
    await giveImageFile(body, how);
    const dialog = page.getByRole('dialog', { name: 'Insert image' });
    await expect(dialog).toBeVisible();
    await dialog.getByLabel('Alt text').fill(`A ${how}d screenshot`);
    await dialog.getByLabel('Alt text').press('Enter');
    await expect(dialog).toBeHidden();
    await expect(body.locator('figure img')).toHaveAttribute('alt', `A ${how}d screenshot`);
    await expect(body.locator('figure img')).toHaveAttribute('width', '12');
  });
}

test('a dropped image lands where it was dropped, not at the caret', async ({ page, served }) => {
  const body = await openSample(page, served.url);
  await body.click();
  // The caret goes to the end; the drop is on the end of the first paragraph.
  await page.keyboard.press('ControlOrMeta+End');
  const firstParagraph = body.locator('p').first();
  const firstText = await firstParagraph.innerText();
  const point = await firstParagraph.evaluate((el) => {
    type Rect = { right: number; top: number; height: number };
    type Doc = { createRange(): { selectNodeContents(node: unknown): void; getClientRects(): ArrayLike<Rect> } };
    const range = (el as unknown as { ownerDocument: Doc }).ownerDocument.createRange();
    range.selectNodeContents(el);
    const rects = range.getClientRects();
    const last = rects[rects.length - 1]!;
    return { x: last.right - 1, y: last.top + last.height / 2 };
  });
  await giveImageFile(body, 'drop', point);
  const dialog = page.getByRole('dialog', { name: 'Insert image' });
  await dialog.getByLabel('Alt text').fill('Dropped on the first paragraph');
  await dialog.getByLabel('Alt text').press('Enter');
  await expect(body.locator('figure img')).toHaveAttribute('alt', 'Dropped on the first paragraph');
  // The figure follows the first paragraph, whose text stays whole.
  const before = await body.locator('figure').evaluate((figure) => (figure as unknown as { previousElementSibling: { textContent: string } | null }).previousElementSibling?.textContent ?? null);
  expect(before).toBe(firstText);
});
