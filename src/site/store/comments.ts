import { randomBytes } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { REASON_CODES } from '../../shared/moderation';
import { MAX_COMMENT_DEPTH } from '../../shared/render/comments';
import type { CommentsTable, SiteDatabase } from '../db/schema';
import { writeTransaction } from '../db/write';
import type { ReaderStringKey } from '../readers/strings';
import type { CommentToScreen, Screening } from '../readers/screen';
import { takeNumbers } from './feeds';

/**
 * Readers' comments: write, reply, edit (10 minutes), delete, report. Every change is one
 * transaction that also takes a new number of the comments feed, so the desktop sees it; a
 * refusal leaves nothing written (the rate-limit count aside, which is the point of it).
 *
 * How a comment's status is chosen, at submit and again at every edit:
 * - the screening (readers/screen.ts, the desktop's rules) says reject: stored as spam, never
 *   shown; hold: pending whatever the mode; report: it also files a report with the rules' reasons;
 * - otherwise the site's mode: `pre` every comment is pending, `new` pending until the reader has
 *   `trustAfter` approved comments, `post` approved at once.
 * A moderator's decision (FeedStore.moderate) sets decided_at; from then on the author can no
 * longer edit the comment (the decision was taken on its words), only delete it. See docs/site.md.
 * Locks are always taken comment row first, then the feed counter, so no two changes deadlock.
 */

export const COMMENT_MAX_CHARS = 5_000;
export const EDIT_WINDOW_MS = 10 * 60 * 1000;
export const REPORT_NOTE_MAX_CHARS = 500;
export const REPORT_REASONS = REASON_CODES;
export type ReportReason = (typeof REPORT_REASONS)[number];
/** The reporter id under which the site's own screening files its report. */
export const SCREENING_REPORTER = 'screening';

export type ModerationMode = 'pre' | 'new' | 'post';
export interface CommentModeration {
  mode: ModerationMode;
  /** In `new` mode: approved comments a reader needs before theirs show at once. */
  trustAfter: number;
}
export const DEFAULT_COMMENT_MODERATION: CommentModeration = { mode: 'new', trustAfter: 3 };

export type Screen = (trx: Transaction<SiteDatabase>, comment: CommentToScreen) => Promise<Screening>;
export type CommentRow = Omit<CommentsTable, 'seq'>;

/** A refusal: the sentence's key, its values and the HTTP status that goes with it. */
export interface Refusal {
  refused: ReaderStringKey;
  status: number;
  values?: Record<string, number>;
}
export type Outcome<T> = ({ ok: true } & T) | ({ ok: false } & Refusal) | { ok: false; retryAfter: number };

// C0 and C1 controls except tab and line feed (carriage returns are normalised first), and the
// bidirectional embeddings, overrides and isolates, which reorder the text around them.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** A comment body as stored (plain text, paragraphs by blank lines), or why it is refused. */
/**
 * A comment of the reader's own that other readers do not see yet: pending, or stored as spam by
 * the screening and not yet decided (shown to its author as awaiting review, so the rules cannot
 * be probed).
 */
export function isAwaiting(row: Pick<CommentRow, 'status' | 'decided_at'>): boolean {
  return row.status === 'pending' || (row.status === 'spam' && row.decided_at === null);
}

export function cleanCommentBody(raw: unknown): { ok: true; text: string } | ({ ok: false } & Refusal) {
  if (typeof raw !== 'string' || LONE_SURROGATE.test(raw)) return { ok: false, refused: 'refusedCommentInvalid', status: 400 };
  const text = raw
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  if (CONTROL.test(text)) return { ok: false, refused: 'refusedCommentControl', status: 400 };
  if (text === '') return { ok: false, refused: 'refusedCommentEmpty', status: 400 };
  const length = [...text].length;
  if (length > COMMENT_MAX_CHARS) return { ok: false, refused: 'refusedCommentTooLong', status: 413, values: { max: COMMENT_MAX_CHARS, length } };
  return { ok: true, text };
}

const iso = (ms: number) => new Date(ms).toISOString();
const newId = () => `rc_${randomBytes(16).toString('base64url')}`;

/** When its author may still edit it (ISO 8601), or null when they no longer can. */
export function editableUntil(row: Pick<CommentRow, 'created_at' | 'decided_at' | 'deleted_at' | 'status'>, now: number): string | null {
  if (row.decided_at !== null || row.deleted_at !== null || row.status === 'rejected' || row.status === 'spam') return null;
  const until = Date.parse(row.created_at) + EDIT_WINDOW_MS;
  return until > now ? iso(until) : null;
}

interface Author {
  id: string;
  displayName: string;
}

interface WriteInput {
  articleId: string;
  reader: Author;
  /** Already cleaned by cleanCommentBody. */
  body: string;
  now: number;
  moderation: CommentModeration;
  screen: Screen;
  /** Counts the write against rate limits in its own transaction; > 0 = seconds to wait. */
  limit: (trx: Transaction<SiteDatabase>) => Promise<number>;
}

export class CommentStore {
  constructor(private readonly db: Kysely<SiteDatabase>) {}

