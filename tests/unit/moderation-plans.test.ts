import { describe, expect, it } from 'vitest';
import type { Database } from 'better-sqlite3';
import { ingestComments } from '../../src/core/moderation/ingest';
import { BY_REMOTE_ID } from '../../src/core/moderation/ingest-batch';
import { queueSql } from '../../src/core/moderation/queue';
import type { Queue, QueueFilter, QueueSort } from '../../src/shared/moderation';
import { item, moderationWorkspace } from './moderation-helpers';

/**
 * The query plans of the hot comment reads, pinned. Each of the nine indexes on comments is
 * written for every ingested comment, so each must earn its place with a query that reads
 * through it; and a query that loses its index turns a 5 ms page into a scan of a million rows.
 * Workspaces are never ANALYZEd, so the plans are those of a fresh workspace (no statistics).
 * A failure here means an index change (or a query change) moved a hot path off its index.
 */

function plan(db: Database, sql: string, params: readonly unknown[]): string {
  return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail).join('\n');
}

/** The plan line of the comments row source aliased `c` (queue pages join authors, articles and parents). */
function commentsStep(db: Database, queue: Queue, filter: QueueFilter, sort: QueueSort): string {
  const { sql, params } = queueSql(queue, filter, sort, null, 50);
  const full = plan(db, sql, params);
  const step = full.split('\n').find((line) => / c (USING|$)/.test(line) || line.startsWith('SCAN c'));
  return `${step ?? full}${full.includes('TEMP B-TREE FOR ORDER BY') ? ' +SORT' : ''}`;
}

/** A fresh workspace with comments of every shape the indexes cover (replies, reported ones). */
function seeded(): { db: Database; articleId: string } {
  const { ws, articleId } = moderationWorkspace();
  ingestComments(
    ws,
    Array.from({ length: 200 }, (_, i) => item(i + 1, articleId, { parentRemoteId: i > 5 && i % 4 === 0 ? `c${i - 3}` : null, reports: { count: i % 9 === 0 ? 2 : 0, reasons: [] } })),
    'site',
  );
  return { db: ws.db, articleId };
}

describe('comment query plans', () => {
  it('queue pages read in index order, without sorting', () => {
    const { db, articleId } = seeded();
    const pages: [string, Queue, QueueFilter, QueueSort, string][] = [
      ['pending newest', 'pending', {}, 'newest', 'SEARCH c USING INDEX comments_queue (queue=?)'],
      ['pending oldest', 'pending', {}, 'oldest', 'SEARCH c USING INDEX comments_queue (queue=?)'],
      ['pending in a date range', 'pending', { from: '2025-06-01T00:00:00Z', to: '2025-06-08T00:00:00Z' }, 'newest', 'SEARCH c USING INDEX comments_queue (queue=? AND created_at>? AND created_at<?)'],
      ['pending most reported', 'pending', {}, 'most_reported', 'SEARCH c USING INDEX comments_most_reported (queue=?)'],
      ['reported newest', 'reported', {}, 'newest', 'SCAN c USING INDEX comments_reported'],
      ['reported most reported', 'reported', {}, 'most_reported', 'SCAN c USING INDEX comments_reported_most'],
      ['pending of one article', 'pending', { articleId }, 'newest', 'SEARCH c USING INDEX comments_by_article (article_id=? AND queue=?)'],
      ['approved of one author', 'approved', { authorId: 1 }, 'newest', 'SEARCH c USING INDEX comments_by_author (author_id=?)'],
    ];
    expect(Object.fromEntries(pages.map(([name, queue, filter, sort]) => [name, commentsStep(db, queue, filter, sort)]))).toEqual(
      Object.fromEntries(pages.map(([name, , , , expected]) => [name, expected])),
    );
  });

  it('ingest, rules, threads and counts look comments up by index', () => {
    const { db, articleId } = seeded();
    const lookups: [string, string, unknown[], string][] = [
      ['known remote ids (ingest, sync)', 'SELECT id FROM comments WHERE source = ? AND remote_id = ?', ['site', 'c1'], 'SEARCH comments USING COVERING INDEX sqlite_autoindex_comments_1 (source=? AND remote_id=?)'],
      [
        'replies waiting for their parent (ingest)',
        'SELECT id FROM comments WHERE source = ? AND parent_remote_id IS NOT NULL AND parent_id IS NULL',
        ['site'],
        'SEARCH comments USING INDEX comments_awaiting_parent (source=? AND parent_remote_id>?)',
      ],
      [
        'same text by the author within the window (repeat rule)',
        'SELECT id FROM comments WHERE author_id = ? AND body_hash = ? AND created_at >= ? AND created_at <= ? AND id <> ? AND id < ? LIMIT 1',
        [1, 'h', 'a', 'b', 1, 2],
        'SEARCH comments USING INDEX comments_by_author (author_id=? AND created_at>? AND created_at<?)',
      ],
      ['an author’s first comment (new-author rule)', 'SELECT MIN(id) FROM comments WHERE author_id = ?', [1], 'SEARCH comments USING COVERING INDEX comments_by_author (author_id=?)'],
      ['replies of a comment', 'SELECT COUNT(*) FROM comments WHERE parent_id = ?', [1], 'SEARCH comments USING COVERING INDEX comments_by_parent (parent_id=?)'],
      ['one article’s counts', 'SELECT queue, COUNT(*) AS n FROM comments WHERE article_id = ? GROUP BY queue', [articleId], 'SEARCH comments USING INDEX comments_by_article (article_id=?)'],
    ];
    expect(Object.fromEntries(lookups.map(([name, sql, params]) => [name, plan(db, sql, params).split('\n')[0]]))).toEqual(
      Object.fromEntries(lookups.map(([name, , , expected]) => [name, expected])),
    );
  });

  it('ingest walks the remote id indexes in order: the ids it looks up come sorted and without repeats', () => {
    // Sorted, the (source, remote_id) indexes of comments and readers are read front to back; in
    // input order every lookup lands at a random place (SQLite drops a subquery's ORDER BY unless
    // it has a LIMIT, which EXPLAIN QUERY PLAN does not show).
    const { db } = seeded();
    const ids = ['c10', 'c2', 'c10', 'c1', 'c200', 'c2', 'missing'];
    const sql = `SELECT c.remote_id FROM ${BY_REMOTE_ID} AS w CROSS JOIN comments c ON c.source = ? AND c.remote_id = w.value`;
    expect(db.prepare(sql).pluck().all(JSON.stringify(ids), 'site')).toEqual(['c1', 'c10', 'c2', 'c200']);
  });

  it('comments carry exactly the indexes these plans use', () => {
    const { db } = seeded();
    const names = db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'comments' ORDER BY name").pluck().all();
    expect(names).toEqual([
      'comments_awaiting_parent',
      'comments_by_article',
      'comments_by_author',
      'comments_by_parent',
      'comments_most_reported',
      'comments_queue',
      'comments_reported',
      'comments_reported_most',
      'sqlite_autoindex_comments_1',
    ]);
  });
});
