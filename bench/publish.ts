import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openWorkspace, type Workspace } from '../src/core/workspace';
import { Publisher } from '../src/core/publish/publisher';
import { renderArticle, siteContext } from '../src/core/publish/build';
import { engagementFor, PublishSource } from '../src/core/publish/source';
import { doc, list, paragraph, type Item } from '../src/shared/lexical/build';
import { report, summarise } from './machine';

/**
 * `npm run bench:publish`: builds the static site for N published articles of the example page's
 * size and reports wall time, pages/s and peak RSS, then the time to republish one edited
 * article. Each N runs in its own child process so its peak RSS is its own.
 *
 * Articles are inserted straight into the articles/article_tags tables in transactions of 2,000
 * rows (no per-article zod validation, search indexing or revisions, which is what makes
 * ArticleService.importMany slow at 16,000); the documents are built with the same Lexical JSON
 * builders the app uses, so the publisher reads exactly what the app would have stored.
 */

const WORDS = 'the council approved plan to replace water pipes across city neighborhoods while ministers discussed supply chains minerals processing refinery export policy partners investment'.split(' ');
const sentence = (n: number, seed: number) => Array.from({ length: n }, (_, i) => WORDS[(seed * 7 + i * 13) % WORDS.length]).join(' ') + '.';
const paragraphOf = (words: number, seed: number) => paragraph(Array.from({ length: Math.ceil(words / 15) }, (_, i) => sentence(15, seed + i)).join(' '));

function answer(seed: number) {
  const items: Item[] = Array.from({ length: 4 }, (_, i) => ({ content: [sentence(12, seed + i)], nested: { kind: 'bullet' as const, items: [{ content: [sentence(8, seed + i + 1)] }, { content: [sentence(8, seed + i + 2)] }] } }));
  return doc(paragraphOf(90, seed), list('bullet', items), paragraphOf(60, seed + 3));
}

const SECTIONS = ['World', 'Local News', 'Business', 'Science', 'Politics', 'Culture'];
const TAGS = ['water', 'energy', 'minerals', 'council', 'trade', 'climate', 'health', 'schools', 'transport', 'housing'];

/** Inserts `n` published articles (≈600-word body, 5 takeaways, 6 questions with ≈250-word answers and nested lists). */
function generate(ws: Workspace, n: number): { comments: boolean } {
  const body = JSON.stringify(doc(...Array.from({ length: 8 }, (_, i) => paragraphOf(75, i))));
  const takeaways = JSON.stringify(Array.from({ length: 5 }, (_, i) => ({ id: `t${i}`, content: doc(paragraph(sentence(30, i))) })));
  const questions = JSON.stringify(Array.from({ length: 6 }, (_, i) => ({ id: `q${i}`, question: `Follow-up question number ${i + 1} about the plan?`, answer: answer(i) })));
  const insert = ws.db.prepare(
    `INSERT INTO articles (id, slug, section, headline, summary, byline, body, takeaways, questions, status, revision, created_at, updated_at, published_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'published', 1, ?, ?, ?)`,
  );
  const tag = ws.db.prepare('INSERT INTO article_tags (article_id, position, tag) VALUES (?, ?, ?)');
  const hasComments = ws.db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'comments'").get() !== undefined;
  const start = Date.UTC(2020, 0, 1);
  if (hasComments) {
    const author = ws.db.prepare("INSERT INTO comment_authors (id, source, remote_id, display_name, first_seen_at) VALUES (?, 'bench', ?, ?, '2020-01-01T00:00:00.000Z')");
    ws.db.transaction(() => {
      for (let a = 1; a <= 50; a += 1) author.run(a, `author-${a}`, `Reader ${a}`);
    })();
  }
  const comment = hasComments
    ? ws.db.prepare(
        `INSERT INTO comments (source, remote_id, article_id, parent_id, author_id, body, body_hash, created_at, ingested_at, status)
         VALUES ('bench', ?, ?, NULL, ?, ?, ?, ?, ?, 'approved')`,
      )
    : null;
  for (let from = 0; from < n; from += 2000) {
    ws.db.transaction(() => {
      for (let i = from; i < Math.min(n, from + 2000); i += 1) {
        const id = `bench-${i}`;
        const when = new Date(start + i * 3_600_000).toISOString();
        insert.run(id, `bench-story-${i}`, SECTIONS[i % SECTIONS.length], `Benchmark story ${i}: council weighs the plan`, sentence(30, i), JSON.stringify(['Maya Okafor', 'Daniel Reyes']), body, takeaways, questions, when, when, when);
        tag.run(id, 0, TAGS[i % TAGS.length]);
        tag.run(id, 1, TAGS[(i * 3 + 1) % TAGS.length]);
        if (comment) {
          for (let c = 0; c < 10; c += 1) comment.run(`c-${i}-${c}`, id, 1 + ((i + c) % 50), sentence(25, i + c), `h${i}-${c}`, when, when);
        }
      }
    })();
  }
  return { comments: hasComments };
}

