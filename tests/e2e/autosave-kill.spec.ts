import { test, expect, newArticle } from './fixtures';

/**
 * Regression for "never lose work": kill the web host (SIGKILL, as a crash would) while an
 * editor is typing; after a restart, at most the last 500 ms of typing may be missing.
 */
test('killing the host while typing loses at most the last 500 ms of typing', async ({ page, served }) => {
  test.setTimeout(180_000);
  await page.goto(served.url);
  await newArticle(page);
  await page.getByLabel('Headline', { exact: true }).fill('Crash test');
  const body = page.getByRole('textbox', { name: 'Body' });
  await body.click();

  // Type a known sequence at a steady 25 ms per key, recording when each key landed.
  const words = Array.from({ length: 60 }, (_, i) => `w${i}`).join(' ');
  const typedAt: number[] = [];
  let killedAt = 0;
  for (let i = 0; i < words.length; i += 1) {
    await page.keyboard.type(words[i]!);
    typedAt.push(Date.now());
    if (i === 80) {
      killedAt = Date.now();
      await served.stop(true);
      break;
    }
    await page.waitForTimeout(25);
  }
  const typedBeforeKill = words.slice(0, typedAt.filter((t) => t <= killedAt).length);

  const restarted = await served.restart();
  const fresh = await page.context().newPage();
  await fresh.goto(restarted.url);
  await fresh.getByRole('navigation', { name: 'Library' }).getByText('Crash test').click();
  const saved = (await fresh.getByRole('textbox', { name: 'Body' }).innerText()).trim();

  expect(typedBeforeKill.startsWith(saved)).toBe(true);
  const missing = typedBeforeKill.length - saved.length;
  // Keys typed in the last 500 ms before the kill are the most that may be missing.
  const typedInLast500ms = typedAt.filter((t) => t > killedAt - 500 && t <= killedAt).length;
  expect(missing).toBeLessThanOrEqual(typedInLast500ms);
  expect(saved.length).toBeGreaterThan(0);
});
