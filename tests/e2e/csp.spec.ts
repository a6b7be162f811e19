// Issue 18.14: the app and the published site run under strict Content Security Policies without
// a single violation, in real Chromium. Violations are collected from the page itself
// (securitypolicyviolation events, registered before any script runs) and from the console.
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';

interface Violation {
  directive: string;
  blocked: string;
  source: string;
}

/** Starts recording CSP violations on every document the page loads; read them with `violations`. */
async function recordViolations(page: Page): Promise<{ violations: () => Promise<Violation[]>; console: string[] }> {
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|unsafe-eval/i.test(message.text())) consoleErrors.push(message.text());
  });
  await page.addInitScript(() => {
    const seen: { directive: string; blocked: string; source: string }[] = [];
    Object.defineProperty(window, '__cspViolations', { value: seen });
    document.addEventListener('securitypolicyviolation', (event) => {
      seen.push({ directive: event.effectiveDirective, blocked: event.blockedURI, source: `${event.sourceFile}:${event.lineNumber}` });
    });
  });
  return {
    console: consoleErrors,
    violations: () => page.evaluate(() => (window as unknown as { __cspViolations: Violation[] }).__cspViolations.slice()),
  };
}

test('issue 18.14: the app starts, lists, opens and saves an article with no CSP violation (zod is jitless)', async ({ page, served }) => {
  const csp = await recordViolations(page);
  await page.goto(served.url);
  const library = page.getByRole('navigation', { name: 'Library' });
  await library.getByText('Harbor City council approves', { exact: false }).click();
  const headline = page.getByLabel('Headline', { exact: true });
  await expect(headline).toHaveValue(/Harbor City council approves/);
  // Typing saves through the contract: zod parses on both sides of the call.
  await headline.press('End');
  await headline.pressSequentially(' today');
  await expect(page.getByText('Saved', { exact: false }).first()).toBeVisible({ timeout: 10_000 });
  await page.getByRole('navigation', { name: 'Workspace' }).getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByLabel('Site title')).toBeVisible();
  expect(await csp.violations()).toEqual([]);
  expect(csp.console).toEqual([]);
});
