/// <reference lib="dom" />
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';

async function openSamplePreview(page: Page, url: string) {
  await page.goto(url);
  await page.getByRole('navigation', { name: 'Library' }).getByText('Harbor City council approves', { exact: false }).click();
  await page.getByRole('button', { name: 'Preview', exact: true }).click();
  const frame = page.frameLocator('iframe[title="Article preview"]');
  await expect(frame.getByRole('heading', { level: 1 })).toContainText('Harbor City council approves');
  return frame;
}

test('the preview shows the draft and follows typing in the headline and the body', async ({ page, served }) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  const frame = await openSamplePreview(page, served.url);
  await expect(page.getByRole('button', { name: 'Preview', exact: true })).toHaveAttribute('aria-pressed', 'true');

  // The page is the published shape: section, takeaways, follow-up questions, comments.
  await expect(frame.getByRole('link', { name: 'Local News' })).toBeVisible();
  await expect(frame.getByRole('heading', { name: 'Key takeaways' })).toBeVisible();
  await expect(frame.getByRole('heading', { name: 'Follow Up Questions' })).toBeVisible();
  await expect(frame.getByText('Only logged-in users can comment.')).toBeVisible();

  const headline = page.getByLabel('Headline', { exact: true });
  await headline.click();
  await headline.press('ControlOrMeta+End');
  await page.keyboard.type(' tonight');
  await expect(frame.getByRole('heading', { level: 1 })).toHaveText(/by 2031 tonight$/, { timeout: 1_000 });

  const body = page.getByRole('textbox', { name: 'Body' });
  await body.click();
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.press('Enter');
  await page.keyboard.type('A freshly typed closing line.');
  await expect(frame.locator('.article-body')).toContainText('A freshly typed closing line.', { timeout: 1_000 });
  expect(errors).toEqual([]);
});

test('width presets change the frame width, and the frame is sandboxed without scripts', async ({ page, served }) => {
  await openSamplePreview(page, served.url);
  const iframe = page.locator('iframe[title="Article preview"]');

  const sandbox = await iframe.getAttribute('sandbox');
  expect(sandbox).not.toBeNull();
  expect(sandbox).not.toContain('allow-scripts');
  expect(sandbox).not.toContain('allow-same-origin');
  const csp = await page.frame({ url: 'about:srcdoc' })!.evaluate(() => document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content'));
  expect(csp).toMatch(/^default-src 'none'; style-src 'unsafe-inline'; img-src [^;]*data:/);

  const widths = page.getByRole('group', { name: 'Preview width' });
  for (const [label, width] of [
    ['Phone', 390],
    ['Desktop', 1280],
    ['Tablet', 820],
  ] as const) {
    await widths.getByRole('button', { name: label }).click();
    await expect(widths.getByRole('button', { name: label })).toHaveAttribute('aria-pressed', 'true');
    await expect(iframe).toHaveAttribute('width', String(width));
    // The document inside lays out at that width, whatever the frame's on-screen scale.
    const inner = await page.frame({ url: 'about:srcdoc' })!.evaluate(() => document.documentElement.clientWidth);
    expect(Math.abs(inner - width)).toBeLessThanOrEqual(20);
  }
});

test('the colour scheme toggle forces light or dark inside the frame', async ({ page, served }) => {
  await openSamplePreview(page, served.url);
  const schemes = page.getByRole('group', { name: 'Preview colour scheme' });
  // The frame reloads on every change; a poll that lands mid-reload just tries again.
  const background = () =>
    page
      .frame({ url: 'about:srcdoc' })!
      .evaluate(() => getComputedStyle(document.body).backgroundColor)
      .catch(() => null);
  await schemes.getByRole('button', { name: 'Dark' }).click();
  await expect.poll(background).toBe('rgb(20, 21, 23)');
  await schemes.getByRole('button', { name: 'Light' }).click();
  await expect.poll(background).toBe('rgb(253, 252, 250)');
});

test('Open in browser opens the rendered page in a new tab, with no script and its own CSP', async ({ page, served, context }) => {
  await openSamplePreview(page, served.url);
  const [tab] = await Promise.all([context.waitForEvent('page'), page.getByRole('button', { name: 'Open in browser' }).click()]);
  await tab.waitForLoadState();
  expect(tab.url()).toMatch(/^blob:/);
  await expect(tab.getByRole('heading', { level: 1 })).toContainText('Harbor City council approves');
  expect(await tab.locator('script').count()).toBe(0);
  expect(await tab.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')).toContain("default-src 'none'");
});