  /** A new comment, or a reply to one on the same article that this reader can see. */
  async create(input: WriteInput & { parentId: string | null }): Promise<Outcome<{ comment: CommentRow }>> {
    return writeTransaction(this.db, async (trx) => {
      if (input.parentId !== null) {
        const refused = await this.parentRefusal(trx, input.articleId, input.parentId, input.reader.id);
        if (refused) return { ok: false, ...refused };
      }
      const retryAfter = await input.limit(trx);
      if (retryAfter > 0) return { ok: false, retryAfter };
      const id = newId();
      const screening = await input.screen(trx, { readerId: input.reader.id, articleId: input.articleId, parentId: input.parentId, body: input.body, now: input.now });
      const status = await this.statusFor(trx, screening, input, id);
      const when = iso(input.now);
      const row: CommentRow = {
        id,
        article_id: input.articleId,
        parent_id: input.parentId,
        author_id: input.reader.id,
        author_name: input.reader.displayName,
        body: input.body,
        status,
        created_at: when,
        updated_at: when,
        edited_at: null,
        deleted_at: null,
        decided_at: null,
      };
      await trx.insertInto('comments').values({ ...row, seq: await takeNumbers(trx, 'comments', 1) }).execute();
      await fileScreeningReport(trx, id, screening, when);
      return { ok: true, comment: row };
    });
  }

  /** The author's edit within EDIT_WINDOW_MS of posting; screened and moderated again as new. */
  async edit(input: WriteInput & { commentId: string }): Promise<Outcome<{ comment: CommentRow; before: CommentRow; changed: boolean }>> {
    return writeTransaction(this.db, async (trx) => {
      const before = await lockOwn(trx, input.articleId, input.commentId, input.reader.id);
      if ('refused' in before) return { ok: false, ...before };
      if (before.decided_at !== null || before.status === 'rejected' || before.status === 'spam') return { ok: false, refused: 'refusedEditDecided', status: 409 };
      if (editableUntil(before, input.now) === null) return { ok: false, refused: 'refusedEditLate', status: 409 };
      if (before.body === input.body) return { ok: true, comment: before, before, changed: false };
      const retryAfter = await input.limit(trx);
      if (retryAfter > 0) return { ok: false, retryAfter };
      const screening = await input.screen(trx, { readerId: input.reader.id, articleId: input.articleId, parentId: before.parent_id, body: input.body, now: input.now, commentId: before.id });
      const status = await this.statusFor(trx, screening, input, before.id);
      const when = iso(input.now);
      const comment: CommentRow = { ...before, body: input.body, status, edited_at: when, updated_at: when };
      const seq = await takeNumbers(trx, 'comments', 1);
      await trx.updateTable('comments').set({ body: comment.body, status, edited_at: when, updated_at: when, seq }).where('id', '=', before.id).execute();
      // The rules judge the words as they now are: a report they filed for the old words goes.
      if (screening.report) await fileScreeningReport(trx, before.id, screening, when);
      else await trx.deleteFrom('comment_reports').where('comment_id', '=', before.id).where('reporter_id', '=', SCREENING_REPORTER).execute();
      return { ok: true, comment, before, changed: true };
    });
  }

  /** The author deletes their comment: never shown again; the row stays so the desktop hears of it. */
  async delete(input: { articleId: string; commentId: string; readerId: string; now: number }): Promise<Outcome<{ before: CommentRow }>> {
    return writeTransaction(this.db, async (trx) => {
      const before = await lockOwn(trx, input.articleId, input.commentId, input.readerId);
      if ('refused' in before) return { ok: false, ...before };
      const when = iso(input.now);
      const seq = await takeNumbers(trx, 'comments', 1);
      await trx.updateTable('comments').set({ deleted_at: when, updated_at: when, seq }).where('id', '=', before.id).execute();
      return { ok: true, before };
    });
  }

