#!/usr/bin/env node
/* global fetch */
// Screenshots of an article page on Copydesk Site as readers see it, signed out and signed in, in
// light and dark, at phone (390 px) and desktop (1280 px) widths: a real `copydesk site serve`
// (no --smtp, so the sign-in link is read from its log), an article, other readers' votes and
// approved comments, then a reader who signs in, votes and writes a comment awaiting review.
// Run after `npm run build:cli`. Writes docs/images/site-reader-*.png (the README's Copydesk Site
// section).
import { execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium } from './screenshot-app.js';

const images = join(process.cwd(), 'docs', 'images');
mkdirSync(images, { recursive: true });
const data = mkdtempSync(join(tmpdir(), 'copydesk-reader-shots-'));
const token = execFileSync(process.execPath, ['bin/copydesk.js', 'site', 'token', 'create', '--name', 'screenshots', '--data', data], { encoding: 'utf8' }).trim();

// The server's log (JSON lines at info) carries the sign-in links it would have mailed.
const server = spawn(process.execPath, ['bin/copydesk.js', 'site', 'serve', '--data', data, '--port', '0', '--log-level', 'info', '--title', 'The Harbor Ledger'], { stdio: ['ignore', 'pipe', 'pipe'] });
let log = '';
server.stderr.on('data', (c) => (log += String(c)));
const base = await new Promise((resolve, reject) => {
  server.stdout.on('data', (c) => {
    log += String(c);
    const match = /Copydesk site is running at (\S+)/.exec(log);
    if (match) resolve(match[1]);
  });
  server.once('exit', (code) => reject(new Error(`copydesk site serve exited with ${code}:\n${log}`)));
});

function run(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'inherit', 'inherit'] });
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${args.join(' ')} exited with ${code}`))));
  });
}

async function linkFor(email) {
  for (let i = 0; i < 100; i++) {
    const found = log
      .split('\n')
      .filter((line) => line.includes('"signInLink"'))
      .map((line) => JSON.parse(line))
      .find((entry) => entry.signInFor === email);
    if (found) return found.signInLink;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no sign-in link for ${email} in the log`);
}

const paragraph = (text) => ({ type: 'paragraph', version: 1, direction: 'ltr', format: '', indent: 0, textFormat: 0, textStyle: '', children: [{ type: 'text', version: 1, text, detail: 0, format: 0, mode: 'normal', style: '' }] });
const article = {
  slug: 'ferry-timetable',
  headline: 'Night ferry returns to the harbor from March',
  section: 'City',
  summary: 'The last crossing moves to 00:30 on weekdays, after two years of early closures.',
  byline: ['Mara Lind'],
  tags: ['transport'],
  body: { root: { type: 'root', version: 1, direction: 'ltr', format: '', indent: 0, children: [paragraph('The harbor ferry will run its last crossing at 00:30 on weekdays from March, the transit board said on Monday, restoring the night service it cut two years ago.'), paragraph('Shift workers at the port had asked for the change since the cuts; the board said ridership had recovered enough to pay for it.')] } },
  takeaways: [],
  questions: [],
  publishedAt: '2026-12-07T10:00:00.000Z',
  updatedAt: '2026-12-07T10:00:00.000Z',
  html: '<h1>Night ferry returns to the harbor from March</h1>',
};
const put = await fetch(new URL('api/articles/shots-1', base), { method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() }, body: JSON.stringify(article) });
if (put.status !== 200) throw new Error(`publishing the article failed: ${put.status} ${await put.text()}`);

const at = (m) => new Date(Date.UTC(2026, 11, 7, 9, m)).toISOString();
const votes = [...Array(7)].map((_, i) => ({ id: `v${i}`, articleId: 'shots-1', voterId: `r${i}`, axis: i % 3 === 0 ? 'support' : 'interesting', value: i % 4 !== 1, voided: false, createdAt: at(i) }));
const comments = [
  { id: 'c1', articleId: 'shots-1', parentId: null, authorId: 'r1', authorName: 'Ana Souza', body: 'Finally. The 23:10 boat meant a taxi home after every late shift.', status: 'approved', createdAt: at(20), updatedAt: at(20) },
  { id: 'c2', articleId: 'shots-1', parentId: 'c1', authorId: 'r2', authorName: 'Tom Becker', body: 'Same here. Does anyone know if weekends change too?', status: 'approved', createdAt: at(31), updatedAt: at(31) },
];
await run(['scripts/run-ts.js', 'tests/site/seed-process.ts', '--data', data, '--comments', JSON.stringify(comments), '--votes', JSON.stringify(votes)]);

const browser = await launchChromium();
try {
  const articleUrl = new URL(`${article.slug}/`, base).href;
  const context = await browser.newContext();
  const page = await context.newPage();
  const sizes = { phone: { width: 390, height: 844 }, desktop: { width: 1280, height: 900 } };
  const shoot = async (state) => {
    for (const scheme of ['light', 'dark']) {
      for (const [size, viewport] of Object.entries(sizes)) {
        await page.setViewportSize(viewport);
        await page.emulateMedia({ colorScheme: scheme });
        await page.goto(articleUrl);
        await page.locator(state === 'signed-in' ? 'form.comment-form--new' : '.comments__login a').waitFor();
        const file = `site-reader-${state}-${scheme}-${size}.png`;
        await page.screenshot({ path: join(images, file), fullPage: true });
        console.log(`wrote docs/images/${file}`);
      }
    }
  };
  await shoot('signed-out');

  // Sign in by the link from the log, choose a name, vote and write a comment.
  await page.goto(articleUrl);
  await page.getByRole('link', { name: 'Log in to comment' }).click();
  await page.getByLabel('Email address').fill('rosa@example.test');
  await page.getByRole('button', { name: 'Send me a sign-in link' }).click();
  await page.goto(await linkFor('rosa@example.test'));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByLabel('Display name').fill('Rosa Ibáñez');
  await page.getByLabel('Display name').press('Enter');
  await page.waitForURL(articleUrl);
  await page.getByRole('group', { name: 'Interesting?' }).getByRole('button', { name: 'Yes' }).click();
  await page.getByLabel('Write a comment').fill('Weekends too, according to the board’s timetable: the last boat leaves at 01:00 on Saturdays.');
  await page.getByRole('button', { name: 'Post comment' }).click();
  await page.locator('.comment__pending').waitFor();
  await shoot('signed-in');
} finally {
  await browser.close();
  server.kill();
  await new Promise((resolve) => server.once('exit', resolve));
  rmSync(data, { recursive: true, force: true });
}
