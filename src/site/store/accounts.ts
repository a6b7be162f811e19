import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { SiteDatabase } from '../db/schema';
import { writeTransaction } from '../db/write';
import { takeNumbers } from './feeds';

/**
 * Reader accounts: made on first sign-in (by emailed link or by SSO), renamed, exported and
 * deleted. A reader made without a name has display_name '' until they choose one: the sign-in
 * flow asks for it before landing them back on the article.
 */

export type DeletedComments = 'keep' | 'remove';

export interface AccountExport {
  account: { id: string; email: string | null; ssoSubject: string | null; displayName: string; status: string; createdAt: string };
  sessions: { signedInAt: string; lastSeenAt: string; expiresAt: string; signedOutAt: string | null; browser: string }[];
  comments: { id: string; articleId: string; parentId: string | null; authorName: string; body: string; status: string; createdAt: string; updatedAt: string }[];
  votes: { id: string; articleId: string; axis: string; value: boolean; voided: boolean; createdAt: string }[];
  /** The comments this reader reported. */
  reports: { commentId: string; reason: string; note: string; createdAt: string }[];
}

const iso = (ms: number): string => new Date(Number(ms)).toISOString();

export class AccountStore {
  constructor(private readonly db: Kysely<SiteDatabase>) {}

  /** The reader with this (lower-cased) address, made now when there is none. */
  async byEmail(email: string, now: number): Promise<{ id: string; displayName: string }> {
    await this.db
      .insertInto('readers')
      .values({ id: randomUUID(), email, sso_subject: null, display_name: '', status: 'active', created_at: iso(now), deleted_at: null })
      .onConflict((oc) => oc.column('email').where('email', 'is not', null).doNothing())
      .execute();
    const row = await this.db.selectFrom('readers').select(['id', 'display_name']).where('email', '=', email).executeTakeFirstOrThrow();
    return { id: row.id, displayName: row.display_name };
  }

  /**
   * The reader the newsroom knows as `subject`, made now when there is none. The token's name
   * becomes the display name of a new reader; its address is kept only when no other reader
   * already signs in with it (an address names one account).
   */
  async bySsoSubject(subject: string, claims: { name?: string | undefined; email?: string | undefined }, now: number): Promise<{ id: string; displayName: string }> {
    const existing = await this.db.selectFrom('readers').select(['id', 'display_name']).where('sso_subject', '=', subject).executeTakeFirst();
    if (existing) return { id: existing.id, displayName: existing.display_name };
    const taken = claims.email ? await this.db.selectFrom('readers').select('id').where('email', '=', claims.email).executeTakeFirst() : undefined;
    await this.db
      .insertInto('readers')
      .values({ id: randomUUID(), email: taken ? null : (claims.email ?? null), sso_subject: subject, display_name: claims.name ?? '', status: 'active', created_at: iso(now), deleted_at: null })
      .onConflict((oc) => oc.column('sso_subject').where('sso_subject', 'is not', null).doNothing())
      .execute();
    const row = await this.db.selectFrom('readers').select(['id', 'display_name']).where('sso_subject', '=', subject).executeTakeFirstOrThrow();
    return { id: row.id, displayName: row.display_name };
  }

  async rename(readerId: string, displayName: string): Promise<void> {
    await this.db.updateTable('readers').set({ display_name: displayName }).where('id', '=', readerId).where('status', '!=', 'deleted').execute();
  }

  async sessions(readerId: string, now: number) {
    return this.db
      .selectFrom('reader_sessions')
      .select(['token_hash', 'created_at', 'last_seen_at', 'user_agent'])
      .where('reader_id', '=', readerId)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', now)
      .orderBy('last_seen_at', 'desc')
      .execute();
  }

