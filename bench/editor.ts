import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { openWorkspace } from '../src/core/workspace';
import { startWebHost } from '../src/web/server';
import { articleWordCount } from '../src/shared/words';
import { report, summarise } from './machine';
import {
  bigArticle,
  CHROMIUM_ARGS,
  describeTyping,
  lexicalAlonePage,
  plainEditablePage,
  pooled,
  sentence,
  typeBothCadences,
  type Typed,
} from './editor-pages';

/** Rounds of the app against Lexical alone, alternating (BENCH_EDITOR_ROUNDS, default 4). */
const ROUNDS = Math.max(1, Number(process.env.BENCH_EDITOR_ROUNDS ?? 4));
/** BENCH_EDITOR_FLOORS=0 skips the bare-page floors and the sample article (for quick comparisons). */
const WITH_FLOORS = process.env.BENCH_EDITOR_FLOORS !== '0';
/** The target of issue 17.1: the app's p95 at most this many times Lexical alone's, at each cadence. */
const TARGET_RATIO = 1.1;

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/**
 * In Chromium against the web host: time from clicking a 20,000-word article in the library to
 * its body being editable and painted, and keystroke-to-paint latency while typing.
 *
 * Keystroke-to-paint is Chromium's EventLatency for each key press (see event-latency.ts): from
 * the browser creating the key event to the presentation of the frame that shows the character,
 * read from a trace of the "benchmark" category only. It is measured with the caret in the
 * middle of the 20,000-word body, in the 650-word sample article, and on two bare
 * contenteditable pages: two short paragraphs (the floor: what this browser on this machine
 * takes for a key with no app at all, mostly waiting for the next 60 Hz frame) and the long
 * article's paragraphs (what Chromium alone costs for that much text). Each at two cadences:
 * a quick typist (50–200 ms between keys) and a burst as fast as Playwright presses (20 ms
 * after each key is handled). Needs `npm run build:web`. The machine is shared: the load
 * average is recorded.
 *
 * The app and "Lexical alone" (the floor issue 17.1's target is a ratio to) are typed into in
 * alternating rounds, so load on this shared machine falls on both alike; each round records
 * the load average, and the keys of all rounds are pooled per cadence.
 *
 * This replaced an in-page probe (keydown's timeStamp to a MessageChannel task after the next
 * requestAnimationFrame). That probe requested its frame from keydown, which Chromium can
 * handle in an earlier task than the keypress/input that change the text, so it sometimes
 * timed a frame without the character; and its "after the frame" task could queue behind other
 * work. On the renderer before issue 3's fixes it read a p50 of 19.9 ms for the long article,
 * where EventLatency reads 45–50 ms (burst) and Event Timing put every key at 16 ms or more.
 */
