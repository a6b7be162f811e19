import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { openWorkspace } from '../src/core/workspace';
import { startWebHost } from '../src/web/server';
import { bigArticle, BURST, CHROMIUM_ARGS, lexicalAlonePage, placeCaret, TYPIST } from './editor-pages';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

/**
 * Where the main thread's time goes while typing (the profile behind issue 17.1's numbers):
 * a CPU profile of 200 keys at one cadence in the app's 20,000-word article and in Lexical
 * alone, summed as self time per function, biggest first. Needs `npm run build:web`.
 * Usage: node scripts/run-ts.js bench/editor-profile.ts [typist|burst] [top]
 */
export async function main(args: string[] = []): Promise<void> {
  const cadence = args[0] === 'burst' ? BURST : TYPIST;
  const top = Number(args[1] ?? 25);
  const dir = mkdtempSync(join(tmpdir(), 'copydesk-bench-profile-'));
  const workspace = openWorkspace(dir);
  const [big] = workspace.articles.importMany([bigArticle()]);
  const host = await startWebHost({ workspace, staticDir: resolve(process.env.BENCH_WEB_DIR ?? 'out/web') });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(host.url);
    await page.getByRole('navigation', { name: 'Library' }).getByText('Benchmark: a 20,000-word').click();
    await page.getByText('END-OF-BODY').waitFor();
    await placeCaret(page, page.getByRole('textbox', { name: 'Body' }).locator('p').nth(150));
    print('app', await profileTyping(page, cadence), top);
    const lexical = await lexicalAlonePage(browser, big!.body);
    await placeCaret(lexical.page, lexical.page.locator('p').nth(150));
    print('Lexical alone', await profileTyping(lexical.page, cadence), top);
    lexical.cleanup();
  } finally {
    await browser.close();
    await host.close();
    workspace.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Self time (ms) per "function file:line" while typing 200 keys. */
async function profileTyping(page: Page, cadence: (i: number) => number): Promise<Map<string, number>> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  for (let i = 0; i < 200; i += 1) {
    await page.keyboard.press(i % 10 === 9 ? 'Space' : 'KeyA');
    await page.waitForTimeout(cadence(i));
  }
  await page.waitForTimeout(500);
  const { profile } = (await cdp.send('Profiler.stop')) as { profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] } };
  await cdp.detach();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id)!.callFrame;
    const file = frame.url.split('/').pop() ?? '';
    const name = `${frame.functionName || '(anonymous)'} ${file}:${frame.lineNumber + 1}`;
    self.set(name, (self.get(name) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  return self;
}

function print(label: string, self: Map<string, number>, top: number): void {
  const idle = new Set(['(idle) :0', '(program) :0']);
  const busy = [...self].filter(([name]) => !idle.has(name));
  const total = busy.reduce((sum, [, ms]) => sum + ms, 0);
  console.log(`\n${label}: ${total.toFixed(0)} ms busy (${(total / 200).toFixed(2)} ms a key), program ${(self.get('(program) :0') ?? 0).toFixed(0)} ms`);
  for (const [name, ms] of busy.sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${ms.toFixed(1).padStart(8)}  ${name}`);
}