  /** Everything the site holds about a reader; session token hashes are left out. */
  async export(readerId: string): Promise<AccountExport | null> {
    const reader = await this.db.selectFrom('readers').selectAll().where('id', '=', readerId).executeTakeFirst();
    if (!reader) return null;
    const [sessions, comments, votes, reports] = await Promise.all([
      this.db.selectFrom('reader_sessions').select(['created_at', 'last_seen_at', 'expires_at', 'revoked_at', 'user_agent']).where('reader_id', '=', readerId).orderBy('created_at').execute(),
      this.db.selectFrom('comments').select(['id', 'article_id', 'parent_id', 'author_name', 'body', 'status', 'created_at', 'updated_at']).where('author_id', '=', readerId).orderBy('created_at').execute(),
      this.db.selectFrom('votes').select(['id', 'article_id', 'axis', 'value', 'voided', 'created_at']).where('voter_id', '=', readerId).orderBy('created_at').execute(),
      this.db.selectFrom('comment_reports').select(['comment_id', 'reason', 'note', 'created_at']).where('reporter_id', '=', readerId).orderBy('created_at').execute(),
    ]);
    return {
      account: { id: reader.id, email: reader.email, ssoSubject: reader.sso_subject, displayName: reader.display_name, status: reader.status, createdAt: reader.created_at },
      sessions: sessions.map((s) => ({ signedInAt: iso(s.created_at), lastSeenAt: iso(s.last_seen_at), expiresAt: iso(s.expires_at), signedOutAt: s.revoked_at === null ? null : iso(s.revoked_at), browser: s.user_agent })),
      comments: comments.map((c) => ({ id: c.id, articleId: c.article_id, parentId: c.parent_id, authorName: c.author_name, body: c.body, status: c.status, createdAt: c.created_at, updatedAt: c.updated_at })),
      votes: votes.map((v) => ({ id: v.id, articleId: v.article_id, axis: v.axis, value: Number(v.value) === 1, voided: Number(v.voided) === 1, createdAt: v.created_at })),
      reports: reports.map((r) => ({ commentId: r.comment_id, reason: r.reason, note: r.note, createdAt: r.created_at })),
    };
  }

  /**
   * Deletes an account in one transaction: every session ends; the reader row keeps only its id
   * and the time (so nothing personal stays, and the address can sign up afresh); comments are
   * either kept under `deletedName` or removed; votes keep counting but their voter id is replaced
   * by a fresh random one, so they no longer lead back to the reader (their reports too).
   * A removed comment keeps its row, emptied and marked deleted, and every changed comment takes a
   * new feed number: the desktop must hear of it, or it would keep (and republish) the words.
   */
  async delete(readerId: string, options: { deletedComments: DeletedComments; deletedName: string; now: number }): Promise<void> {
    await writeTransaction(this.db, async (trx) => {
      const when = iso(options.now);
      await trx.updateTable('reader_sessions').set({ revoked_at: options.now }).where('reader_id', '=', readerId).where('revoked_at', 'is', null).execute();
      await trx.updateTable('readers').set({ status: 'deleted', email: null, sso_subject: null, display_name: '', deleted_at: when }).where('id', '=', readerId).execute();
      const gone = `deleted-${randomUUID()}`;
      // The rows first (locking them), then the feed counter: the order every comment change takes.
      const removed = options.deletedComments === 'remove' ? { body: '', deleted_at: when } : {};
      const comments = await trx.updateTable('comments').set({ author_id: gone, author_name: options.deletedName, updated_at: when, ...removed }).where('author_id', '=', readerId).returning('id').execute();
      let seq = comments.length > 0 ? await takeNumbers(trx, 'comments', comments.length) : 0;
      for (const { id } of comments.sort((a, b) => a.id.localeCompare(b.id))) await trx.updateTable('comments').set({ seq: seq++ }).where('id', '=', id).execute();
      await trx.updateTable('comment_reports').set({ reporter_id: gone }).where('reporter_id', '=', readerId).execute();
      await trx.updateTable('votes').set({ voter_id: gone }).where('voter_id', '=', readerId).execute();
    });
  }
}
