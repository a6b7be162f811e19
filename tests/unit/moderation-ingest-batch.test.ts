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

  it('a repeat found for a whole batch in SQL has the same window edges as the one-comment lookup', () => {
    // A batch primes every repeat_text answer with one statement (the window start computed by
    // SQLite); a one-comment batch asks per comment (the start computed in JavaScript). Exactly
    // 10 minutes later is inside the window, 10 minutes and 1 ms later is not.
    const ms = (base: string, extra: number) => new Date(Date.parse(base) + extra).toISOString();
    const author = (id: string) => ({ remoteId: id, displayName: id, createdAt: null });
    const batch = (articleId: string) => [
      item(1, articleId, { author: author('a'), body: 'Fix the pipes', createdAt: at(0) }),
      item(2, articleId, { author: author('a'), body: 'fix the PIPES', createdAt: ms(at(0), 10 * 60_000) }),
      item(3, articleId, { author: author('b'), body: 'Fix the pipes', createdAt: at(0) }),
      item(4, articleId, { author: author('b'), body: 'Fix the pipes.', createdAt: ms(at(0), 10 * 60_000 + 1) }),
      item(5, articleId, { author: author('c'), body: 'Fix the pipes', createdAt: ms(at(0), 999) }),
      item(6, articleId, { author: author('c'), body: 'Fix the pipes', createdAt: ms(at(0), 999 + 10 * 60_000) }),
    ];
    const held = (one: boolean): string[][] => {
      const { ws, m, articleId } = moderationWorkspace();
      m.saveRule(null, { kind: 'repeat_text', action: 'hold', threshold: 10 });
      const items = batch(articleId);
      if (one) for (const it of items) ingestComments(ws, [it], 'site');
      else ingestComments(ws, items, 'site');
      return items.map((it) => m.comment(idOf(ws, it.remoteId)).item.comment.ruleMatches.map((r) => r.detail));
    };
    const expected = [[], ['same text as comment 1 within 10 min'], [], [], [], ['same text as comment 5 within 10 min']];
    expect(held(false)).toEqual(expected);
    expect(held(true)).toEqual(expected);
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

  it('a bulk batch is searchable and counted, and leaves no guard, pragma or cache change behind', () => {
    const { ws, m, articleId } = moderationWorkspace();
    const { db } = ws;
    const settings = () => ({
      fk: db.pragma('foreign_keys', { simple: true }),
      cache: db.pragma('cache_size', { simple: true }),
      guard: db.prepare('SELECT COUNT(*) FROM ingest_guard').pluck().get(),
    });
    const before = settings();
    // 1,201 comments: more than one multi-row statement, plus a remainder statement.
    const batch = Array.from({ length: 1201 }, (_, i) => item(i + 1, articleId, { body: `word${i + 1} shared`, publishedOnRemote: i % 3 === 0 }));
    expect(ingestComments(ws, batch, 'site').inserted).toBe(1201);
    expect(settings()).toEqual(before);
    const matches = (q: string) => db.prepare('SELECT COUNT(*) FROM comment_search WHERE comment_search MATCH ?').pluck().get(q);
    expect([matches('shared'), matches('word1'), matches('word1201')]).toEqual([1201, 1, 1]);
    expect(m.counts()).toMatchObject({ unmoderated: 401, pending: 800 });

    // Another writer's plain INSERT still goes through the triggers (the guard is never committed).
    db.prepare(
      "INSERT INTO comments (source, remote_id, article_id, author_id, body, body_hash, created_at, ingested_at) VALUES ('other', 'x1', ?, 1, 'directly inserted', 'h', 'now', 'now')",
    ).run(articleId);
    expect(matches('directly')).toBe(1);
    expect(m.counts()).toMatchObject({ pending: 801 });

    // A failing batch (unknown article in the middle) writes nothing and restores everything.
    const bad = [item(5000, articleId), item(5001, 'no-such-article'), item(5002, articleId)];
    expect(() => ingestComments(ws, bad, 'site')).toThrow(/no article/);
    expect(settings()).toEqual(before);
    expect(db.prepare("SELECT COUNT(*) FROM comments WHERE remote_id LIKE 'c500_'").pluck().get()).toBe(0);

    // Inside an enclosing transaction (sync stores each pulled page in one), foreign keys stay on.
    db.transaction(() => {
      ingestComments(ws, [item(6000, articleId, { body: 'nested batch' })], 'site');
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    })();
    expect(matches('nested')).toBe(1);
    expect(settings()).toEqual(before);
  });

  it('a batch that fails while its rows are being written writes nothing, and the next batch writes only its own rows', () => {
    const { ws, articleId } = moderationWorkspace();
    const { db } = ws;
    const count = (sql: string) => db.prepare(sql).pluck().get();
    ingestComments(ws, [item(1, articleId, { body: 'before' })], 'site');
    // Fails the insert of one comment deep into the batch's second multi-row statement.
    db.exec("CREATE TRIGGER fail_on_poison BEFORE INSERT ON comments WHEN new.body = 'poison' BEGIN SELECT RAISE(ABORT, 'poisoned row'); END");
    const failing = Array.from({ length: 700 }, (_, i) => item(i + 10, articleId, { body: i === 650 ? 'poison' : `failed batch ${i}`, author: { remoteId: `new-${i}`, displayName: `New ${i}`, createdAt: null } }));
    expect(() => ingestComments(ws, failing, 'site')).toThrow(/poisoned row/);
    expect([count('SELECT COUNT(*) FROM comments'), count("SELECT COUNT(*) FROM comment_authors WHERE remote_id LIKE 'new-%'")]).toEqual([1, 0]);
    expect(count("SELECT COUNT(*) FROM comment_search WHERE comment_search MATCH 'failed'")).toBe(0);
    expect(ingestComments(ws, [item(900, articleId, { body: 'second batch' })], 'site').inserted).toBe(1);
    expect(db.prepare('SELECT remote_id FROM comments ORDER BY id').pluck().all()).toEqual(['c1', 'c900']);
  });

  it('a reader renamed on the site is renamed here (name search follows); an empty name keeps the old one', () => {
    const { ws, articleId } = moderationWorkspace();
    const reader = (n: number, displayName: string, createdAt: string | null = null) => ({ remoteId: `reader-${n}`, displayName, createdAt });
    // 600 readers: the renames need more than one multi-row statement.
    ingestComments(ws, Array.from({ length: 600 }, (_, i) => item(i + 1, articleId, { author: reader(i, `Oldname${i}`) })), 'site');
    ingestComments(
      ws,
      Array.from({ length: 600 }, (_, i) => item(i + 1, articleId, { author: reader(i, i === 7 ? '' : `Newname${i}`, i === 3 ? '2020-05-01T00:00:00.000Z' : null) })),
      'site',
    );
    const author = (n: number) => ws.db.prepare('SELECT display_name, remote_created_at FROM comment_authors WHERE remote_id = ?').get(`reader-${n}`);
    expect(author(0)).toEqual({ display_name: 'Newname0', remote_created_at: null });
    expect(author(3)).toEqual({ display_name: 'Newname3', remote_created_at: '2020-05-01T00:00:00.000Z' });
    expect(author(7)).toMatchObject({ display_name: 'Oldname7' });
    expect(author(599)).toMatchObject({ display_name: 'Newname599' });
    const byName = (q: string) => ws.db.prepare('SELECT COUNT(*) FROM comment_author_search WHERE comment_author_search MATCH ?').pluck().get(q);
    expect([byName('newname599'), byName('oldname599'), byName('oldname7')]).toEqual([1, 0, 1]);
    // Another writer's rename still goes through the trigger (the ingest guard is never committed).
    ws.db.prepare("UPDATE comment_authors SET display_name = 'Othername' WHERE remote_id = 'reader-5'").run();
    expect([byName('othername'), byName('newname5')]).toEqual([1, 0]);
  });
});
