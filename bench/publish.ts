import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openWorkspace, type Workspace } from '../src/core/workspace';
import { Publisher } from '../src/core/publish/publisher';
import { renderArticle, siteContext } from '../src/core/publish/build';
import { engagementFor, engagementOf, PublishSource } from '../src/core/publish/source';
import { doc, list, paragraph, type Item } from '../src/shared/lexical/build';
import { report, summarise } from './machine';

/**
 * `npm run bench:publish`: builds the static site for N published articles of the example page's
 * size and reports wall time, pages/s and peak RSS, then the time to republish one edited
 * article. The corpus is generated in this process; every measured step runs in a fresh child.
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
export function generate(ws: Workspace, n: number): { comments: boolean } {
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

const mb = (bytes: number) => Math.round(bytes / 2 ** 20);
/** process.resourceUsage().maxRSS is in KiB: the peak resident set of this process so far. */
const peakRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

/** A measured step, run in a fresh child process of its own (see main). */
async function child(step: string, wsDir: string, outDir: string): Promise<Record<string, unknown>> {
  const rssBeforeMb = mb(process.memoryUsage().rss);
  const ws = openWorkspace(wsDir, { seed: false });
  const publisher = new Publisher(ws);
  try {
    if (step === 'render') {
      // Rendering alone (no I/O), to decide whether worker threads would pay.
      const source = new PublishSource(ws.db);
      const ctx = siteContext(publisher.settings.get(), source, engagementFor(ws.db));
      const ids = ctx.summaries.slice(0, 300).map((s) => s.id);
      const engagement = engagementOf(ctx.engagement, ids);
      const sample = source.articles(ids);
      const r0 = performance.now();
      let bytes = 0;
      for (const article of sample) bytes += (renderArticle(article, ctx, engagement.get(article.id)).content as string).length;
      return { renderOnlyMsPerPage: Math.round(((performance.now() - r0) / sample.length) * 1000) / 1000, avgArticleHtmlKb: Math.round(bytes / sample.length / 1024) };
    }
    if (step === 'full' || step === 'unchanged') {
      const t0 = performance.now();
      const result = await publisher.publishSite({ outDir });
      const ms = Math.round(performance.now() - t0);
      return { ms, written: result.written.length, unchanged: result.unchanged, errors: result.errors.length, filesPerSecond: Math.round((result.written.length + result.unchanged) / (ms / 1000)), peakRssMb: peakRssMb(), rssBeforeMb };
    }
    // republish: edit 12 different articles and publish each (the first warms statement caches).
    const n = (ws.db.prepare("SELECT COUNT(*) AS n FROM articles WHERE status = 'published'").get() as { n: number }).n;
    const samples: number[] = [];
    const touched: number[] = [];
    for (let i = 0; i < 12; i += 1) {
      const id = `bench-${Math.floor((n * (i + 1)) / 13)}`;
      const article = ws.articles.get(id);
      const { revision, createdAt: _c, updatedAt: _u, publishedAt: _p, trashedAt: _t, ...fields } = article;
      ws.articles.save({ ...fields, summary: `Edited summary ${i}`, expectedRevision: revision });
      const t0 = performance.now();
      const result = await publisher.publishArticle(id, { outDir });
      samples.push(performance.now() - t0);
      touched.push(result.written.length);
      if (result.errors.length > 0) throw new Error(JSON.stringify(result.errors));
    }
    return { republishOneEditedArticleMs: summarise(samples.slice(1)), filesWrittenPerRepublish: touched.slice(1), peakRssMb: peakRssMb() };
  } finally {
    ws.close();
  }
}

