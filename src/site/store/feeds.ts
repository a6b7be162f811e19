import { sql, type Kysely, type Transaction } from 'kysely';
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
import { changeVote } from './votes';

type Feed = 'comments' | 'votes';

/**
 * The comments and votes change feeds, read by a cursor ("after number N"; opaque to clients:
 * `v1.<N>` in base64url) that must never skip a change that committed late.
 *
 * Comments take their number in the transaction that writes them: the UPDATE of feed_counters
 * locks the counter row until commit, so numbers become visible in order.
 *
 * Votes cannot do that: on PostgreSQL every vote on the site would queue on that one row. A vote
 * change is written with seq NULL instead, and the numbering step (numberVotes), run before the
 * votes feed is read, numbers the committed unnumbered votes under the counter lock. Numbering
 * steps run one at a time and each numbers only what has committed, so numbers still become
 * visible in order: a vote that commits late is simply numbered by a later step, above every
 * number handed out before it. The lock is held for one short step per feed read (and batch),
 * never by a reader's vote.
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

/** Takes `count` numbers of a feed under its counter row lock; returns the first. */
export async function takeNumbers(trx: Transaction<SiteDatabase>, feed: Feed, count: number): Promise<number> {
  const row = await trx
    .updateTable('feed_counters')
    .set((eb) => ({ value: eb('value', '+', count) }))
    .where('name', '=', feed)
    .returning('value')
    .executeTakeFirstOrThrow();
  return Number(row.value) - count + 1;
}

/** Votes numbered per statement: two parameters each, well inside SQLite's limit. */
const NUMBER_BATCH = 500;
/** Batches one feed read numbers at most; the rest wait for the next read. */
const NUMBER_ROUNDS = 20;

/** Numbers one batch of committed unnumbered votes, oldest change first; returns how many. */
async function numberVoteBatch(db: Kysely<SiteDatabase>): Promise<number> {
  return writeTransaction(db, async (trx) => {
    // Taking the counter lock first waits for any numbering step still in flight.
    const base = await takeNumbers(trx, 'votes', 0);
    const pending = await trx.selectFrom('votes').select('id').where('seq', 'is', null).orderBy('created_at').orderBy('id').limit(NUMBER_BATCH).execute();
    if (pending.length === 0) return 0;
    const numbered = sql.join(pending.map((row, index) => sql`(${row.id}, CAST(${base + index} AS BIGINT))`));
    // A vote being changed right now is waited for (row lock) and numbered as it commits, still
    // unnumbered; one that committed a newer change meanwhile is numbered with that change.
    const result = await sql`WITH numbered (id, seq) AS (VALUES ${numbered})
      UPDATE votes SET seq = numbered.seq FROM numbered WHERE votes.id = numbered.id AND votes.seq IS NULL`.execute(trx);
    await takeNumbers(trx, 'votes', pending.length);
    return Number(result.numAffectedRows ?? pending.length);
  });
}

/** Numbers the committed unnumbered votes (see the note at the top of this file). */
export async function numberVotes(db: Kysely<SiteDatabase>): Promise<number> {
  let total = 0;
  for (let round = 0; round < NUMBER_ROUNDS; round++) {
    const count = await numberVoteBatch(db);
    total += count;
    if (count < NUMBER_BATCH) break;
  }
  return total;
}

/** Reports listed per comment at most (the count still counts them all). */
const REPORT_REASONS_LISTED = 100;

function commentOf(row: SiteDatabase['comments'], reports: { count: number; reasons: string[] } | undefined): RemoteComment {
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
    editedAt: row.edited_at,
    deletedAt: row.deleted_at,
    reports: reports ?? { count: 0, reasons: [] },
  };
}

/** The reports of a page of comments, one query: a reason, with the reporter's note after a colon. */
async function reportsOf(db: Kysely<SiteDatabase>, ids: string[]): Promise<Map<string, { count: number; reasons: string[] }>> {
  const found = new Map<string, { count: number; reasons: string[] }>();
  if (ids.length === 0) return found;
  const rows = await db.selectFrom('comment_reports').select(['comment_id', 'reason', 'note']).where('comment_id', 'in', ids).orderBy('created_at').orderBy('reporter_id').execute();
  for (const row of rows) {
    const entry = found.get(row.comment_id) ?? { count: 0, reasons: [] };
    entry.count += 1;
    if (entry.reasons.length < REPORT_REASONS_LISTED) entry.reasons.push(row.note === '' ? row.reason : `${row.reason}: ${row.note}`);
    found.set(row.comment_id, entry);
  }
  return found;
}

