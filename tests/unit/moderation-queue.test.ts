import { describe, expect, it } from 'vitest';
import { ingestComments } from '../../src/core/moderation/ingest';
import { idOf, item, moderationWorkspace } from './moderation-helpers';

describe('moderation queues', () => {
  it('sorts each queue into the right place and counts them live', () => {
    const { ws, m, articleId } = moderationWorkspace();
    ingestComments(
      ws,
      [
        item(1, articleId),
        item(2, articleId, { publishedOnRemote: true }),
        item(3, articleId, { reports: { count: 4, reasons: ['rude'] } }),
        item(4, articleId),
        item(5, articleId),
      ],
      'site',
    );
    m.act({ action: 'approve', target: { ids: [idOf(ws, 'c4')] } });
    m.act({ action: 'spam', target: { ids: [idOf(ws, 'c5')] } });
    expect(m.counts()).toEqual({ pending: 2, reported: 1, unmoderated: 1, approved: 1, rejected: 0, spam: 1 });
    const ids = (queue: Parameters<typeof m.queue>[0]['queue']) => m.queue({ queue }).items.map((i) => i.comment.remoteId);
    expect(ids('pending')).toEqual(['c3', 'c1']);
    expect(ids('unmoderated')).toEqual(['c2']);
    expect(ids('reported')).toEqual(['c3']);
    expect(ids('approved')).toEqual(['c4']);
    expect(ids('spam')).toEqual(['c5']);
    expect(m.counts(articleId).pending).toBe(2);
    expect(m.counts('other').pending).toBe(0);
  });

  it('keyset pagination is stable when comments arrive between pages', () => {
    const { ws, m, articleId } = moderationWorkspace();
    ingestComments(ws, Array.from({ length: 25 }, (_, i) => item(i + 1, articleId)), 'site');
    for (const sort of ['newest', 'oldest', 'most_reported'] as const) {
      const seen: string[] = [];
      let cursor: string | null = null;
      let round = 0;
      do {
        const page = m.queue({ queue: 'pending', sort, cursor, limit: 10 });
        seen.push(...page.items.map((i) => i.comment.remoteId));
        cursor = page.nextCursor;
        // New comments, older and newer than everything, arrive between pages.
        ingestComments(ws, [item(1000 + round, articleId, { remoteId: `new-${sort}-${round}`, createdAt: new Date(Date.now()).toISOString() }), item(-1, articleId, { remoteId: `old-${sort}-${round}` })], 'site');
        round += 1;
      } while (cursor !== null);
      const original = seen.filter((id) => /^c\d+$/.test(id));
      expect(new Set(seen).size, sort).toBe(seen.length);
      expect(original.length, sort).toBe(25);
    }
    expect(() => m.queue({ queue: 'pending', cursor: 'garbage' })).toThrow(/Invalid queue cursor/);
  });

  it('filters by article, author, time, matched rule and text (body or author name)', () => {
    const { ws, m, articleId } = moderationWorkspace();
    const other = ws.articles.create({ headline: 'Other' }).id;
    ingestComments(
      ws,
      [
        item(1, articleId, { body: 'The crème brûlée was cold' }),
        item(2, other, { body: 'Pipes again' }),
        item(3, articleId, { body: 'Nothing special', author: { remoteId: 'zed', displayName: 'Zoë Durand', createdAt: null } }),
      ],
      'site',
    );
    const q = (filter: Parameters<typeof m.queue>[0]['filter']) => m.queue({ queue: 'pending', filter }).items.map((i) => i.comment.remoteId);
    expect(q({ articleId: other })).toEqual(['c2']);
    expect(q({ text: 'creme' })).toEqual(['c1']);
    expect(q({ text: 'brul*' })).toEqual(['c1']);
    expect(q({ text: 'zoe' })).toEqual(['c3']);
    expect(q({ text: '"); DROP TABLE comments; --' })).toEqual([]);
    expect(q({ from: '2026-01-01T00:00:02Z', to: '2026-01-01T00:00:03Z' })).toEqual(['c2']);
    const authorId = ws.db.prepare("SELECT id FROM comment_authors WHERE remote_id = 'zed'").pluck().get() as number;
    expect(q({ authorId })).toEqual(['c3']);
  });

  it('a queue item carries author summary, headline, parent excerpt, reply count; comment shows the thread', () => {
    const { ws, m, articleId } = moderationWorkspace();
    ingestComments(ws, [item(1, articleId, { body: 'Parent text' }), item(2, articleId, { parentRemoteId: 'c1' }), item(3, articleId, { parentRemoteId: 'c1' })], 'site');
    m.act({ action: 'approve', target: { ids: [idOf(ws, 'c1')] } });
    const reply = m.queue({ queue: 'pending' }).items.find((i) => i.comment.remoteId === 'c2')!;
    expect(reply.parentExcerpt).toBe('Parent text');
    expect(reply.articleHeadline).toBe('Pipes');
    const detail = m.comment(idOf(ws, 'c1'));
    expect(detail.item.replyCount).toBe(2);
    expect(detail.item.author.approvedCount).toBe(1);
    expect(detail.replies.map((r) => r.comment.remoteId)).toEqual(['c2', 'c3']);
    expect(detail.history.map((h) => h.action)).toEqual(['approve']);
    expect(m.comment(idOf(ws, 'c2')).parent!.comment.remoteId).toBe('c1');
  });
});
