import Sqlite from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundledMigrations, migrate } from '../../src/core/db/migrate';
import { ingestComments } from '../../src/core/moderation/ingest';
import type { Workspace } from '../../src/core/workspace';
import { tempDir } from './helpers';
import { idOf, item, moderationWorkspace } from './moderation-helpers';

/** What the counts must be: a full count of the comments, done the slow way. */
function liveCounts(db: Workspace['db'] | Sqlite.Database) {
  const counts: Record<string, number> = { pending: 0, reported: 0, unmoderated: 0, approved: 0, rejected: 0, spam: 0 };
  for (const r of db.prepare('SELECT queue, COUNT(*) AS n FROM comments GROUP BY queue').all() as { queue: string; n: number }[]) counts[r.queue] = r.n;
  counts.reported = db.prepare('SELECT COUNT(*) FROM comments WHERE reported = 1').pluck().get() as number;
  return counts;
}

describe('queue counts kept by triggers (migration 0007)', () => {
  it('stay exact across ingest, rule decisions, actions, bulk, undo and article deletion', () => {
    const { ws, m, articleId } = moderationWorkspace();
    const other = ws.articles.create({ headline: 'Other' }).id;
    const check = (step: string) => expect(m.counts(), step).toEqual(liveCounts(ws.db));
    check('empty');
    m.saveRule(null, { kind: 'banned_phrase', pattern: 'spamword', action: 'reject' });
    m.saveRule(null, { kind: 'suspect_phrase', pattern: 'idiot*', action: 'report' });
    ingestComments(
      ws,
      [
        ...Array.from({ length: 40 }, (_, i) => item(i + 1, i % 4 === 0 ? other : articleId, { publishedOnRemote: i % 3 === 0, reports: { count: i % 5 === 0 ? 2 : 0, reasons: [] } })),
        item(41, articleId, { body: 'buy spamword now', publishedOnRemote: true }),
        item(42, articleId, { body: 'you idiots' }),
      ],
      'site',
    );
    check('ingest with rule decisions');
    expect(m.counts()).toMatchObject({ rejected: 1 });
    expect(m.counts().reported).toBeGreaterThan(0);
    const one = m.act({ action: 'approve', target: { ids: [idOf(ws, 'c2')] } });
    check('one approve');
    const bulk = m.act({ action: 'spam', target: { queue: 'pending', filter: { articleId } } });
    check('bulk spam of a query');
    const reported = m.act({ action: 'reject', target: { queue: 'reported', filter: {} }, reasonCode: 'abuse' });
    check('reject the reported queue');
    m.undo(reported.logId!);
    check('undo reject');
    m.undo(bulk.logId!);
    check('undo bulk');
    m.undo(one.logId!);
    check('undo one');
    // Re-ingest raising reports flags comments again; an edit changes nothing in the counts.
    ingestComments(ws, [item(3, articleId, { reports: { count: 9, reasons: ['rude'] }, body: 'edited text' })], 'site');
    check('re-ingest with reports and an edit');
    // Deleting an article deletes its comments (ON DELETE CASCADE): the triggers see that too.
    ws.articles.trash(other);
    ws.articles.purge(other);
    check('article deleted');
    expect(ws.db.prepare('SELECT COUNT(*) FROM comments WHERE article_id = ?').pluck().get(other)).toBe(0);
  });

  it('counts the comments an existing workspace already had when the migration runs', () => {
    const db = new Sqlite(join(tempDir(), 'upgrade.db'));
    const all = bundledMigrations();
    migrate(db, all.filter((x) => x.version < 7));
    db.prepare("INSERT INTO articles (id, slug, headline, body, status, created_at, updated_at) VALUES ('a', 'a', 'A', '{}', 'draft', 'now', 'now')").run();
    db.prepare("INSERT INTO comment_authors (id, source, remote_id, display_name, first_seen_at) VALUES (1, 's', 'r', 'R', 'now')").run();
    const insert = db.prepare(
      "INSERT INTO comments (source, remote_id, article_id, author_id, body, body_hash, created_at, ingested_at, status, published, reported) VALUES ('s', ?, 'a', 1, 'b', 'h', 'now', 'now', ?, ?, ?)",
    );
    const shapes: [string, number, number][] = [['pending', 0, 0], ['pending', 1, 1], ['approved', 1, 0], ['rejected', 0, 1], ['spam', 0, 0], ['pending', 1, 0]];
    shapes.forEach(([status, published, reported], i) => insert.run(`r${i}`, status, published, reported));
    migrate(db, all);
    const kept = Object.fromEntries((db.prepare('SELECT queue, n FROM comment_queue_counts').all() as { queue: string; n: number }[]).map((r) => [r.queue, r.n]));
    expect(kept).toEqual(liveCounts(db));
    expect(kept).toEqual({ pending: 1, unmoderated: 2, approved: 1, rejected: 1, spam: 1, reported: 2 });
    db.close();
  });
});
