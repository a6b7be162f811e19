import type { Locator } from '@playwright/test';
import { test, expect } from './fixtures';

/** How wide the frame is drawn on screen, as a share of the width it renders at. */
async function drawnScale(iframe: Locator): Promise<number> {
  const box = (await iframe.boundingBox())!;
  return box.width / Number(await iframe.getAttribute('width'));
}

test('issue 15.11: "Desktop 1280" can be read: full-window preview (Esc returns) and "Fit" or "100%" in the side pane', async ({ page, served }) => {
  await page.goto(served.url);
  await page.getByRole('navigation', { name: 'Library' }).getByText('Harbor City council approves', { exact: false }).click();
  await page.getByRole('button', { name: 'Preview', exact: true }).click();
  const pane = page.getByRole('region', { name: 'Preview' });
  const iframe = page.locator('iframe[title="Article preview"]');
  await expect(page.frameLocator('iframe[title="Article preview"]').getByRole('heading', { level: 1 })).toContainText('Harbor City');
  await pane.getByRole('group', { name: 'Preview width' }).getByRole('button', { name: /Desktop/ }).click();
  await expect(iframe).toHaveAttribute('width', '1280');

  // Beside the editor, "Fit" shrinks the page to the pane: far too small to read.
  const size = pane.getByRole('group', { name: 'Preview size' });
  await expect(size.getByRole('button', { name: 'Fit' })).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(() => drawnScale(iframe)).toBeLessThan(0.6);

  // "100%": real size, and the stage scrolls sideways to show the rest.
  await size.getByRole('button', { name: '100%' }).click();
  await expect(size.getByRole('button', { name: '100%' })).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(() => drawnScale(iframe)).toBeCloseTo(1, 2);
  const stage = pane.locator('.preview-stage');
  const scroll = await stage.evaluate((el) => ({ scrollable: el.scrollWidth > el.clientWidth, overflow: getComputedStyle(el).overflowX }));
  expect(scroll).toEqual({ scrollable: true, overflow: 'auto' });
  await stage.evaluate((el) => el.scrollTo({ left: el.scrollWidth }));
  await expect.poll(() => stage.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);

  // Full window, fitted: the whole window, the page at (nearly) its real size.
  await size.getByRole('button', { name: 'Fit' }).click();
  await pane.getByRole('button', { name: 'Full window' }).click();
  await expect(pane.getByRole('button', { name: 'Exit full window' })).toBeFocused();
  const viewport = page.viewportSize()!;
  await expect.poll(async () => (await pane.boundingBox())!.width).toBe(viewport.width);
  await expect.poll(() => drawnScale(iframe)).toBeGreaterThan(0.95);

  // Esc returns to the editor with the pane beside it.
  await page.keyboard.press('Escape');
  await expect(pane.getByRole('button', { name: 'Full window' })).toBeFocused();
  await expect.poll(async () => (await pane.boundingBox())!.width).toBeLessThan(viewport.width / 2 + 1);
  await expect(page.getByLabel('Headline', { exact: true })).toBeVisible();
});