export async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'copydesk-bench-editor-'));
  const workspace = openWorkspace(dir);
  const [big] = workspace.articles.importMany([bigArticle()]);
  const words = articleWordCount(big!);
  // BENCH_WEB_DIR: a build elsewhere, so measuring does not replace out/web under a running e2e suite.
  const host = await startWebHost({ workspace, staticDir: resolve(process.env.BENCH_WEB_DIR ?? 'out/web') });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(host.url);
    const library = page.getByRole('navigation', { name: 'Library' });
    await library.getByText('Harbor City', { exact: false }).first().waitFor();
    const openMs = await measureOpen(page);
    const body = page.getByRole('textbox', { name: 'Body' });

    const lexicalAlone = await lexicalAlonePage(browser, big!.body);
    const app: { typist: Typed[]; burst: Typed[] } = { typist: [], burst: [] };
    const floorLexical: { typist: Typed[]; burst: Typed[] } = { typist: [], burst: [] };
    const rounds: { loadAverage1m: number; ratio: { typist: number; burst: number } }[] = [];
    try {
      for (let round = 0; round < ROUNDS; round += 1) {
        const load = loadavg()[0]!;
        // Alternate which goes first, so neither always follows the other's leftovers.
        const order = round % 2 === 0 ? (['app', 'lexical'] as const) : (['lexical', 'app'] as const);
        const typed: Record<'app' | 'lexical', { typist: Typed; burst: Typed }> = {} as never;
        for (const subject of order) {
          typed[subject] =
            subject === 'app'
              ? await typeBothCadences(page, body.locator('p').nth(150))
              : await typeBothCadences(lexicalAlone.page, lexicalAlone.page.locator('p').nth(150));
        }
        app.typist.push(typed.app.typist);
        app.burst.push(typed.app.burst);
        floorLexical.typist.push(typed.lexical.typist);
        floorLexical.burst.push(typed.lexical.burst);
        const ratio = (cadence: 'typist' | 'burst') => round3(p95(typed.app[cadence]) / p95(typed.lexical[cadence]));
        rounds.push({ loadAverage1m: Math.round(load * 100) / 100, ratio: { typist: ratio('typist'), burst: ratio('burst') } });
        console.error(`round ${round + 1}/${ROUNDS}: load ${load.toFixed(2)}, p95 ratio typist ${ratio('typist')}, burst ${ratio('burst')}`);
      }
    } finally {
      lexicalAlone.cleanup();
    }
    const bigArticleTyping = { typist: describeTyping(pooled(app.typist)), burst: describeTyping(pooled(app.burst)) };
    const floorLexicalAlone = { typist: describeTyping(pooled(floorLexical.typist)), burst: describeTyping(pooled(floorLexical.burst)) };
    const ratioToLexicalAlone = {
      typist: round3(bigArticleTyping.typist.keyToPresentedMs.p95 / floorLexicalAlone.typist.keyToPresentedMs.p95),
      burst: round3(bigArticleTyping.burst.keyToPresentedMs.p95 / floorLexicalAlone.burst.keyToPresentedMs.p95),
    };

    const floors = WITH_FLOORS ? await otherFloors(browser, page) : null;
    const loadAfter = loadavg();

    report('editor', {
      description: 'Chromium via the web host: open a long article to editable+painted; keystroke-to-paint while typing, as a ratio to Lexical alone',
      method: {
        open: 'performance.now() from the library button click to the second animation frame after the body is editable and holds the whole text',
        keystrokeToPaint:
          'Chromium EventLatency trace events (category "benchmark"), one per key press: from the browser creating the key event to the presentation of the compositor frame containing its effect; ' +
          'stages: toMainThread = event created -> renderer main thread starts handling it; handlers = the page handling the key; frame = handlers done -> frame presented (wait for vsync, style/layout/paint, raster, draw)',
        keys: '200 keys (a, a space every tenth) per cadence with the caret inside a paragraph; Playwright keyboard.press (keydown+keyup), each press awaited',
        cadences: { typist: '50-200 ms pause after each key (mean 125 ms)', burst: '20 ms pause after each key' },
        rounds: `${ROUNDS} rounds; each types both cadences into the app's 20,000-word article and into Lexical alone, alternating which goes first; keys pooled over the rounds`,
        ratioToLexicalAlone: "the app's pooled p95 over Lexical alone's pooled p95, per cadence (issue 17.1 target: at most 1.10)",
        floor: 'the same keys and cadences typed into a bare contenteditable page (two short paragraphs) in the same browser',
        floorLongDocument: "the same into a bare contenteditable holding the 20,000-word article's 300 body paragraphs (15,000 words; no app, no Lexical): what Chromium itself costs for a document that long",
        floorLongDocumentSkippingOffscreen: 'the same long bare page with the paragraphs styled content-visibility: auto, as the editor styles its blocks: the floor for the app’s technique',
        floorLexicalAlone: "the 20,000-word article's body in a vanilla Lexical editor (bench/lexical-floor: the app's nodes, theme and editor CSS; rich text, lists, history; no React, toolbar, autosave, counts or highlights): what Lexical itself costs for this document",
        eventTimingKeysAtLeast16ms: 'keydown entries the page saw through PerformanceObserver({ type: "event", durationThreshold: 16 }) (cross-check; rounded to 8 ms)',
      },
      chromium: browser.version(),
      loadAverage1m: { before: rounds[0]?.loadAverage1m ?? null, after: Math.round(loadAfter[0]! * 100) / 100, rounds: rounds.map((r) => r.loadAverage1m) },
      words,
      openMs: summarise(openMs),
      ratioToLexicalAlone,
      rounds,
      keystrokeToPaint: { bigArticle: bigArticleTyping, floorLexicalAlone, ...floors },
      targets: { openMs: 300, ratioToLexicalAlone: TARGET_RATIO },
    });
  } finally {
    await browser.close();
    await host.close();
    workspace.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const p95 = (typed: Typed) => summarise(typed.keys.map((k) => k.totalMs)).p95;

/** Eight opens of the long article from the library, each from another article. */
async function measureOpen(page: Page): Promise<number[]> {
  const library = page.getByRole('navigation', { name: 'Library' });
  const openMs: number[] = [];
  for (let round = 0; round < 8; round += 1) {
    await library.getByText('Harbor City', { exact: false }).first().click();
    await page.getByRole('textbox', { name: 'Body' }).waitFor();
    openMs.push(
      await page.evaluate(async () => {
        const button = [...document.querySelectorAll('nav[aria-label="Library"] button')].find((b) => b.textContent?.includes('Benchmark: a 20,000-word'));
        if (!(button instanceof HTMLElement)) throw new Error('benchmark article not in the library');
        const start = performance.now();
        button.click();
        for (;;) {
          await new Promise((r) => requestAnimationFrame(r));
          const body = document.querySelector('[aria-label="Body"]');
          if (body?.getAttribute('contenteditable') === 'true' && body.textContent?.includes('END-OF-BODY')) break;
        }
        // The frame after the one that rendered the text is the one that painted it.
        await new Promise((r) => requestAnimationFrame(r));
        return performance.now() - start;
      }),
    );
  }
  return openMs;
}

/** The 650-word sample article and the bare contenteditable floors, once each. */
async function otherFloors(browser: Browser, page: Page) {
  const describe = (typed: { typist: Typed; burst: Typed }) => ({ typist: describeTyping(typed.typist), burst: describeTyping(typed.burst) });
  const library = page.getByRole('navigation', { name: 'Library' });
  await library.getByText('Harbor City', { exact: false }).first().click();
  const sampleArticle = describe(await typeBothCadences(page, page.getByRole('textbox', { name: 'Body' }).locator('p').nth(3)));
  const floorPage = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await floorPage.setContent(plainEditablePage(['One short paragraph.', 'Another one.']));
  const floor = describe(await typeBothCadences(floorPage, floorPage.locator('p').nth(1)));
  const longPage = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await longPage.setContent(plainEditablePage(Array.from({ length: 300 }, (_, i) => sentence(50, i))));
  const floorLongDocument = describe(await typeBothCadences(longPage, longPage.locator('p').nth(150)));
  const skippingPage = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await skippingPage.setContent(plainEditablePage(Array.from({ length: 300 }, (_, i) => sentence(50, i)), true));
  const floorLongDocumentSkippingOffscreen = describe(await typeBothCadences(skippingPage, skippingPage.locator('p').nth(150)));
  return { sampleArticle, floor, floorLongDocument, floorLongDocumentSkippingOffscreen };
}
