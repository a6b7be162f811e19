import type { Kysely, Transaction } from 'kysely';
import { z } from 'zod';
import {
  RemoteCommentSchema,
  RemoteVoteSchema,
  type CommentPage,
  type ModerationBatch,
  type ModerationResult,
  type RemoteComment,
  type RemoteVote,
  type VotePage,
} from '../../shared/remote/site-api';
import type { SiteDatabase } from '../db/schema';
import { writeTransaction } from '../db/write';

type Feed = 'comments' | 'votes';

/**
 * The comments and votes change feeds. Every insert or change takes the next number of its feed
 * from feed_counters; that UPDATE locks the counter row until the transaction commits, so numbers
 * become visible in order on both engines and a cursor ("after number N") never skips a change
 * that committed late. The cursor is opaque to clients: `v1.<N>` in base64url.
 */

const CursorSchema = z
  .string()
  .max(200)
  .transform((text, ctx) => {
    const match = /^v1\.(\d{1,15})$/.exec(Buffer.from(text, 'base64url').toString('utf8'));
    if (!match) {
      ctx.addIssue({ code: 'custom', message: 'This cursor was not issued by this site.' });
      return z.NEVER;
    }
    return Number(match[1]);
  });

export const FeedQuerySchema = z
  .object({
    since: CursorSchema.optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
  })
  .strict();

const cursor = (seq: number): string => Buffer.from(`v1.${seq}`).toString('base64url');

async function takeNumbers(trx: Transaction<SiteDatabase>, feed: Feed, count: number): Promise<number> {
  const row = await trx
    .updateTable('feed_counters')
    .set((eb) => ({ value: eb('value', '+', count) }))
    .where('name', '=', feed)
    .returning('value')
    .executeTakeFirstOrThrow();
  return Number(row.value) - count + 1;
}

function commentOf(row: SiteDatabase['comments']): RemoteComment {
  return {
    id: row.id,
    articleId: row.article_id,
    parentId: row.parent_id,
    authorId: row.author_id,
    authorName: row.author_name,
    body: row.body,
    status: row.status as RemoteComment['status'],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function voteOf(row: SiteDatabase['votes']): RemoteVote {
  return { id: row.id, articleId: row.article_id, voterId: row.voter_id, axis: row.axis as RemoteVote['axis'], value: row.value === 1, voided: row.voided === 1, createdAt: row.created_at };
}

export class FeedStore {
  constructor(private readonly db: Kysely<SiteDatabase>) {}

  async comments(since: number, limit: number): Promise<CommentPage> {
    const rows = await this.db.selectFrom('comments').selectAll().where('seq', '>', since).orderBy('seq').limit(limit + 1).execute();
    const page = rows.slice(0, limit);
    return { items: page.map(commentOf), nextCursor: cursor(page.at(-1)?.seq ?? since), hasMore: rows.length > limit };
  }

  async votes(since: number, limit: number): Promise<VotePage> {
    const rows = await this.db.selectFrom('votes').selectAll().where('seq', '>', since).orderBy('seq').limit(limit + 1).execute();
    const page = rows.slice(0, limit);
    return { items: page.map(voteOf), nextCursor: cursor(page.at(-1)?.seq ?? since), hasMore: rows.length > limit };
  }

  /** Adds or replaces comments (what readers post; tests and imports use it too). Each change joins the feed. */
  async upsertComments(items: readonly RemoteComment[]): Promise<void> {
    const clean = items.map((c) => RemoteCommentSchema.parse(c));
    await writeTransaction(this.db, async (trx) => {
      let seq = await takeNumbers(trx, 'comments', clean.length);
      for (const c of clean) {
        const row = { id: c.id, article_id: c.articleId, parent_id: c.parentId, author_id: c.authorId, author_name: c.authorName, body: c.body, status: c.status, created_at: c.createdAt, updated_at: c.updatedAt, seq: seq++ };
        const { id: _id, ...changes } = row;
        await trx.insertInto('comments').values(row).onConflict((oc) => oc.column('id').doUpdateSet(changes)).execute();
      }
    });
  }

  async upsertVotes(items: readonly RemoteVote[]): Promise<void> {
    const clean = items.map((v) => RemoteVoteSchema.parse(v));
    await writeTransaction(this.db, async (trx) => {
      let seq = await takeNumbers(trx, 'votes', clean.length);
      for (const v of clean) {
        const row = { id: v.id, article_id: v.articleId, voter_id: v.voterId, axis: v.axis, value: v.value ? 1 : 0, voided: v.voided ? 1 : 0, created_at: v.createdAt, seq: seq++ };
        const { id: _id, ...changes } = row;
        await trx.insertInto('votes').values(row).onConflict((oc) => oc.column('id').doUpdateSet(changes)).execute();
      }
    });
  }

  /**
   * Applies decisions in order inside the caller's transaction (all or nothing), adding to
   * `changedArticles` the id of each article whose approved comments or vote tallies it changed
   * (the pages to drop from caches once it commits).
   */
  async moderate(trx: Transaction<SiteDatabase>, batch: ModerationBatch, now: string, changedArticles = new Set<string>()): Promise<ModerationResult> {
    const results: ModerationResult['results'] = [];
    for (const [index, decision] of batch.decisions.entries()) {
      const reason = decision.reason ?? '';
      if (decision.action === 'ban') {
        await trx.insertInto('banned_authors').values({ author_id: decision.authorId, reason, banned_at: now }).onConflict((oc) => oc.column('author_id').doUpdateSet({ reason, banned_at: now })).execute();
        results.push({ index, status: 'applied' });
      } else if (decision.action === 'void_vote') {
        const found = await trx.selectFrom('votes').select(['id', 'article_id']).where('id', '=', decision.voteId).executeTakeFirst();
        if (found) {
          changedArticles.add(found.article_id);
          const seq = await takeNumbers(trx, 'votes', 1);
          await trx.updateTable('votes').set({ voided: 1, seq }).where('id', '=', decision.voteId).execute();
        }
        results.push({ index, status: found ? 'applied' : 'not_found' });
      } else {
        const status = decision.action === 'approve' ? 'approved' : decision.action === 'reject' ? 'rejected' : 'spam';
        const found = await trx.selectFrom('comments').select(['id', 'article_id']).where('id', '=', decision.commentId).executeTakeFirst();
        if (found) {
          changedArticles.add(found.article_id);
          const seq = await takeNumbers(trx, 'comments', 1);
          await trx.updateTable('comments').set({ status, updated_at: now, seq }).where('id', '=', decision.commentId).execute();
        }
        results.push({ index, status: found ? 'applied' : 'not_found' });
      }
    }
    return { results };
  }
}
