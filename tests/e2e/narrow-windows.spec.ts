import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';

const WIDTHS = [360, 390, 768, 900, 1024, 1280, 1920];
const SAMPLE = 'Harbor City council approves';

/**
 * Every visible element under `selectors` that sticks out of the window, or out of an ancestor
 * that clips (overflow other than visible), or whose own text is cut (a button or label whose
 * content is wider than its box). Text that ends in an ellipsis on purpose is allowed to be cut.
 */
function clippedElements(page: Page, selectors: string): Promise<string[]> {
  return page.evaluate((selectors) => {
    const describe = (el: Element) => `${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : ''} “${(el.textContent ?? '').trim().slice(0, 30)}”`;
    const problems: string[] = [];
    const width = document.documentElement.clientWidth;
    for (const root of document.querySelectorAll(selectors)) {
      for (const el of [root, ...root.querySelectorAll('*')]) {
        // Screen-reader-only text is clipped to a pixel on purpose.
        if (!el.checkVisibility({ visibilityProperty: true }) || el.closest('.visually-hidden')) continue;
        const box = el.getBoundingClientRect();
        if (box.width === 0 || box.height === 0) continue;
        if (box.left < -0.5 || box.right > width + 0.5) problems.push(`${describe(el)} reaches ${Math.round(box.left)}–${Math.round(box.right)} in a ${width} px window`);
        const style = getComputedStyle(el);
        const ellipsis = style.textOverflow === 'ellipsis';
        if (!ellipsis && (el instanceof HTMLButtonElement || el instanceof HTMLLabelElement) && el.scrollWidth > el.clientWidth + 1) {
          problems.push(`${describe(el)} cuts its text (${el.scrollWidth} px in ${el.clientWidth} px)`);
        }
        for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
          const clip = getComputedStyle(up);
          if (clip.overflowX === 'visible' && clip.overflowY === 'visible') continue;
          const outer = up.getBoundingClientRect();
          if (!ellipsis && (box.left < outer.left - 0.5 || box.right > outer.right + 0.5)) problems.push(`${describe(el)} is cut off by ${describe(up)}`);
          break;
        }
      }
    }
    return problems;
  }, selectors);
}

test('issue 15.10: at every width from 360 px the header and toolbars fit, and the library is a drawer below 900 px', async ({ page, served }) => {
  test.setTimeout(180_000);
  // No drawer animation: positions are measured where the drawer comes to rest.
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.goto(served.url);
  const library = page.getByRole('navigation', { name: 'Library' });
  const drawerButton = page.getByRole('button', { name: 'Library', exact: true });
  await library.getByText(SAMPLE, { exact: false }).click();
  await expect(page.getByLabel('Headline', { exact: true })).toHaveValue(/Harbor City/);

  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 800 });
    await page.getByRole('navigation', { name: 'Workspace' }).or(drawerButton).first().waitFor();
    if (width < 900) {
      // The library is out of the way until asked for, and then fully on screen.
      await expect(library).toBeHidden();
      await drawerButton.click();
      await expect(library).toBeVisible();
      const box = (await library.boundingBox())!;
      expect(box.x, `${width} px: drawer`).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width, `${width} px: drawer`).toBeLessThanOrEqual(width);
      expect(await clippedElements(page, '.sidebar'), `${width} px: drawer`).toEqual([]);
      // Choosing an article closes it.
      await library.getByText(SAMPLE, { exact: false }).click();
      await expect(library).toBeHidden();
    } else {
      await expect(drawerButton).toBeHidden();
      await expect(library).toBeVisible();
      // Beside the article, never behind it.
      const side = (await library.boundingBox())!;
      const main = (await page.getByRole('main', { name: 'Article' }).boundingBox())!;
      expect(main.x, `${width} px: article beside the library`).toBeGreaterThanOrEqual(side.x + side.width - 1);
    }
    // The headline in the bar keeps room to be read.
    const title = (await page.locator('.article-bar-heading').boundingBox())!;
    expect(title.width, `${width} px: title width`).toBeGreaterThanOrEqual(Math.min(200, width - 60));
    await expect(page.getByRole('button', { name: 'Publish', exact: true })).toBeInViewport({ ratio: 1 });
    await expect(page.getByRole('button', { name: 'Move to trash' })).toBeInViewport({ ratio: 1 });
    expect(await clippedElements(page, '.brand, .article-bar, [role="toolbar"]'), `${width} px: article`).toEqual([]);
    if (width === 390 || width === 1280) await page.screenshot({ path: test.info().outputPath(`article-${width}.png`) });
  }

  // The moderation desk's header, queue tabs and filters fit too.
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.getByRole('navigation', { name: 'Workspace' }).getByRole('button', { name: 'Moderation' }).click();
  await expect(page.locator('.mod-card').first()).toBeVisible();
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 800 });
    expect(await clippedElements(page, '.brand, .mod-header, .mod-tabs, .mod-filters'), `${width} px: moderation`).toEqual([]);
    if (width === 390) await page.screenshot({ path: test.info().outputPath(`moderation-${width}.png`) });
  }
});
