import { mkdtempSync, rmSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openWorkspace } from '../src/core/workspace';
import { ingestComments } from '../src/core/moderation/ingest';
import { queueSql } from '../src/core/moderation/queue';
import { voteTallies } from '../src/core/moderation/public';
import { DEFAULT_RULES } from '../src/core/moderation/seed';
import { ModerationService } from '../src/core/moderation/service';
import type { CommentIngestItem, QueueQuery } from '../src/shared/moderation';
import { report, summarise } from './machine';

/**
 * Moderation at newsroom scale: 1,000,000 comments by 200,000 readers and 5,000,000 votes over
 * 5,000 articles, generated with prepared statements in big transactions, then the desk's hot
 * paths timed. Run: npm run bench:moderation (heavy: several minutes, ~1-2 GB of temp disk).
 */

const ARTICLES = Number(process.env.BENCH_ARTICLES ?? 5_000);
const AUTHORS = Number(process.env.BENCH_AUTHORS ?? 200_000);
const COMMENTS = Number(process.env.BENCH_COMMENTS ?? 1_000_000);
const VOTES = Number(process.env.BENCH_VOTES ?? 5_000_000);
const INGEST = Number(process.env.BENCH_INGEST ?? 100_000);

const VOCAB = (
  'council budget harbor water pipes refinery policy investment election court school teachers hospital nurses transit rail ' +
  'bridge storm flood drought wildfire tariffs housing rent police museum festival stadium league coach players climate ' +
  'energy solar wind grid battery the a of and to in is that it for was on are with as this be at by not but'
).split(' ');

let seed = 42;
function rand(): number {
  // xorshift: deterministic, fast.
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return ((seed >>> 0) % 1_000_000) / 1_000_000;
}
const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
const text = (n: number) => Array.from({ length: n }, () => pick(VOCAB)).join(' ');
const T0 = Date.parse('2025-01-01T00:00:00Z');
const YEAR = 365 * 86_400_000;

function time<T>(fn: () => T): [T, number] {
  const t = performance.now();
  const value = fn();
  return [value, performance.now() - t];
}

function samples(n: number, fn: (i: number) => unknown): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i += 1) out.push(time(() => fn(i))[1]);
  return out;
}

