import type { Database } from 'better-sqlite3';
import { performance } from 'node:perf_hooks';
import { bulkIngest, withIngestGuard } from '../src/core/moderation/ingest-batch';
import type { CommentIngestItem } from '../src/shared/moderation';

/** What the floor leaves out, said once for the result file. */
export const FLOOR_METHOD =
  'the same comments (bodies, articles, times) staged in a temp table (not timed), then written as ingest writes them under its bulk settings with the insert triggers standing down: one INSERT … SELECT into comments and its indexes, one statement adding them to the search index, one adjusting the queue counts, and the COMMIT; no JavaScript per row, no validation, readers or rules (see bench/ingest-floor.ts)';

/**
 * What SQLite alone needs to write an import's comments into this workspace: the same bodies,
 * articles and times as the measured import, staged in a temp table (not timed), then written the
 * way ingest writes them, minus everything else: under ingest's bulk settings (bulkIngest) and
 * with the insert triggers standing down (the ingest guard), ONE `INSERT … SELECT` into comments
 * and its indexes, ONE statement adding the rows to the search index and ONE adjusting the queue
 * counts (so the counts stay exact), then the COMMIT, which the import pays too (~200 MB of WAL
 * for 100,000 comments at a million). Not included: validation, cleaning, readers, rules, any
 * JavaScript per row: an optimistic floor for `ingestComments`.
 *
 * The rows are kept (source 'floor', remote ids prefixed by `tag`), so the benchmark can alternate
 * floor and import on a table that grows the same way for both.
 */
export function ingestFloor(db: Database, items: readonly CommentIngestItem[], authors: number, tag: string): { ms: number; cpuMs: number; rows: number } {
  const columns = 'id, source, remote_id, article_id, author_id, body, body_hash, created_at, ingested_at, published';
  db.exec(`CREATE TEMP TABLE floor_rows AS SELECT ${columns} FROM comments WHERE 0`);
  try {
    const stage = db.prepare(`INSERT INTO temp.floor_rows (${columns}) VALUES (?, 'floor', ?, ?, ?, ?, ?, ?, ?, ?)`);
    const first = ((db.prepare('SELECT MAX(id) FROM comments').pluck().get() as number | null) ?? 0) + 1;
    const now = new Date().toISOString();
    db.transaction(() => {
      items.forEach((item, i) => {
        // Readers spread over the workspace's accounts like the import's (ids 1..authors).
        const author = 1 + ((i * 7919) % authors);
        stage.run(first + i, `floor-${tag}-${i}`, item.articleId, author, item.body, `h${tag}-${i}`, item.createdAt, now, item.publishedOnRemote ? 1 : 0);
      });
    })();
    const last = first + items.length - 1;
    const cpu = process.cpuUsage();
    const start = performance.now();
    bulkIngest(db, () => {
      withIngestGuard(db, () => db.prepare(`INSERT INTO comments (${columns}) SELECT ${columns} FROM temp.floor_rows ORDER BY id`).run());
      db.prepare('INSERT INTO comment_search (rowid, body) SELECT id, body FROM comments WHERE id BETWEEN ? AND ?').run(first, last);
      db.prepare(
        `UPDATE comment_queue_counts SET n = comment_queue_counts.n + added.k
           FROM (SELECT queue, COUNT(*) AS k FROM comments WHERE id BETWEEN ? AND ? GROUP BY queue) AS added
          WHERE comment_queue_counts.queue = added.queue`,
      ).run(first, last);
    });
    const ms = performance.now() - start;
    const used = process.cpuUsage(cpu);
    return { ms: Math.round(ms), cpuMs: Math.round((used.user + used.system) / 1000), rows: items.length };
  } finally {
    db.exec('DROP TABLE temp.floor_rows');
  }
}