function runChild(args: string[]): Record<string, unknown> {
  const out = spawnSync(process.execPath, ['scripts/run-ts.js', 'bench/publish.ts', '--child', ...args], { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  const line = out.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  if (!line) throw new Error(`bench child ${args.join(' ')} failed:\n${out.stderr}`);
  return JSON.parse(line.slice(7)) as Record<string, unknown>;
}

/** `copydesk publish static` from the built CLI bundle, as users run it; /usr/bin/time gives its peak RSS. */
function runCli(wsDir: string, outDir: string): Record<string, unknown> {
  if (!existsSync('bin/copydesk.js')) return { skipped: 'bin/copydesk.js missing: run npm run build:cli' };
  const t0 = performance.now();
  const out = spawnSync('/usr/bin/time', ['-f', 'MAXRSS_KB %M', process.execPath, 'bin/copydesk.js', 'publish', 'static', '--out', outDir, '--workspace', wsDir], { encoding: 'utf8' });
  const ms = Math.round(performance.now() - t0);
  if (out.status !== 0) throw new Error(`copydesk publish static failed:\n${out.stdout}\n${out.stderr}`);
  const rss = /MAXRSS_KB (\d+)/.exec(out.stderr);
  return { wallMsIncludingStartup: ms, peakRssMb: rss ? Math.round(Number(rss[1]) / 1024) : null, summary: out.stdout.trim().split('\n').at(-1) };
}

function measure(n: number): Record<string, unknown> {
  const dir = mkdtempSync(join(tmpdir(), 'copydesk-bench-publish-'));
  try {
    const wsDir = join(dir, 'ws');
    const ws = openWorkspace(wsDir, { seed: false });
    const g0 = performance.now();
    const { comments } = generate(ws, n);
    const generateMs = Math.round(performance.now() - g0);
    new Publisher(ws).settings.update({ title: 'Bench Ledger', baseUrl: 'https://news.example.org/', outputDir: join(dir, 'site') });
    ws.close();
    const site = join(dir, 'site');
    const render = runChild(['render', wsDir, site]);
    const fullBuild = runChild(['full', wsDir, site]);
    const unchangedRebuild = runChild(['unchanged', wsDir, site]);
    const republish = runChild(['republish', wsDir, site]);
    const cliFullBuild = runCli(wsDir, join(dir, 'site-cli'));
    const cliUnchanged = runCli(wsDir, join(dir, 'site-cli'));
    return { n, commentsPerArticle: comments ? 10 : 0, generateMs, ...render, fullBuild, unchangedRebuild, ...republish, cliFullBuild, cliUnchangedRebuild: cliUnchanged };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function main(args: string[]): Promise<void> {
  if (args[0] === '--child') {
    const result = await child(args[1]!, args[2]!, args[3]!);
    process.stdout.write(`\nRESULT ${JSON.stringify(result)}\n`);
    return;
  }
  const sizes = args.length > 0 ? args.map(Number) : [1000, 4000, 16000];
  const loadBefore = loadavg().map((l) => Math.round(l * 100) / 100);
  const runs: Record<string, unknown>[] = [];
  for (const n of sizes) {
    const result = measure(n);
    console.error(`N=${n}: ${JSON.stringify(result)}`);
    runs.push(result);
  }
  const hugo = spawnSync('hugo', ['version'], { encoding: 'utf8' });
  report('publish', {
    description: 'copydesk static site publish: full build into an empty folder, unchanged rebuild, one-article republish (targeted build of 11 different edited articles), each step in a fresh child process; and the built CLI (copydesk publish static)',
    targets: { fullBuild4000Ms: 2000, peakRssMb: 300, republishOne16000Ms: 50 },
    hugo: hugo.error ? 'not installed: no side-by-side run' : hugo.stdout.trim(),
    loadAverage: { before: loadBefore, after: loadavg().map((l) => Math.round(l * 100) / 100), note: '1/5/15-minute load averages on 2 cores shared with other helpers' },
    notes:
      'The corpus is generated once per N in the parent (direct SQL in 2,000-row transactions, see the file comment); each measured step then runs in its own child process, so generation memory is not counted. Child steps run through Vite\'s module runner (scripts/run-ts.js), which holds part of their RSS (rssBeforeMb); peakRssMb is process.resourceUsage().maxRSS of that child. cliFullBuild/cliUnchangedRebuild run the bundled CLI (node bin/copydesk.js publish static --out DIR --workspace WS) into a second folder; their wall time includes process start and workspace open, their peak RSS is from /usr/bin/time.',
    runs,
  });
}
