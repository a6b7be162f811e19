import { describe, expect, it } from 'vitest';
import { ingestComments } from '../../src/core/moderation/ingest';
import { at, idOf, item, moderationWorkspace } from './moderation-helpers';

/**
 * Ingest writes new comments set-based (one INSERT per chunk; see ingest-batch.ts). These guard
 * that a batch still behaves exactly like the row-by-row ingest it replaced.
 */
describe('set-based ingest keeps row-by-row semantics', () => {
  it('a comment is never flagged as a repeat of one that comes after it in the same batch', () => {
    const { ws, m, articleId } = moderationWorkspace();
    m.saveRule(null, { kind: 'repeat_text', action: 'hold', threshold: 10 });
    const author = { remoteId: 'same', displayName: 'Same', createdAt: null };
    // c1 arrives first but is newer than c2: c1 must not see c2 (it did not exist yet); c2 may not
    // see c1 (c1 is newer than c2). c3 repeats c1 a minute later: only c3 is held.
    ingestComments(
      ws,
      [
        item(1, articleId, { author, body: 'Same words', createdAt: at(300), publishedOnRemote: true }),
        item(2, articleId, { author, body: 'same WORDS', createdAt: at(200), publishedOnRemote: true }),
        item(3, articleId, { author, body: 'Same words!', createdAt: at(360), publishedOnRemote: true }),
      ],
      'site',
    );
    const kinds = (n: number) => m.comment(idOf(ws, `c${n}`)).item.comment.ruleMatches.map((r) => r.kind);
    expect([kinds(1), kinds(2), kinds(3)]).toEqual([[], [], ['repeat_text']]);
    expect(m.counts()).toMatchObject({ unmoderated: 2, pending: 1 });
  });

  it('links a reply to a parent earlier in the batch at once, and treats a repeated remote id as an update', () => {
    const { ws, articleId } = moderationWorkspace();
    const result = ingestComments(
      ws,
      [
        item(1, articleId, { body: 'parent' }),
        item(2, articleId, { parentRemoteId: 'c1' }),
        item(3, articleId, { parentRemoteId: 'c4' }), // parent arrives later in the batch
        item(4, articleId),
        item(1, articleId, { body: 'parent, edited', editedAt: at(50) }), // same remote id again
        { ...item(5, articleId), author: { remoteId: 'fresh', displayName: 'Fresh <b>One</b>', createdAt: null } },
      ],
      'site',
    );
    expect(result).toEqual({ inserted: 5, updated: 1, unchanged: 0, truncated: 0 });
    const row = (n: number) => ws.db.prepare('SELECT id, parent_id, body, edited_at FROM comments WHERE remote_id = ?').get(`c${n}`) as { id: number; parent_id: number | null; body: string; edited_at: string | null };
    expect(row(2).parent_id).toBe(row(1).id);
    expect(row(3).parent_id).toBe(row(4).id);
    expect(row(1)).toMatchObject({ body: 'parent, edited', edited_at: at(50) });
    // Ids follow the batch order, as row-by-row inserts gave them.
    expect([1, 2, 3, 4, 5].map((n) => row(n).id)).toEqual([1, 2, 3, 4, 5].map((n) => row(1).id + n - 1));
    // New readers are created (the name kept as inert plain text) and searchable by name.
    expect(ws.db.prepare("SELECT display_name FROM comment_authors WHERE remote_id = 'fresh'").pluck().get()).toBe('Fresh <b>One</b>');
    expect(ws.db.prepare("SELECT COUNT(*) FROM comment_author_search WHERE comment_author_search MATCH 'fresh'").pluck().get()).toBe(1);
    expect(ws.db.prepare("SELECT COUNT(*) FROM comment_search WHERE comment_search MATCH 'edited'").pluck().get()).toBe(1);
    expect(ws.db.prepare("SELECT COUNT(*) FROM comment_search WHERE comment_search MATCH 'parent'").pluck().get()).toBe(1);
  });
});
