import { z } from 'zod';
import { ArticleFieldsSchema, SlugSchema } from '../article';

/**
 * The site-backend API, as zod models. The same models validate our requests and the server's
 * responses at runtime and generate `components/schemas` of resources/api/openapi.yaml, so the
 * contract a site team implements cannot drift from what Copydesk sends and accepts.
 */

const Id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const Timestamp = z.iso.datetime({ offset: true });
/** Opaque to the client: a server-chosen position in a change stream. */
const Cursor = z.string().min(1).max(200);

export const SiteArticleSchema = z
  .object({
    slug: SlugSchema,
    headline: ArticleFieldsSchema.shape.headline,
    section: ArticleFieldsSchema.shape.section,
    summary: ArticleFieldsSchema.shape.summary,
    byline: ArticleFieldsSchema.shape.byline,
    tags: ArticleFieldsSchema.shape.tags,
    body: ArticleFieldsSchema.shape.body,
    takeaways: ArticleFieldsSchema.shape.takeaways,
    questions: ArticleFieldsSchema.shape.questions,
    publishedAt: Timestamp.nullable(),
    updatedAt: Timestamp,
    /** The complete rendered article page: the site may serve it as is. */
    html: z.string().max(5_000_000),
  })
  .strict()
  .meta({ id: 'SiteArticle', description: 'A full article: rendered HTML plus the structured fields it was rendered from.' });
export type SiteArticle = z.infer<typeof SiteArticleSchema>;

export const ArticleVersionSchema = z
  .object({
    id: Id,
    /** The new version; also sent as the ETag header. Echo it in If-Match on the next PUT. */
    version: z.string().min(1).max(200),
  })
  .meta({ id: 'ArticleVersion' });
export type ArticleVersion = z.infer<typeof ArticleVersionSchema>;

export const StoredArticleSchema = SiteArticleSchema.extend({ id: Id, version: ArticleVersionSchema.shape.version }).meta({
  id: 'StoredArticle',
  description: 'An article as the site holds it, with its current version.',
});
export type StoredArticle = z.infer<typeof StoredArticleSchema>;

export const COMMENT_STATUSES = ['pending', 'approved', 'rejected', 'spam'] as const;

export const RemoteCommentSchema = z
  .object({
    id: Id,
    articleId: Id,
    parentId: Id.nullable(),
    authorId: Id,
    /** Untrusted reader text: escaped wherever shown. */
    authorName: z.string().max(200),
    body: z.string().max(20_000),
    status: z.enum(COMMENT_STATUSES),
    createdAt: Timestamp,
    updatedAt: Timestamp,
    /** The author's last edit; updatedAt also moves for a moderator's decision or a report. */
    editedAt: Timestamp.nullable().optional(),
    /** When its author deleted it: no longer shown, and nothing for a moderator to decide. */
    deletedAt: Timestamp.nullable().optional(),
    /** Readers' reports (and the site's screening rules'): how many, and their reasons as text. */
    reports: z
      .object({ count: z.number().int().nonnegative(), reasons: z.array(z.string().max(600)).max(100) })
      .optional(),
  })
  .meta({ id: 'Comment' });
export type RemoteComment = z.infer<typeof RemoteCommentSchema>;

export const VOTE_AXES = ['interesting', 'support'] as const;

export const RemoteVoteSchema = z
  .object({
    id: Id,
    articleId: Id,
    voterId: Id,
    axis: z.enum(VOTE_AXES),
    value: z.boolean(),
    voided: z.boolean(),
    /** When the current answer was given: a reader who changes their answer moves it. */
    createdAt: Timestamp,
    /** True when the reader took the answer back; the vote then counts nowhere. */
    withdrawn: z.boolean().optional(),
    /** When the voter's account was made (vote-fraud signal: new accounts). */
    voterCreatedAt: Timestamp.nullable().optional(),
    /** A salted hash of the voter's IP; the salt changes daily and the raw IP is never kept. */
    ipHash: z.string().min(1).max(200).nullable().optional(),
    /** A hash of a first-party cookie identifying the voter's browser. */
    deviceHash: z.string().min(1).max(200).nullable().optional(),
  })
  .meta({ id: 'Vote' });
export type RemoteVote = z.infer<typeof RemoteVoteSchema>;

function page<T extends z.ZodType>(item: T, id: string) {
  return z
    .object({
      items: z.array(item),
      /** Pass as `since` to continue; stable across calls, so paging never skips or repeats. */
      nextCursor: Cursor,
      hasMore: z.boolean(),
    })
    .meta({ id, description: 'Items changed after `since`, oldest change first.' });
}

export const CommentPageSchema = page(RemoteCommentSchema, 'CommentPage');
export type CommentPage = z.infer<typeof CommentPageSchema>;
export const VotePageSchema = page(RemoteVoteSchema, 'VotePage');
export type VotePage = z.infer<typeof VotePageSchema>;

const Reason = z.string().trim().max(500).default('');

export const ModerationDecisionSchema = z
  .discriminatedUnion('action', [
    // hold puts a comment back to pending (the undo of a decision on a comment that was not shown).
    z.object({ action: z.enum(['approve', 'reject', 'spam', 'hold']), commentId: Id, reason: Reason }).strict(),
    z.object({ action: z.enum(['ban', 'unban']), authorId: Id, reason: Reason }).strict(),
    // restore_vote counts a voided vote again (the undo of void_vote).
    z.object({ action: z.enum(['void_vote', 'restore_vote']), voteId: Id, reason: Reason }).strict(),
  ])
  .meta({ id: 'ModerationDecision' });
export type ModerationDecision = z.input<typeof ModerationDecisionSchema>;

export const ModerationBatchSchema = z
  .object({ decisions: z.array(ModerationDecisionSchema).min(1).max(500) })
  .strict()
  .meta({ id: 'ModerationBatch', description: 'Decisions applied in order, all or nothing.' });
export type ModerationBatch = z.input<typeof ModerationBatchSchema>;

export const ModerationResultSchema = z
  .object({
    results: z.array(z.object({ index: z.number().int().nonnegative(), status: z.enum(['applied', 'not_found']) })),
  })
  .meta({ id: 'ModerationResult' });
export type ModerationResult = z.infer<typeof ModerationResultSchema>;

export const ApiErrorSchema = z
  .object({ error: z.object({ code: z.string().max(100), message: z.string().max(2000) }) })
  .meta({ id: 'Error' });
export type ApiError = z.infer<typeof ApiErrorSchema>;

/** Every schema published under components/schemas, by name. */
export const SITE_API_SCHEMAS = {
  SiteArticle: SiteArticleSchema,
  StoredArticle: StoredArticleSchema,
  ArticleVersion: ArticleVersionSchema,
  Comment: RemoteCommentSchema,
  CommentPage: CommentPageSchema,
  Vote: RemoteVoteSchema,
  VotePage: VotePageSchema,
  ModerationDecision: ModerationDecisionSchema,
  ModerationBatch: ModerationBatchSchema,
  ModerationResult: ModerationResultSchema,
  Error: ApiErrorSchema,
} as const;
