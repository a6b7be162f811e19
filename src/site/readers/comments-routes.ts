import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Transaction } from 'kysely';
import { z } from 'zod';
import type { SiteDb } from '../db/open';
import type { SiteDatabase } from '../db/schema';
import {
  cleanCommentBody,
  CommentStore,
  COMMENT_MAX_CHARS,
  editableUntil,
  isAwaiting,
  REPORT_NOTE_MAX_CHARS,
  REPORT_REASONS,
  type CommentModeration,
  type CommentRow,
  type Outcome,
  type ReportReason,
  type Screen,
} from '../store/comments';
import { countInWindow, type RateLimit } from '../store/requests';
import { FORM_TOKEN_FIELD, FORM_TOKEN_HEADER, formTokenValid, sameOrigin } from './csrf';
import { readerFromRequest, type SignedInReader } from './session';
import { FraudSignals } from './signals';
import { READER_STRINGS, say, type ReaderStringKey, type ReaderStrings } from './strings';
import { afterArticleChanged, findArticle, refusal, type RespondPage } from './votes-routes';

/**
 * Readers' comments over HTTP (issue 14.3), beside the vote routes and built the same way:
 * - POST /live/<id>/comments                      { body, parentId? } → 201 { message, comment }
 * - POST /live/<id>/comments/<commentId>/edit     { body }            → 200 { message, comment }
 * - POST /live/<id>/comments/<commentId>/delete                       → 200 { message }
 * - POST /live/<id>/comments/<commentId>/report   { reason, note? }   → 200 { message }
 * JSON from the script (form token in a header) or a plain form (token in `_csrf`), answered with
 * a 303 to /respond/<id>?said=…#comments, or the respond page with the sentence on a refusal.
 * Every write checks the session, the reader's standing, the Origin and the form token, and
 * counts against per-reader and per-IP limits inside its own transaction.
 */

export interface CommentLimits {
  /** New comments and edits. */
  commentsPerReader: RateLimit;
  /** null: no per-IP limit (readers behind one proxy address). */
  commentsPerIp: RateLimit | null;
  reportsPerReader: RateLimit;
  reportsPerIp: RateLimit | null;
}

export const DEFAULT_COMMENT_LIMITS: CommentLimits = {
  commentsPerReader: { max: 5, windowMs: 60_000 },
  commentsPerIp: { max: 120, windowMs: 60_000 },
  reportsPerReader: { max: 20, windowMs: 60 * 60_000 },
  reportsPerIp: { max: 200, windowMs: 60 * 60_000 },
};

export interface CommentRoutesOptions {
  site: SiteDb;
  publicUrl: () => string;
  now: () => number;
  limits: CommentLimits;
  moderation: CommentModeration;
  /** The screening of a comment at submit (readers/screen.ts); a parameter so tests can pass verdicts. */
  screen: Screen;
  afterArticleChanged: (articleId: string) => void | Promise<void>;
  /** The vote routes' plain-form page, which answers plain forms' refusals. */
  respondPage: RespondPage;
  /** The site's reader sentences (`--strings`); the built-in English ones by default. */
  strings?: ReaderStrings;
  /** The secret form tokens are signed with, read once per process (ReaderContext.formSecret). */
  formSecret(): Promise<Buffer>;
}

/** A comment as the reader's script sees it (their own, so `mine` is always true). */
export interface ReaderComment {
  id: string;
  parentId: string | null;
  authorName: string;
  body: string;
  status: 'pending' | 'approved';
  createdAt: string;
  editableUntil: string | null;
  mine: true;
}

const PRIVATE = 'private, no-store';
const ArticleId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const CommentId = ArticleId;
const Token = { [FORM_TOKEN_FIELD]: z.string().max(100).optional() };
// The body is checked by cleanCommentBody (for its own sentences); here only its type and a bound.
const Body = z.string().max(COMMENT_MAX_CHARS * 4);
// Any short string: one that is no comment id is a comment that is not there (404), not a malformed body.
const CreateSchema = z.object({ body: Body, parentId: z.string().max(200).nullish(), ...Token });
const EditSchema = z.object({ body: Body, ...Token });
const DeleteSchema = z.object({ ...Token });
const ReportSchema = z.object({ reason: z.enum(REPORT_REASONS), note: z.string().max(REPORT_NOTE_MAX_CHARS).optional(), ...Token });

