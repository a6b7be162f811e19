import { describe, expect, it } from 'vitest';
import { approvedComments, voteTallies } from '../../src/core/moderation/public';
import { tempWorkspace } from './helpers';

function setup() {
  const ws = tempWorkspace({ seed: false });
  const articleId = ws.articles.create({ headline: 'Pipes' }).id;
  const db = ws.db;
  db.prepare(`INSERT INTO comment_authors (id, source, remote_id, display_name, first_seen_at) VALUES (1, 's', 'a1', '<b>Ann</b>', 'x')`).run();
  const comment = db.prepare(
    `INSERT INTO comments (id, source, remote_id, article_id, parent_id, author_id, body, body_hash, created_at, ingested_at, status)
     VALUES (?, 's', ?, ?, ?, 1, ?, 'h', ?, 'x', ?)`,
  );
  return { ws, db, articleId, comment };
}

describe('moderation public API', () => {
  it('approvedComments returns only approved comments, oldest first, with orphaned replies at top level', () => {
    const { db, articleId, comment } = setup();
    comment.run(1, 'r1', articleId, null, 'first', '2026-01-01T00:00:01.000Z', 'approved');
    comment.run(2, 'r2', articleId, 1, 'reply to approved', '2026-01-01T00:00:03.000Z', 'approved');
    comment.run(3, 'r3', articleId, null, 'held', '2026-01-01T00:00:02.000Z', 'pending');
    comment.run(4, 'r4', articleId, 3, 'reply to held', '2026-01-01T00:00:04.000Z', 'approved');
    comment.run(5, 'r5', articleId, null, 'spam', '2026-01-01T00:00:05.000Z', 'spam');
    expect(approvedComments(db, articleId)).toEqual([
      { id: '1', parentId: null, authorName: '<b>Ann</b>', body: 'first', createdAt: '2026-01-01T00:00:01.000Z' },
      { id: '2', parentId: '1', authorName: '<b>Ann</b>', body: 'reply to approved', createdAt: '2026-01-01T00:00:03.000Z' },
      { id: '4', parentId: null, authorName: '<b>Ann</b>', body: 'reply to held', createdAt: '2026-01-01T00:00:04.000Z' },
    ]);
  });

  it('voteTallies counts only counted votes per axis and reports the voting lock', () => {
    const { db, articleId } = setup();
    const vote = db.prepare(
      `INSERT INTO votes (source, remote_id, article_id, axis, value, voter_id, voted_at, state) VALUES ('s', ?, ?, ?, ?, 1, 't', ?)`,
    );
    vote.run('v1', articleId, 'interesting', 'yes', 'counted');
    vote.run('v2', articleId, 'interesting', 'no', 'counted');
    vote.run('v3', articleId, 'interesting', 'yes', 'void');
    vote.run('v4', articleId, 'support', 'yes', 'counted');
    expect(voteTallies(db, articleId)).toEqual({ interesting: { yes: 1, total: 2 }, support: { yes: 1, total: 1 }, votingOpen: true });
    db.prepare(`INSERT INTO article_voting (article_id, locked, changed_at, changed_by) VALUES (?, 1, 't', 'me')`).run(articleId);
    expect(voteTallies(db, articleId).votingOpen).toBe(false);
    expect(voteTallies(db, 'no-such-article')).toEqual({ interesting: { yes: 0, total: 0 }, support: { yes: 0, total: 0 }, votingOpen: true });
  });
});