  /**
   * A reader reports a comment other readers can see, once; a second report by the same reader
   * changes nothing (`already`). A new report renumbers the comment so the feed carries it.
   */
  async report(input: {
    articleId: string;
    commentId: string;
    readerId: string;
    reason: ReportReason;
    note: string;
    now: number;
    limit: (trx: Transaction<SiteDatabase>) => Promise<number>;
  }): Promise<Outcome<{ already: boolean }>> {
    return writeTransaction(this.db, async (trx) => {
      // Row lock before the feed counter, the order every comment change takes them in.
      const found = await trx
        .updateTable('comments')
        .set((eb) => ({ seq: eb.ref('seq') }))
        .where('id', '=', input.commentId)
        .where('article_id', '=', input.articleId)
        .where('status', '=', 'approved')
        .where('deleted_at', 'is', null)
        .returning(['id', 'author_id'])
        .executeTakeFirst();
      if (!found) return { ok: false, refused: 'refusedNoComment', status: 404 };
      if (found.author_id === input.readerId) return { ok: false, refused: 'refusedReportOwn', status: 403 };
      const retryAfter = await input.limit(trx);
      if (retryAfter > 0) return { ok: false, retryAfter };
      const inserted = await trx
        .insertInto('comment_reports')
        .values({ comment_id: found.id, reporter_id: input.readerId, reason: input.reason, note: input.note, created_at: iso(input.now) })
        .onConflict((oc) => oc.columns(['comment_id', 'reporter_id']).doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return { ok: true, already: true };
      const seq = await takeNumbers(trx, 'comments', 1);
      await trx.updateTable('comments').set({ seq }).where('id', '=', found.id).execute();
      return { ok: true, already: false };
    });
  }

  /**
   * The reader's own comments on an article that they can still act on, oldest first, in one
   * read: those other readers see (approved) and those awaiting review (see `isAwaiting`).
   * Rejected and deleted ones are left out.
   */
  async own(articleId: string, readerId: string): Promise<CommentRow[]> {
    return this.db
      .selectFrom('comments')
      .select(['id', 'article_id', 'parent_id', 'author_id', 'author_name', 'body', 'status', 'created_at', 'updated_at', 'edited_at', 'deleted_at', 'decided_at'])
      .where('author_id', '=', readerId)
      .where('article_id', '=', articleId)
      .where('deleted_at', 'is', null)
      .where((eb) => eb.or([eb('status', 'in', ['approved', 'pending']), eb.and([eb('status', '=', 'spam'), eb('decided_at', 'is', null)])]))
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  }

  /** The status a new or edited comment gets (see the note at the top of this file). */
  private async statusFor(trx: Transaction<SiteDatabase>, screening: Screening, input: WriteInput, commentId: string): Promise<'pending' | 'approved' | 'spam'> {
    if (screening.verdict === 'reject') return 'spam';
    if (screening.verdict === 'hold') return 'pending';
    const { mode, trustAfter } = input.moderation;
    if (mode === 'post') return 'approved';
    if (mode === 'pre') return 'pending';
    if (trustAfter <= 0) return 'approved';
    const row = await trx
      .selectFrom('comments')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('author_id', '=', input.reader.id)
      .where('status', '=', 'approved')
      .where('deleted_at', 'is', null)
      .where('id', '!=', commentId)
      .executeTakeFirstOrThrow();
    return Number(row.n) >= trustAfter ? 'approved' : 'pending';
  }

  /** Why this reader may not reply to `parentId` here, or null: a thread is at most MAX_COMMENT_DEPTH deep. */
  private async parentRefusal(trx: Transaction<SiteDatabase>, articleId: string, parentId: string, readerId: string): Promise<Refusal | null> {
    const parent = await trx.selectFrom('comments').select(['article_id', 'parent_id', 'author_id', 'status', 'deleted_at']).where('id', '=', parentId).executeTakeFirst();
    // Another reader's comment must be visible to be answered; one's own pending comment may be.
    const visible = parent && parent.deleted_at === null && (parent.status === 'approved' || (parent.author_id === readerId && parent.status === 'pending'));
    if (!parent || parent.article_id !== articleId || !visible) return { refused: 'refusedNoComment', status: 404 };
    let depth = 1;
    let above = parent.parent_id;
    while (above !== null && depth < MAX_COMMENT_DEPTH) {
      const row = await trx.selectFrom('comments').select('parent_id').where('id', '=', above).executeTakeFirst();
      depth += 1;
      above = row?.parent_id ?? null;
    }
    return depth >= MAX_COMMENT_DEPTH ? { refused: 'refusedReplyTooDeep', status: 409 } : null;
  }
}

/**
 * The reader's own live comment, row-locked (a no-op UPDATE ... RETURNING, as changeVote does) so
 * a moderator's decision and the author's change apply one after the other, never interleaved.
 */
async function lockOwn(trx: Transaction<SiteDatabase>, articleId: string, commentId: string, readerId: string): Promise<CommentRow | Refusal> {
  const row = await trx
    .updateTable('comments')
    .set((eb) => ({ seq: eb.ref('seq') }))
    .where('id', '=', commentId)
    .returning(['id', 'article_id', 'parent_id', 'author_id', 'author_name', 'body', 'status', 'created_at', 'updated_at', 'edited_at', 'deleted_at', 'decided_at'])
    .executeTakeFirst();
  if (!row || row.article_id !== articleId || row.deleted_at !== null) return { refused: 'refusedNoComment', status: 404 };
  if (row.author_id !== readerId) return { refused: 'refusedNotYours', status: 403 };
  return row;
}

/** A screening rule asked for a report: filed (or refreshed) under SCREENING_REPORTER. */
async function fileScreeningReport(trx: Transaction<SiteDatabase>, commentId: string, screening: Screening, when: string): Promise<void> {
  if (!screening.report) return;
  const note = screening.reasons.join('; ').slice(0, REPORT_NOTE_MAX_CHARS);
  await trx
    .insertInto('comment_reports')
    .values({ comment_id: commentId, reporter_id: SCREENING_REPORTER, reason: 'rule', note, created_at: when })
    .onConflict((oc) => oc.columns(['comment_id', 'reporter_id']).doUpdateSet({ note, created_at: when }))
    .execute();
}
