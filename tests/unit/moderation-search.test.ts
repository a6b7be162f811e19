import { describe, expect, it } from 'vitest';
import { ingestComments } from '../../src/core/moderation/ingest';
import { ftsQuery } from '../../src/core/moderation/queue';
import type { CommentIngestItem, Queue, QueueSort } from '../../src/shared/moderation';
import { at, moderationWorkspace } from './moderation-helpers';

/**
 * Regression for "comment search takes seconds on a million comments": search pages no longer
 * fetch and sort every match (see search.ts). Whichever way a page is found — collecting the
 * matches of a rare term, walking the queue for a common one, or walking and then collecting
 * when a common term is rare in the queue — it must list exactly the comments, in exactly the
 * order, of the plain "every match, sorted" query.
 */

const N = 14_000;

function corpus(articleId: string): CommentIngestItem[] {
  return Array.from({ length: N }, (_, i) => {
    const n = i + 1;
    const words = [`comment ${n}`];
    if (n % 2 === 0) words.push('harbor'); // common: half of everything
    if (n <= 4_000) words.push('skew'); // common overall, but (below) almost all approved
    if (n % 997 === 0) words.push('rarity');
    if (n % 3 === 0) words.push('hospital');
    return {
      remoteId: `c${n}`,
      articleId,
      // 600 readers named "Reader k": "reader" matches many names; "Zed" only a few readers.
      author: { remoteId: `a${n % 600}`, displayName: n % 600 === 7 ? 'Zed Example' : `Reader ${n % 600}`, createdAt: null },
      body: words.join(' '),
      // Not in id order everywhere: every 10th comment is older than its neighbours.
      createdAt: at(n % 10 === 0 ? n - 25 : n),
      reports: { count: n % 13 === 0 ? n % 5 : 0, reasons: [] },
    };
  });
}

describe('comment search at scale', () => {
  it('returns the same comments in the same order as the plain query, for rare, common and skewed terms', () => {
    const { ws, m, articleId } = moderationWorkspace();
    ingestComments(ws, corpus(articleId), 'site');
    // Approve the "skew" comments except three, so "skew" is common overall but rare in Pending.
    const skewIds = (ws.db.prepare('SELECT id, remote_id FROM comments').all() as { id: number; remote_id: string }[])
      .filter((r) => Number(r.remote_id.slice(1)) <= 4000 && !['c1000', 'c2000', 'c3000'].includes(r.remote_id))
      .map((r) => r.id);
    m.act({ action: 'approve', target: { ids: skewIds } });

    const ORDER: Record<QueueSort, string> = {
      newest: 'c.created_at DESC, c.id DESC',
      oldest: 'c.created_at ASC, c.id ASC',
      most_reported: 'c.report_count DESC, c.created_at DESC, c.id DESC',
    };
    const QUEUE: Record<string, string> = { pending: "c.queue = 'pending'", approved: "c.queue = 'approved'", reported: 'c.reported = 1' };
    const expected = (queue: Queue, text: string, sort: QueueSort) => {
      const match = ftsQuery(text)!;
      return ws.db
        .prepare(
          `SELECT c.remote_id FROM comments c WHERE ${QUEUE[queue]} AND (c.id IN (SELECT rowid FROM comment_search WHERE comment_search MATCH ?)
             OR c.author_id IN (SELECT rowid FROM comment_author_search WHERE comment_author_search MATCH ?)) ORDER BY ${ORDER[sort]}`,
        )
        .pluck()
        .all(match, match) as string[];
    };
    const pages = (queue: Queue, text: string, sort: QueueSort, maxPages: number) => {
      const seen: string[] = [];
      let cursor: string | null = null;
      for (let p = 0; p < maxPages; p += 1) {
        const page = m.queue({ queue, filter: { text }, sort, cursor, limit: 50 });
        seen.push(...page.items.map((i) => i.comment.remoteId));
        cursor = page.nextCursor;
        if (cursor === null) break;
      }
      return { seen, done: cursor === null };
    };
    const cases: [Queue, string][] = [
      ['pending', 'harbor'], // common: walk
      ['pending', 'hosp*'], // common prefix: walk with rowid-range lookups
      ['approved', 'harbor hospital'], // two words
      ['pending', 'skew'], // common overall, rare here: walk, then collect the rest
      ['pending', 'rarity'], // rare: collect
      ['approved', 'rarity'],
      ['pending', 'zed'], // author name only
      ['pending', 'reader'], // every author name: walk with name lookups
      ['reported', 'harbor'],
      ['pending', 'nothingmatches'],
    ];
    for (const [queue, text] of cases) {
      for (const sort of ['newest', 'oldest', 'most_reported'] as const) {
        const want = expected(queue, text, sort);
        const got = pages(queue, text, sort, 4);
        const label = `${queue} "${text}" ${sort}`;
        expect(got.seen, label).toEqual(want.slice(0, got.seen.length));
        expect(got.seen.length, label).toBe(Math.min(want.length, 200));
        expect(got.done, label).toBe(want.length <= 200);
      }
    }
    expect(expected('pending', 'skew', 'newest')).toEqual(['c3000', 'c2000', 'c1000']);
    expect(expected('pending', 'zed', 'newest').length).toBeGreaterThan(0);
    // Filters combine with text: one article, one author, a time window.
    const authorId = ws.db.prepare("SELECT id FROM comment_authors WHERE remote_id = 'a8'").pluck().get() as number;
    const byAuthor = m.queue({ queue: 'pending', filter: { text: 'harbor', authorId }, limit: 100 }).items.map((i) => i.comment.remoteId);
    expect(byAuthor.length).toBeGreaterThan(0);
    expect(byAuthor.every((id) => Number(id.slice(1)) % 600 === 8 && Number(id.slice(1)) % 2 === 0)).toBe(true);
    expect(m.matching('pending', { text: 'skew' })).toBe(3);
  });
});
