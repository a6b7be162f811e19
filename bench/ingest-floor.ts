import type { Database } from 'better-sqlite3';
import { performance } from 'node:perf_hooks';
import { bulkIngest, withIngestGuard } from '../src/core/moderation/ingest-batch';
import type { CommentIngestItem } from '../src/shared/moderation';

/**
 * What SQLite alone needs to write an import's comments into this workspace: the same bodies,
 * articles and times as the measured import, staged in a temp table (not timed), then written the
 * way ingest writes them, minus everything else: under ingest's bulk settings (bulkIngest) and
 * with the insert triggers standing down (the ingest guard), ONE `INSERT … SELECT` into comments
 * and its indexes, and ONE statement adding the rows to the search index. Not included: the queue
 * counts (one statement, ~0.1 s in the import), validation, cleaning, readers, rules, any
 * JavaScript per row, and the commit (the transaction is rolled back, so the workspace is
 * unchanged): an optimistic floor for `ingestComments`.
 */
export function ingestFloor(db: Database, items: readonly CommentIngestItem[], authors: number): { ms: number; cpuMs: number; rows: number } {
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
        stage.run(first + i, `floor-${i}`, item.articleId, author, item.body, `h${i}`, item.createdAt, now, item.publishedOnRemote ? 1 : 0);
      });
    })();
    const rollback = new Error('floor: roll back');
    const cpu = process.cpuUsage();
    const start = performance.now();
    let ms = 0;
    let used = { user: 0, system: 0 };
    try {
      bulkIngest(db, () => {
        withIngestGuard(db, () => db.prepare(`INSERT INTO comments (${columns}) SELECT ${columns} FROM temp.floor_rows ORDER BY id`).run());
        db.prepare('INSERT INTO comment_search (rowid, body) SELECT id, body FROM temp.floor_rows').run();
        ms = performance.now() - start;
        used = process.cpuUsage(cpu);
        throw rollback;
      });
    } catch (error) {
      if (error !== rollback) throw error;
    }
    return { ms: Math.round(ms), cpuMs: Math.round((used.user + used.system) / 1000), rows: items.length };
  } finally {
    db.exec('DROP TABLE temp.floor_rows');
  }
}
