import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';

/**
 * Runs axe-core (all of its rules: WCAG 2.x A/AA and best practices such as heading order) on
 * the page as it stands, and describes each violation by rule and element so a failure says
 * what to fix.
 */
async function violations(page: Page, screen: string): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations.flatMap((v) =>
    v.nodes.map((n) => `${screen}: ${v.id} (${v.impact ?? ''}) ${n.target.join(' ')} — ${n.failureSummary?.split('\n').slice(1, 2).join(' ').trim() ?? ''}`),
  );
}

type Visit = [screen: string, go: (page: Page) => Promise<void>];

const workspace = (page: Page) => page.getByRole('navigation', { name: 'Workspace' });
const moderationSection = (name: string) => async (page: Page) => {
  await workspace(page).getByRole('button', { name: 'Moderation' }).click();
  await page.getByRole('navigation', { name: 'Moderation sections' }).getByRole('button', { name, exact: true }).click();
};

/** Every screen of the desk, each reached the way a person would. */
const SCREENS: Visit[] = [
  [
    'library and editor',
    async (page) => {
      await workspace(page).getByRole('button', { name: 'Articles' }).click();
      await page.getByRole('navigation', { name: 'Library' }).getByText('Harbor City council approves', { exact: false }).click();
      await expect(page.getByLabel('Headline', { exact: true })).toHaveValue(/Harbor City/);
    },
  ],
  [
    'preview',
    async (page) => {
      await page.getByRole('button', { name: 'Preview', exact: true }).click();
      await expect(page.locator('iframe').first()).toBeVisible();
    },
  ],
  [
    'history',
    async (page) => {
      await page.getByRole('button', { name: 'Preview', exact: true }).click();
      await page.getByRole('button', { name: 'History', exact: true }).click();
      await expect(page.getByRole('button', { name: 'Close history' })).toBeVisible();
    },
  ],
  [
    'search',
    async (page) => {
      await page.getByRole('button', { name: 'Close history' }).click();
      await page.getByRole('searchbox').fill('lead pipes');
      await expect(page.getByRole('navigation', { name: 'Library' }).locator('mark').first()).toBeVisible();
    },
  ],
  [
    'moderation queue',
    async (page) => {
      await page.getByRole('searchbox').fill('');
      await moderationSection('Comments')(page);
      await expect(page.locator('.mod-card').first()).toBeVisible();
    },
  ],
  ['votes', moderationSection('Votes')],
  ['rules', moderationSection('Rules')],
  [
    'audit log',
    async (page) => {
      await moderationSection('Audit log')(page);
      await expect(page.getByRole('table').first()).toBeVisible();
    },
  ],
  [
    'moderation shortcuts',
    async (page) => {
      await moderationSection('Comments')(page);
      await page.getByRole('button', { name: /Shortcuts/ }).click();
      await expect(page.getByRole('dialog')).toBeVisible();
    },
  ],
  [
    'publishing',
    async (page) => {
      await page.keyboard.press('Escape');
      await workspace(page).getByRole('button', { name: 'Publishing' }).click();
    },
  ],
  ['outbox', async (page) => workspace(page).getByRole('button', { name: 'Outbox' }).click()],
  ['settings', async (page) => workspace(page).getByRole('button', { name: 'Settings' }).click()],
];

for (const scheme of ['light', 'dark'] as const) {
  test(`issue 15.16: no axe violations on any screen (${scheme})`, async ({ page, served }) => {
    test.setTimeout(400_000);
    await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
    await page.goto(served.url);
    const found: string[] = [];
    for (const [screen, go] of SCREENS) {
      await go(page);
      
      found.push(...(await violations(page, screen)));
    }
    expect(found, found.join('\n')).toEqual([]);
  });
}