function voteOf(row: SiteDatabase['votes']): RemoteVote {
  return {
    id: row.id,
    articleId: row.article_id,
    voterId: row.voter_id,
    axis: row.axis as RemoteVote['axis'],
    value: row.value === 1,
    voided: row.voided === 1,
    createdAt: row.created_at,
    withdrawn: row.withdrawn === 1,
    voterCreatedAt: row.voter_created_at,
    ipHash: row.ip_hash,
    deviceHash: row.device_hash,
  };
}

export class FeedStore {
  constructor(private readonly db: Kysely<SiteDatabase>) {}

  async comments(since: number, limit: number): Promise<CommentPage> {
    const rows = await this.db.selectFrom('comments').selectAll().where('seq', '>', since).orderBy('seq').limit(limit + 1).execute();
    const page = rows.slice(0, limit);
    const reports = await reportsOf(this.db, page.map((row) => row.id));
    return { items: page.map((row) => commentOf(row, reports.get(row.id))), nextCursor: cursor(page.at(-1)?.seq ?? since), hasMore: rows.length > limit };
  }

  async votes(since: number, limit: number): Promise<VotePage> {
    await numberVotes(this.db);
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

  /** Adds or replaces votes as given (tests and imports); tallies follow, numbering comes later. */
  async upsertVotes(items: readonly RemoteVote[]): Promise<void> {
    const clean = items.map((v) => RemoteVoteSchema.parse(v));
    await writeTransaction(this.db, async (trx) => {
      for (const v of clean) {
        const row = {
          id: v.id,
          article_id: v.articleId,
          voter_id: v.voterId,
          axis: v.axis,
          value: v.value ? 1 : 0,
          voided: v.voided ? 1 : 0,
          created_at: v.createdAt,
          withdrawn: v.withdrawn ? 1 : 0,
          voter_created_at: v.voterCreatedAt ?? null,
          ip_hash: v.ipHash ?? null,
          device_hash: v.deviceHash ?? null,
        };
        await changeVote(trx, v.id, () => row, v.createdAt);
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
    // Lock the batch's comments first, in id order, before the feed counter: an author's edit
    // locks its comment and then the counter, so taking them in the other order could deadlock
    // on PostgreSQL; sorted, two batches never wait on each other in a circle either.
    const commentIds = [...new Set(batch.decisions.flatMap((d) => ('commentId' in d ? [d.commentId] : [])))].sort();
    for (const id of commentIds) await trx.updateTable('comments').set((eb) => ({ seq: eb.ref('seq') })).where('id', '=', id).execute();
    for (const [index, decision] of batch.decisions.entries()) {
      const reason = decision.reason ?? '';
      if (decision.action === 'ban') {
        await trx.insertInto('banned_authors').values({ author_id: decision.authorId, reason, banned_at: now }).onConflict((oc) => oc.column('author_id').doUpdateSet({ reason, banned_at: now })).execute();
        results.push({ index, status: 'applied' });
      } else if (decision.action === 'unban') {
        // The reader may vote and comment again; a ban in the site's own readers table stays.
        await trx.deleteFrom('banned_authors').where('author_id', '=', decision.authorId).execute();
        results.push({ index, status: 'applied' });
      } else if (decision.action === 'void_vote' || decision.action === 'restore_vote') {
        const voided = decision.action === 'void_vote' ? 1 : 0;
        let found = false;
        // Through changeVote: the vote's row lock orders this against the reader's own changes,
        // and a counted vote leaves the tallies as it is voided.
        await changeVote(
          trx,
          decision.voteId,
          (old) => {
            found = old !== undefined;
            if (!old || old.voided === voided) return null;
            // A vote that counts (not withdrawn) changes the tallies either way.
            if (old.withdrawn === 0) changedArticles.add(old.article_id);
            return { ...old, voided };
          },
          now,
        );
        results.push({ index, status: found ? 'applied' : 'not_found' });
      } else if ('commentId' in decision) {
        const status = { approve: 'approved', reject: 'rejected', spam: 'spam', hold: 'pending' }[decision.action];
        const found = await trx.selectFrom('comments').select(['id', 'article_id']).where('id', '=', decision.commentId).executeTakeFirst();
        if (found) {
          changedArticles.add(found.article_id);
          const seq = await takeNumbers(trx, 'comments', 1);
          // decided_at freezes the text: its author can no longer edit what a moderator decided on
          // (hold, the undo of a decision, leaves it: a moderator has seen the words).
          const decided = decision.action === 'hold' ? {} : { decided_at: now };
          await trx.updateTable('comments').set({ status, updated_at: now, ...decided, seq }).where('id', '=', decision.commentId).execute();
        }
        results.push({ index, status: found ? 'applied' : 'not_found' });
      }
    }
    return { results };
  }
}
