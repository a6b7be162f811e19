import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Locator, Page } from '@playwright/test';
import { build } from 'vite';
import { doc, heading, list, paragraph, type Item } from '../src/shared/lexical/build';
import type { SerializedState } from '../src/shared/lexical/schema';
import { startLatencyTrace, stopLatencyTrace, type KeyLatency } from './event-latency';
import { summarise } from './machine';

/*
 * The pages bench/editor.ts types into (and bench/editor-profile.ts profiles): the app's
 * 20,000-word article, "Lexical alone" with the same body, and bare contenteditable pages.
 */

const VOCAB = 'the council said on tuesday that supply chains for critical minerals remain fragile and concentrated in few countries'.split(' ');
export const sentence = (n: number, seed: number) => Array.from({ length: n }, (_, i) => VOCAB[(seed * 7 + i * 3) % VOCAB.length]).join(' ') + '.';

/** ~20,000 words: a 15,000-word body in 300 paragraphs with headings, and 8 answers with nested lists. */
export function bigArticle() {
  const blocks = [];
  for (let i = 0; i < 300; i += 1) {
    if (i % 30 === 0) blocks.push(heading('h2', `Part ${i / 30 + 1}`));
    blocks.push(paragraph(sentence(50, i)));
  }
  blocks.push(paragraph('END-OF-BODY'));
  const items: Item[] = Array.from({ length: 8 }, (_, i) => ({ content: [sentence(25, i)], nested: { kind: 'bullet', items: [{ content: [sentence(15, i + 1)] }] } }));
  return {
    headline: 'Benchmark: a 20,000-word article',
    section: 'Bench',
    body: doc(...blocks),
    questions: Array.from({ length: 8 }, (_, q) => ({ id: `q${q}`, question: `Question ${q}?`, answer: doc(paragraph(sentence(250, q)), list('bullet', items)) })),
  };
}

/** A key cadence: the pause after each key press (Playwright's press waits for the key's handling). */
export type Cadence = (i: number) => number;

/** As fast as Playwright can press: 20 ms after each key's handling, ~30–50 keys a second. */
export const BURST: Cadence = () => 20;
/** A quick typist: 50–200 ms between keys (mean 125 ms, ~95 words a minute), in a fixed pseudo-random order. */
export const TYPIST: Cadence = (i) => 50 + ((i * 37) % 151);

export interface Typed {
  keys: KeyLatency[];
  eventTimingAtLeast16: number;
}

/**
 * Types 200 keys (a letter, a space every tenth) where the caret is, and returns Chromium's
 * EventLatency for each, plus how many keys the page's own Event Timing API saw take 16 ms or
 * more (a coarse cross-check: Event Timing rounds to 8 ms and reports only entries of 16 ms or more).
 */
export async function typeAndMeasure(page: Page, cadence: Cadence): Promise<Typed> {
  await page.evaluate(() => {
    const w = window as unknown as { __slowKeys: number; __slowKeysObserved?: boolean };
    w.__slowKeys = 0;
    if (w.__slowKeysObserved) return;
    w.__slowKeysObserved = true;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) if (entry.name === 'keydown') w.__slowKeys += 1;
    }).observe({ type: 'event', durationThreshold: 16 } as PerformanceObserverInit);
  });
  const trace = await startLatencyTrace(page);
  for (let i = 0; i < 200; i += 1) {
    await page.keyboard.press(i % 10 === 9 ? 'Space' : 'KeyA');
    await page.waitForTimeout(cadence(i));
  }
  await page.waitForTimeout(500);
  const keys = await stopLatencyTrace(trace);
  const eventTimingAtLeast16 = await page.evaluate(() => (window as unknown as { __slowKeys: number }).__slowKeys);
  return { keys, eventTimingAtLeast16 };
}

/** Several runs' keys as one sample. */
export function pooled(runs: readonly Typed[]): Typed {
  return { keys: runs.flatMap((r) => r.keys), eventTimingAtLeast16: runs.reduce((sum, r) => sum + r.eventTimingAtLeast16, 0) };
}

export function describeTyping({ keys, eventTimingAtLeast16 }: Typed) {
  return {
    keyToPresentedMs: summarise(keys.map((k) => k.totalMs)),
    stagesMs: {
      toMainThread: summarise(keys.map((k) => k.toMainMs)),
      handlers: summarise(keys.map((k) => k.handlersMs)),
      frame: summarise(keys.map((k) => k.frameMs)),
    },
    eventTimingKeysAtLeast16ms: eventTimingAtLeast16,
  };
}

/** Puts the caret in `paragraph`, centred in the viewport. */
export async function placeCaret(page: Page, paragraph: Locator): Promise<void> {
  // Centred first: with content-visibility: auto, Playwright's scroll-into-view can leave the
  // line at the viewport's bottom edge, where Chromium (156) presented no frame for the typed
  // text for seconds on the bare page (p50 1.4 s), a quirk no writer types at.
  await paragraph.evaluate((element) => element.scrollIntoView({ block: 'center' }));
  await page.waitForTimeout(200);
  await paragraph.click();
  await page.waitForTimeout(500);
}

/** Both cadences with the caret in `paragraph`. */
export async function typeBothCadences(page: Page, paragraph: Locator): Promise<{ typist: Typed; burst: Typed }> {
  await placeCaret(page, paragraph);
  const typist = await typeAndMeasure(page, TYPIST);
  await page.waitForTimeout(1000);
  const burst = await typeAndMeasure(page, BURST);
  return { typist, burst };
}

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * A bare contenteditable page (no app, no Lexical) holding `paragraphs`; `skipOffscreen` gives
 * the paragraphs the editor's own `content-visibility: auto` (editor.css).
 */
export const plainEditablePage = (paragraphs: readonly string[], skipOffscreen = false) =>
  `<!doctype html>${skipOffscreen ? '<style>p { content-visibility: auto; contain-intrinsic-size: auto 8em }</style>' : ''}` +
  `<div contenteditable="true" style="font: 18px/1.65 serif; max-width: 40em">${paragraphs.map((p) => `<p>${p}</p>`).join('')}</div>`;

/**
 * The "Lexical alone" floor (bench/lexical-floor): built with Vite into a temp folder, served to
 * the page through request interception, and given `body` to edit.
 */
export async function lexicalAlonePage(browser: Browser, body: SerializedState): Promise<{ page: Page; cleanup(): void }> {
  const outDir = mkdtempSync(join(tmpdir(), 'copydesk-lexical-floor-'));
  await build({ configFile: false, root: resolve('bench/lexical-floor'), base: './', logLevel: 'error', build: { outDir, emptyOutDir: true } });
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.route('http://lexical-floor.test/**', (route) => route.fulfill({ path: join(outDir, new URL(route.request().url()).pathname) }));
  await page.goto('http://lexical-floor.test/index.html');
  await page.waitForFunction(() => 'loadDocument' in window);
  await page.evaluate((json) => (window as unknown as { loadDocument(json: string): void }).loadDocument(json), JSON.stringify(body));
  await page.getByText('END-OF-BODY').waitFor();
  return { page, cleanup: () => rmSync(outDir, { recursive: true, force: true }) };
}