export function main(): void {
  const dir = mkdtempSync(join(tmpdir(), 'copydesk-bench-moderation-'));
  const ws = openWorkspace(dir, { seed: false });
  const { db } = ws;
  const m = new ModerationService(db);
  const generation: Record<string, number> = {};
  try {
    // ---------------------------------------------------------------- generate
    const [articleIds, tArticles] = time(() => {
      const insert = db.prepare(
        "INSERT INTO articles (id, slug, headline, body, status, created_at, updated_at) VALUES (?, ?, ?, '{}', 'published', ?, ?)",
      );
      const ids: string[] = [];
      db.transaction(() => {
        for (let i = 0; i < ARTICLES; i += 1) {
          const id = `art-${i}`;
          insert.run(id, `story-${i}`, `Headline ${i}: ${text(6)}`, new Date(T0).toISOString(), new Date(T0).toISOString());
          ids.push(id);
        }
      })();
      return ids;
    });
    generation.articlesMs = tArticles;

    generation.authorsMs = time(() => {
      const insert = db.prepare('INSERT INTO comment_authors (id, source, remote_id, display_name, remote_created_at, first_seen_at, status) VALUES (?, ?, ?, ?, ?, ?, ?)');
      db.transaction(() => {
        for (let i = 1; i <= AUTHORS; i += 1) {
          const created = new Date(T0 - rand() * YEAR).toISOString();
          const status = i % 100 === 0 ? 'premoderated' : i % 250 === 0 ? 'banned' : 'active';
          insert.run(i, 'bench', `author-${i}`, `Reader ${pick(VOCAB)} ${i}`, created, created, status);
        }
      })();
    })[1];

    // FTS rows are built in one pass after the bulk insert (the triggers would do it row by row).
    db.exec('DROP TRIGGER comments_search_insert');
    generation.commentsMs = time(() => {
      const insert = db.prepare(
        `INSERT INTO comments (id, source, remote_id, article_id, parent_id, author_id, body, body_hash, link_count, created_at, ingested_at,
           status, reason_code, decided_by, decided_at, published, reported, report_count, report_reasons)
         VALUES (?, 'bench', ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      const BATCH = 100_000;
      for (let start = 1; start <= COMMENTS; start += BATCH) {
        db.transaction(() => {
          for (let i = start; i < Math.min(start + BATCH, COMMENTS + 1); i += 1) {
            const r = rand();
            const status = r < 0.6 ? 'approved' : r < 0.85 ? 'pending' : r < 0.93 ? 'rejected' : 'spam';
            const published = status === 'approved' || (status === 'pending' && r > 0.8) ? 1 : 0;
            const reports = rand() < 0.03 ? 1 + Math.floor(rand() * 9) : 0;
            const created = new Date(T0 + (i / COMMENTS) * YEAR).toISOString();
            const decided = status === 'pending' ? null : created;
            insert.run(
              i, `c-${i}`, articleIds[Math.floor(rand() * ARTICLES)]!, i > 10 && rand() < 0.3 ? i - 1 - Math.floor(rand() * 10) : null,
              1 + Math.floor(rand() * AUTHORS), text(8 + Math.floor(rand() * 30)), `h${i}`, created, created, status,
              status === 'rejected' ? 'abuse' : status === 'spam' ? 'spam' : null, decided ? 'bench' : null, decided, published,
              reports > 0 && status === 'pending' ? 1 : 0, reports, reports ? '["abuse"]' : '[]',
            );
          }
        })();
      }
    })[1];
    generation.commentSearchIndexMs = time(() => db.exec("INSERT INTO comment_search (comment_search) VALUES ('rebuild')"))[1];
    db.exec(`CREATE TRIGGER comments_search_insert AFTER INSERT ON comments BEGIN
      INSERT INTO comment_search (rowid, body) VALUES (new.id, new.body);
    END`);

    generation.votesMs = time(() => {
      const insert = db.prepare(
        "INSERT INTO votes (source, remote_id, article_id, axis, value, voter_id, voted_at, ip_hash, device_hash) VALUES ('bench', ?, ?, ?, ?, ?, ?, ?, ?)",
      );
      const BATCH = 250_000;
      for (let start = 0; start < VOTES; start += BATCH) {
        db.transaction(() => {
          for (let i = start; i < Math.min(start + BATCH, VOTES); i += 1) {
            insert.run(
              `v-${i}`, articleIds[Math.floor(rand() * ARTICLES)]!, rand() < 0.5 ? 'interesting' : 'support', rand() < 0.7 ? 'yes' : 'no',
              1 + Math.floor(rand() * AUTHORS), new Date(T0 + rand() * YEAR).toISOString(), `ip-${Math.floor(rand() * 150_000)}`,
              rand() < 0.5 ? `dev-${Math.floor(rand() * 150_000)}` : null,
            );
          }
        })();
      }
    })[1];
    generation.analyzeMs = time(() => db.exec('ANALYZE'))[1];
    console.error('generated', generation);

    // ---------------------------------------------------------------- queues
    const queues: Record<string, ReturnType<typeof summarise>> = {};
    const slow: Record<string, unknown> = {};
    const someArticle = () => pick(articleIds);
    const someAuthor = () => 1 + Math.floor(rand() * AUTHORS);
    const cases: [string, () => QueueQuery][] = [
      ...(['pending', 'reported', 'unmoderated', 'approved', 'rejected', 'spam'] as const).map((queue): [string, () => QueueQuery] => [queue, () => ({ queue, limit: 50 })]),
      ['pending oldest', () => ({ queue: 'pending', sort: 'oldest', limit: 50 })],
      ['pending most_reported', () => ({ queue: 'pending', sort: 'most_reported', limit: 50 })],
      ['reported most_reported', () => ({ queue: 'reported', sort: 'most_reported', limit: 50 })],
      ['pending by article', () => ({ queue: 'pending', filter: { articleId: someArticle() }, limit: 50 })],
      ['approved by author', () => ({ queue: 'approved', filter: { authorId: someAuthor() }, limit: 50 })],
      ['pending in a date range', () => ({ queue: 'pending', filter: { from: '2025-06-01T00:00:00Z', to: '2025-06-08T00:00:00Z' }, limit: 50 })],
    ];
    for (const [name, query] of cases) {
      const runs = samples(30, () => m.queue(query()));
      queues[name] = summarise(runs);
      if (queues[name]!.p95 > 20) slow[name] = explain(db, query());
    }
    // Page 5 of pending, following cursors (keyset: should cost what page 1 costs).
    queues['pending page 5 (cursor)'] = summarise(
      samples(10, () => {
        let cursor: string | null = null;
        for (let p = 0; p < 5; p += 1) cursor = m.queue({ queue: 'pending', cursor, limit: 50 }).nextCursor;
      }).map((t) => t / 5),
    );
    const search: Record<string, ReturnType<typeof summarise>> = {};
    for (const [name, word] of [['common word', 'council'], ['rare author name', 'Reader 123457'], ['prefix', 'hosp*'], ['two words', 'water pipes']] as const) {
      search[name] = summarise(samples(20, () => m.queue({ queue: 'approved', filter: { text: word }, limit: 50 })));
      if (search[name]!.p95 > 50) slow[`search ${name}`] = explain(db, { queue: 'approved', filter: { text: word }, limit: 50 });
    }
    const counts = summarise(samples(10, () => m.counts()));

    // ---------------------------------------------------------------- actions
    const pendingIds = db.prepare("SELECT id FROM comments WHERE queue = 'pending' LIMIT 20000").pluck().all() as number[];
    const oneAction = summarise(samples(50, (i) => m.act({ action: i % 2 ? 'reject' : 'approve', target: { ids: [pendingIds[i]!] }, reasonCode: 'abuse' })));
    const bulkIds = pendingIds.slice(100, 10_100);
    const [bulk, bulkMs] = time(() => m.act({ action: 'approve', target: { ids: bulkIds } }));
    const [, undoMs] = time(() => m.undo(bulk.logId!));
    const bulkQueryArticle = db
      .prepare("SELECT article_id FROM comments WHERE queue = 'approved' GROUP BY article_id ORDER BY COUNT(*) DESC LIMIT 1")
      .pluck()
      .get() as string;
    const [bulkByQuery, bulkByQueryMs] = time(() => m.act({ action: 'spam', target: { queue: 'approved', filter: { articleId: bulkQueryArticle } } }));

    // ---------------------------------------------------------------- ingest through the real path
    for (const rule of DEFAULT_RULES) m.saveRule(null, rule);
    const items: CommentIngestItem[] = Array.from({ length: INGEST }, (_, i) => ({
      remoteId: `ingest-${i}`,
      articleId: pick(articleIds),
      author: { remoteId: `author-${1 + Math.floor(rand() * AUTHORS)}`, displayName: 'Reader', createdAt: '2024-01-01T00:00:00Z' },
      body: i % 50 === 0 ? `<p>${text(20)} <a href="https://x.example">link</a></p>` : text(10 + Math.floor(rand() * 30)),
      format: i % 50 === 0 ? 'html' : 'text',
      createdAt: new Date(T0 + YEAR + i * 1000).toISOString(),
      publishedOnRemote: i % 3 === 0,
    }));
    const [ingested, ingestMs] = time(() => ingestComments(ws, items, 'bench-ingest'));
    const [reingested, reingestMs] = time(() => ingestComments(ws, items, 'bench-ingest'));

    // ---------------------------------------------------------------- votes
    const tally = summarise(samples(50, () => voteTallies(db, pick(articleIds))));
    const busiest = db.prepare('SELECT article_id FROM votes GROUP BY article_id ORDER BY COUNT(*) DESC LIMIT 1').pluck().get() as string;
    const tallyBusiest = summarise(samples(10, () => voteTallies(db, busiest)));
    const signals = summarise(samples(5, () => m.voteSignals(busiest)));
    const summary = summarise(samples(5, () => m.votes(busiest, 86_400)));

    const files = ['copydesk.db', 'copydesk.db-wal'].map((f) => join(dir, f)).filter(existsSync);
    const sizeMiB = Math.round(files.reduce((s, f) => s + statSync(f).size, 0) / 2 ** 20);
    const tableSizes = db
      .prepare("SELECT name, SUM(pgsize) AS bytes FROM dbstat GROUP BY name ORDER BY bytes DESC LIMIT 12")
      .all()
      .map((r) => {
        const row = r as { name: string; bytes: number };
        return { name: row.name, MiB: Math.round(row.bytes / 2 ** 20) };
      });

    report('moderation', {
      scale: { articles: ARTICLES, authors: AUTHORS, comments: COMMENTS, votes: VOTES },
      generationMs: Object.fromEntries(Object.entries(generation).map(([k, v]) => [k, Math.round(v)])),
      generationRate: { commentsPerSecond: Math.round(COMMENTS / (generation.commentsMs! / 1000)), votesPerSecond: Math.round(VOTES / (generation.votesMs! / 1000)) },
      targets: { queuePageP95Ms: 20, oneActionMs: 5, bulk10kMs: 1000, ingest100kMs: 5000, tallyMs: 50, searchP95Ms: 50 },
      queuePageMs: queues,
      searchMs: search,
      countsMs: counts,
      oneActionMs: oneAction,
      bulkApprove10k: { affected: bulk.affected, ms: Math.round(bulkMs), undoMs: Math.round(undoMs) },
      bulkSpamAllMatchingQuery: { affected: bulkByQuery.affected, ms: Math.round(bulkByQueryMs) },
      ingest: { items: INGEST, ms: Math.round(ingestMs), perSecond: Math.round(INGEST / (ingestMs / 1000)), result: ingested, reingestMs: Math.round(reingestMs), reingest: reingested },
      tallyMs: tally,
      tallyBusiestArticleMs: tallyBusiest,
      busiestArticleVotes: db.prepare('SELECT COUNT(*) FROM votes WHERE article_id = ?').pluck().get(busiest),
      voteSignalsBusiestMs: signals,
      voteSummaryBusiestMs: summary,
      databaseMiB: sizeMiB,
      largestObjectsMiB: tableSizes,
      queryPlansOverTarget: slow,
    });
  } finally {
    ws.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function explain(db: import('better-sqlite3').Database, query: QueueQuery): string[] {
  const { sql, params } = queueSql(query.queue, query.filter ?? {}, query.sort ?? 'newest', null, query.limit ?? 50);
  return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail);
}