const REASON_LABELS: Record<ReportReason, ReaderStringKey> = {
  spam: 'reportReasonSpam',
  abuse: 'reportReasonAbuse',
  off_topic: 'reportReasonOffTopic',
  illegal: 'reportReasonIllegal',
  personal_data: 'reportReasonPersonalData',
  other: 'reportReasonOther',
};
/** The report reasons as the forms offer them, in the site's words. */
export const reportReasonOptions = (strings: ReaderStrings) => REPORT_REASONS.map((value) => ({ value, label: strings[REASON_LABELS[value]] }));

const COMMENT_WORD_KEYS = [
  'logInToComment',
  'commentPosted',
  'commentAwaiting',
  'commentEdited',
  'commentEditedAwaiting',
  'commentDeleted',
  'commentReported',
  'commentAlreadyReported',
  'commentAwaitingReview',
  'commentLabel',
  'commentReplyLabel',
  'commentSend',
  'commentReply',
  'commentEdit',
  'commentSaveEdit',
  'commentDelete',
  'commentReport',
  'commentReportReasonLabel',
  'commentReportNoteLabel',
  'commentReportSend',
  'refusedCommentUnavailable',
] as const satisfies readonly ReaderStringKey[];
/** The sentences the page script needs for comments, in the site's words. */
const commentWords = (strings: ReaderStrings) => ({
  ...Object.fromEntries(COMMENT_WORD_KEYS.map((key) => [key, strings[key]])),
  commentHint: say(strings, 'commentHint', { max: COMMENT_MAX_CHARS.toLocaleString('en') }),
});

/** A stored comment as its author's script sees it; spam stays "pending" so the rules cannot be probed. */
export function readerComment(row: CommentRow, now: number): ReaderComment {
  return {
    id: row.id,
    parentId: row.parent_id,
    authorName: row.author_name,
    body: row.body,
    status: row.status === 'approved' ? 'approved' : 'pending',
    createdAt: row.created_at,
    editableUntil: editableUntil(row, now),
    mine: true,
  };
}