/** Samples RSS every 10 ms while `fn` runs and returns its peak (MB) with the result. */
async function withPeakRss<T>(fn: () => Promise<T>): Promise<{ value: T; peakMb: number; ms: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
  const t0 = performance.now();
  try {
    const value = await fn();
    return { value, peakMb: Math.round(Math.max(peak, process.memoryUsage().rss) / 2 ** 20), ms: Math.round(performance.now() - t0) };
  } finally {
    clearInterval(timer);
  }
}

async function child(n: number): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'copydesk-bench-publish-'));
  try {
    const ws = openWorkspace(join(dir, 'ws'), { seed: false });
    const g0 = performance.now();
    const { comments } = generate(ws, n);
    const generateMs = Math.round(performance.now() - g0);
    const publisher = new Publisher(ws);
    publisher.settings.update({ title: 'Bench Ledger', baseUrl: 'https://news.example.org/', outputDir: join(dir, 'site') });
    const rssBeforeMb = Math.round(process.memoryUsage().rss / 2 ** 20);

    // Rendering alone (no I/O), to decide whether worker threads would pay.
    const source = new PublishSource(ws.db);
    const ctx = siteContext(publisher.settings.get(), source, engagementFor(ws.db));
    const sample = source.articles(ctx.summaries.slice(0, 300).map((s) => s.id));
    const r0 = performance.now();
    let bytes = 0;
    for (const article of sample) bytes += (renderArticle(article, ctx).content as string).length;
    const renderMsPerPage = (performance.now() - r0) / sample.length;

    const full = await withPeakRss(() => publisher.publishSite());
    const noop = await withPeakRss(() => publisher.publishSite());
    const republish: number[] = [];
    for (let i = 0; i < 7; i += 1) {
      const id = `bench-${Math.floor(n / 2) + i}`;
      const article = ws.articles.get(id);
      const { revision, createdAt: _c, updatedAt: _u, publishedAt: _p, trashedAt: _t, ...fields } = article;
      ws.articles.save({ ...fields, summary: `Edited summary ${i}`, expectedRevision: revision });
      const t0 = performance.now();
      const result = await publisher.publishArticle(id);
      republish.push(performance.now() - t0);
      if (result.errors.length > 0) throw new Error(JSON.stringify(result.errors));
    }
    ws.close();
    return {
      n,
      commentsPerArticle: comments ? 10 : 0,
      generateMs,
      avgArticleHtmlKb: Math.round(bytes / sample.length / 1024),
      renderOnlyMsPerPage: Math.round(renderMsPerPage * 1000) / 1000,
      fullBuild: { ms: full.ms, files: full.value.written.length, articlePagesPerSecond: Math.round(n / (full.ms / 1000)), filesPerSecond: Math.round(full.value.written.length / (full.ms / 1000)), peakRssMb: full.peakMb, rssBeforeMb, errors: full.value.errors.length },
      unchangedRebuild: { ms: noop.ms, written: noop.value.written.length, unchanged: noop.value.unchanged, peakRssMb: noop.peakMb },
      republishOneEditedArticleMs: summarise(republish.slice(1)),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function main(args: string[]): Promise<void> {
  if (args[0] === '--child') {
    const result = await child(Number(args[1]));
    process.stdout.write(`\nRESULT ${JSON.stringify(result)}\n`);
    return;
  }
  const sizes = args.length > 0 ? args.map(Number) : [1000, 4000, 16000];
  const runs: Record<string, unknown>[] = [];
  for (const n of sizes) {
    const out = spawnSync(process.execPath, ['scripts/run-ts.js', 'bench/publish.ts', '--child', String(n)], { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
    const line = out.stdout.split('\n').find((l) => l.startsWith('RESULT '));
    if (!line) throw new Error(`bench child for N=${n} failed:\n${out.stderr}`);
    const result = JSON.parse(line.slice(7)) as Record<string, unknown>;
    console.error(`N=${n}: ${JSON.stringify(result)}`);
    runs.push(result);
  }
  const hugo = spawnSync('hugo', ['version'], { encoding: 'utf8' });
  report('publish', {
    description: 'copydesk static site publish: full build, unchanged rebuild, and one-article republish (targeted build), each N in its own process',
    targets: { fullBuild4000Ms: 2000, peakRssMb: 300, republishOneMs: 50 },
    hugo: hugo.error ? 'not installed: no side-by-side run' : hugo.stdout.trim(),
    notes: 'Articles inserted with direct SQL in 2,000-row transactions (see the file comment). Peak RSS is sampled every 10 ms in a process that runs through Vite\'s module runner (scripts/run-ts.js), which itself holds part of the baseline (rssBeforeMb).',
    runs,
  });
}
