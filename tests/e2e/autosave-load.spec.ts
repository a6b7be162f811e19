import { spawn, type ChildProcess } from 'node:child_process';
import { test, expect, newArticle } from './fixtures';

/**
 * Issue 18.9: autosave lost about 3 s of typing in 2 of 20 kill -9 runs at load ≈12 on 2 cores.
 * The promise is "at most the last 500 ms" whatever the load, so this types under a CPU hog,
 * kills the host (SIGKILL, as a crash would), goes on typing through the outage, closes the tab,
 * and then counts what a restarted host and a reopened tab have against what was typed.
 * "Lost" is measured, not timed: characters typed more than 500 ms before the tab closed must
 * all be there.
 */

/** Busy-loop processes, each ending by itself after `lifetimeMs` in case the test dies first. */
function startCpuHogs(count: number, lifetimeMs: number): ChildProcess[] {
  return Array.from({ length: count }, () =>
    spawn(process.execPath, ['-e', `const end = Date.now() + ${lifetimeMs}; while (Date.now() < end) {}`], { stdio: 'ignore' }),
  );
}

async function stopCpuHogs(hogs: ChildProcess[]): Promise<void> {
  await Promise.all(
    hogs.map(
      (hog) =>
        new Promise<void>((done) => {
          if (hog.exitCode !== null || hog.signalCode !== null) return done();
          hog.once('exit', () => done());
          hog.kill('SIGKILL');
        }),
    ),
  );
}

const HOGS = 8;

test('issue 18.9: a host killed under a CPU hog loses no edit typed more than 500 ms before the tab closed', async ({ page, served }) => {
  test.setTimeout(360_000);
  await page.goto(served.url);
  await newArticle(page);
  await page.getByLabel('Headline', { exact: true }).fill('Load test');
  await page.getByRole('textbox', { name: 'Body' }).click();
  await expect(page.locator('.save-status')).toHaveText('Saved');

  const words = Array.from({ length: 80 }, (_, i) => `w${i}`).join(' ');
  const typedAt: number[] = [];
  let closedAt = 0;
  const hogs = startCpuHogs(HOGS, 150_000);
  try {
    for (let i = 0; i < words.length && i < 140; i += 1) {
      await page.keyboard.type(words[i]!);
      typedAt.push(Date.now());
      // Killed mid-typing, with saves in flight; typing goes on through the outage.
      if (i === 80) await served.stop(true);
      await page.waitForTimeout(25);
    }
    closedAt = Date.now();
    await page.close();
  } finally {
    await stopCpuHogs(hogs);
  }
  const typed = words.slice(0, typedAt.length);

  const restarted = await served.restart();
  const reopened = await page.context().newPage();
  await reopened.goto(`${restarted.origin}/`);
  await reopened.getByRole('navigation', { name: 'Library' }).getByText('Load test').click();
  const body = reopened.getByRole('textbox', { name: 'Body' });
  // Settled once the replay's notice (if anything was kept) has come and the body shows text.
  await expect(body).not.toHaveText('');
  const saved = (await body.innerText()).trim();

  expect(typed.startsWith(saved), `stored "${saved}" is not a prefix of typed "${typed}"`).toBe(true);
  const missing = typed.length - saved.length;
  const typedInLast500ms = typedAt.filter((t) => t > closedAt - 500).length;
  expect(missing).toBeLessThanOrEqual(typedInLast500ms);

  // And it is stored by the host, not only this browser's copy shown: a fresh browser agrees.
  const other = await page.context().browser()!.newContext();
  const fresh = await other.newPage();
  await fresh.goto(restarted.url);
  await fresh.getByRole('navigation', { name: 'Library' }).getByText('Load test').click();
  await expect(fresh.getByRole('textbox', { name: 'Body' })).toHaveText(saved);
  await other.close();
});