export function registerCommentRoutes(app: FastifyInstance, options: CommentRoutesOptions): void {
  const strings = options.strings ?? READER_STRINGS;
  const { site } = options;
  const comments = new CommentStore(site.db);
  const signals = new FraudSignals(site.db);
  const secret = options.formSecret;

  /** A limit check for the write's transaction: per reader, and per (hashed) IP when set. */
  const limiter = (kind: 'comments' | 'reports', readerId: string, ipHash: string, now: number) => async (trx: Transaction<SiteDatabase>) => {
    const limits = options.limits;
    const perReader = await countInWindow(trx, `${kind}:reader:${readerId}`, kind === 'comments' ? limits.commentsPerReader : limits.reportsPerReader, now);
    const perIp = kind === 'comments' ? limits.commentsPerIp : limits.reportsPerIp;
    return Math.max(perReader, perIp ? await countInWindow(trx, `${kind}:ip:${ipHash}`, perIp, now) : 0);
  };

  interface Checked<T> {
    found: { id: string; slug: string; headline: string };
    reader: SignedInReader;
    body: T;
    fromScript: boolean;
    ipHash: string;
    now: number;
  }

  /**
   * The checks every comment write shares, in the vote routes' order: the article, the Origin,
   * the session, the form token, the body's shape, the reader's standing. Answers the refusal
   * itself and returns null, or returns what the handler needs.
   */
  async function check<T extends Record<string, unknown>>(request: FastifyRequest, reply: FastifyReply, schema: z.ZodType<T>): Promise<Checked<T> | null> {
    const fromScript = (request.headers['content-type'] ?? '').startsWith('application/json');
    const now = options.now();
    const found = await findArticle(site, (request.params as { id: string }).id);
    const refuse = (status: number, key: ReaderStringKey) => answerRefusal(request, reply, fromScript, found, { refused: key, status });
    if (!found) return (await refuse(404, 'refusedNoArticle'), null);
    if (sameOrigin(request, options.publicUrl()) === false) return (await refuse(403, 'refusedForeign'), null);
    const reader = await readerFromRequest(site.db, request, now);
    if (!reader || reader.status === 'deleted') return (await refuse(401, 'refusedCommentsSignedOut'), null);
    const body = schema.safeParse(request.body ?? {});
    // A form's token is read even when another field is malformed, so the reader is told about
    // that field, not that the form expired.
    const fields = request.body && typeof request.body === 'object' ? (request.body as Record<string, unknown>) : {};
    const presented = fromScript ? request.headers[FORM_TOKEN_HEADER] : fields[FORM_TOKEN_FIELD];
    if (!formTokenValid(await secret(), reader.sessionHash, presented)) return (await refuse(403, 'refusedFormExpired'), null);
    if (!body.success) return (await refuse(400, schema === (ReportSchema as z.ZodType) ? 'refusedBadReport' : 'refusedCommentInvalid'), null);
    const refused = await refusal(site, reader);
    if (refused) return (await refuse(403, refused), null);
    return { found, reader, body: body.data, fromScript, ipHash: await signals.ipHash(request.ip, now), now };
  }

  /** A refusal: JSON for the script, the respond page with the sentence for a plain form. */
  async function answerRefusal(
    request: FastifyRequest,
    reply: FastifyReply,
    fromScript: boolean,
    found: { id: string; slug: string; headline: string } | null,
    refused: Exclude<Outcome<object>, { ok: true }> | { refused: ReaderStringKey; status: number; values?: Record<string, number> },
  ) {
    let status: number;
    let message: string;
    if ('retryAfter' in refused) {
      status = 429;
      message = say(strings, 'refusedTooFast', { seconds: refused.retryAfter });
      reply.header('retry-after', String(refused.retryAfter));
    } else {
      status = refused.status;
      message = say(strings, refused.refused, Object.fromEntries(Object.entries(refused.values ?? {}).map(([k, v]) => [k, v.toLocaleString('en')])));
    }
    if (fromScript || !found) return reply.code(status).header('cache-control', PRIVATE).header('content-type', 'application/json; charset=utf-8').send(JSON.stringify({ message }));
    return options.respondPage(request, reply, found, { status, message });
  }

  /** Success: JSON for the script, a 303 back to the respond page (the sentence named by key) for a form. */
  function answer(reply: FastifyReply, checked: Checked<object>, status: number, said: ReaderStringKey, comment?: CommentRow) {
    if (!checked.fromScript) return reply.code(303).header('cache-control', PRIVATE).header('location', `/respond/${checked.found.id}?said=${said}#comments`).send();
    const body = comment ? { message: strings[said], comment: readerComment(comment, checked.now) } : { message: strings[said] };
    return reply.code(status).header('cache-control', PRIVATE).header('content-type', 'application/json; charset=utf-8').send(JSON.stringify(body));
  }

  const commentIdOf = (request: FastifyRequest) => CommentId.safeParse((request.params as { commentId: string }).commentId);
  const noComment = (request: FastifyRequest, reply: FastifyReply, checked: Checked<object>) =>
    answerRefusal(request, reply, checked.fromScript, checked.found, { refused: 'refusedNoComment', status: 404 });

  app.post('/live/:id/comments', async (request, reply) => {
    const checked = await check(request, reply, CreateSchema);
    if (!checked) return reply;
    const { found, reader, body, now } = checked;
    const parentId = body.parentId || null;
    if (parentId !== null && !CommentId.safeParse(parentId).success) return noComment(request, reply, checked);
    const text = cleanCommentBody(body.body);
    if (!text.ok) return answerRefusal(request, reply, checked.fromScript, found, text);
    const outcome = await comments.create({
      articleId: found.id,
      parentId,
      reader: { id: reader.id, displayName: reader.displayName },
      body: text.text,
      now,
      moderation: options.moderation,
      screen: options.screen,
      limit: limiter('comments', reader.id, checked.ipHash, now),
    });
    if (!outcome.ok) return answerRefusal(request, reply, checked.fromScript, found, outcome);
    if (outcome.comment.status === 'approved') await afterArticleChanged(options, found.id, request);
    return answer(reply, checked, 201, outcome.comment.status === 'approved' ? 'commentPosted' : 'commentAwaiting', outcome.comment);
  });

  app.post('/live/:id/comments/:commentId/edit', async (request, reply) => {
    const checked = await check(request, reply, EditSchema);
    if (!checked) return reply;
    const commentId = commentIdOf(request);
    if (!commentId.success) return noComment(request, reply, checked);
    const { found, reader, body, now } = checked;
    const text = cleanCommentBody(body.body);
    if (!text.ok) return answerRefusal(request, reply, checked.fromScript, found, text);
    const outcome = await comments.edit({
      articleId: found.id,
      commentId: commentId.data,
      reader: { id: reader.id, displayName: reader.displayName },
      body: text.text,
      now,
      moderation: options.moderation,
      screen: options.screen,
      limit: limiter('comments', reader.id, checked.ipHash, now),
    });
    if (!outcome.ok) return answerRefusal(request, reply, checked.fromScript, found, outcome);
    if (outcome.changed && (outcome.before.status === 'approved' || outcome.comment.status === 'approved')) await afterArticleChanged(options, found.id, request);
    return answer(reply, checked, 200, outcome.comment.status === 'approved' ? 'commentEdited' : 'commentEditedAwaiting', outcome.comment);
  });

  app.post('/live/:id/comments/:commentId/delete', async (request, reply) => {
    const checked = await check(request, reply, DeleteSchema);
    if (!checked) return reply;
    const commentId = commentIdOf(request);
    if (!commentId.success) return noComment(request, reply, checked);
    const outcome = await comments.delete({ articleId: checked.found.id, commentId: commentId.data, readerId: checked.reader.id, now: checked.now });
    if (!outcome.ok) return answerRefusal(request, reply, checked.fromScript, checked.found, outcome);
    if (outcome.before.status === 'approved') await afterArticleChanged(options, checked.found.id, request);
    return answer(reply, checked, 200, 'commentDeleted');
  });

  app.post('/live/:id/comments/:commentId/report', async (request, reply) => {
    const checked = await check(request, reply, ReportSchema);
    if (!checked) return reply;
    const commentId = commentIdOf(request);
    if (!commentId.success) return noComment(request, reply, checked);
    const { found, reader, body, now } = checked;
    const note = cleanCommentBody(body.note ?? '');
    // An empty note is fine; one with control characters or broken text is refused like a comment.
    if (!note.ok && note.refused !== 'refusedCommentEmpty') return answerRefusal(request, reply, checked.fromScript, found, { refused: 'refusedBadReport', status: 400 });
    const outcome = await comments.report({
      articleId: found.id,
      commentId: commentId.data,
      readerId: reader.id,
      reason: body.reason,
      note: note.ok ? note.text : '',
      now,
      limit: limiter('reports', reader.id, checked.ipHash, now),
    });
    if (!outcome.ok) return answerRefusal(request, reply, checked.fromScript, found, outcome);
    return answer(reply, checked, 200, outcome.already ? 'commentAlreadyReported' : 'commentReported');
  });
}

/**
 * The comment part of /live/<id>/me.json (merged in by the vote routes, which own that route):
 * whether this reader may comment, the report reasons, their own comments awaiting review, and
 * which shown comments are theirs.
 */
export function commentMePart(site: SiteDb, strings: ReaderStrings = READER_STRINGS): (articleId: string, reader: SignedInReader | null, now: number) => Promise<Record<string, unknown>> {
  const comments = new CommentStore(site.db);
  const reasons = reportReasonOptions(strings);
  const words = commentWords(strings);
  return async (articleId, reader, now) => {
    if (!reader) return { canComment: false, reportReasons: reasons, comments: [], myApproved: [], words };
    const [mine, refused] = await Promise.all([comments.own(articleId, reader.id), refusal(site, reader)]);
    const own = mine.filter(isAwaiting);
    const shown = mine.filter((row) => row.status === 'approved');
    return {
      canComment: refused === null,
      reportReasons: reasons,
      comments: own.map((row) => readerComment(row, now)),
      // Which of the public comments are this reader's (the public JSON names no accounts).
      myApproved: shown.map((row) => ({ id: row.id, editableUntil: editableUntil(row, now) })),
      words,
    };
  };
}
