import { z } from 'zod';
import { LexicalStateSchema, SingleParagraphStateSchema } from './lexical/schema';
import { SLUG_MAX_LENGTH, SLUG_PATTERN } from './slug';
import { publishableText as publishable } from './xml-text';

export const ARTICLE_STATUSES = ['draft', 'in_review', 'ready', 'published', 'unpublished'] as const;
export const ArticleStatusSchema = z.enum(ARTICLE_STATUSES);
export type ArticleStatus = z.infer<typeof ArticleStatusSchema>;

export const STATUS_LABELS: Record<ArticleStatus, string> = {
  draft: 'Draft',
  in_review: 'In review',
  ready: 'Ready',
  published: 'Published',
  unpublished: 'Unpublished',
};

const Id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'Ids are 1–64 letters, digits, "_" or "-"');
const Timestamp = z.iso.datetime({ offset: true });

export const SlugSchema = z
  .string()
  .max(SLUG_MAX_LENGTH, `At most ${SLUG_MAX_LENGTH} characters`)
  .regex(SLUG_PATTERN, 'Use lowercase letters, digits and single hyphens (a-z, 0-9, -)');

export const TakeawaySchema = z.object({
  id: Id,
  content: SingleParagraphStateSchema,
});
export type Takeaway = z.infer<typeof TakeawaySchema>;

export const FollowUpQuestionSchema = z.object({
  id: Id,
  question: publishable(z.string().trim().max(500, 'At most 500 characters')),
  answer: LexicalStateSchema,
});
export type FollowUpQuestion = z.infer<typeof FollowUpQuestionSchema>;

const nameList = (what: string, max: number) =>
  z
    .array(publishable(z.string().trim().min(1, `Empty ${what}`).max(120, `A ${what} is at most 120 characters`)))
    .max(max, `At most ${max} ${what}s`);

/** The fields an editor edits. Shared by create, save and import. */
export const ArticleFieldsSchema = z.object({
  /** Empty means "derive from the headline". */
  slug: z.union([z.literal(''), SlugSchema]),
  section: publishable(z.string().trim().max(80, 'At most 80 characters')),
  headline: publishable(z.string().trim().max(300, 'At most 300 characters')),
  summary: publishable(z.string().trim().max(2000, 'At most 2000 characters')),
  byline: nameList('author', 20),
  tags: nameList('tag', 50),
  body: LexicalStateSchema,
  takeaways: z.array(TakeawaySchema).max(50, 'At most 50 takeaways'),
  questions: z.array(FollowUpQuestionSchema).max(50, 'At most 50 questions'),
  status: ArticleStatusSchema,
});
export type ArticleFields = z.infer<typeof ArticleFieldsSchema>;

/** Drafts may be half-written; anything heading out of the door needs a headline. */
function requireHeadlineWhenReady(fields: { status: ArticleStatus; headline: string }, ctx: z.RefinementCtx): void {
  if ((fields.status === 'ready' || fields.status === 'published') && fields.headline === '') {
    ctx.addIssue({ code: 'custom', path: ['headline'], message: 'A headline is required before an article is ready or published' });
  }
}

export const ArticleSaveSchema = ArticleFieldsSchema.extend({
  id: Id,
  /** The revision this edit was based on; a mismatch is a conflict rather than a silent overwrite. */
  expectedRevision: z.number().int().nonnegative().optional(),
}).superRefine(requireHeadlineWhenReady);
export type ArticleSave = z.infer<typeof ArticleSaveSchema>;

export const ArticleSchema = ArticleFieldsSchema.extend({
  id: Id,
  slug: SlugSchema,
  revision: z.number().int().nonnegative(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  publishedAt: Timestamp.nullable(),
  trashedAt: Timestamp.nullable(),
});
export type Article = z.infer<typeof ArticleSchema>;

/** What `copydesk import` accepts per article: the fields, with everything but the headline optional. */
export const ArticleImportSchema = ArticleFieldsSchema.partial()
  .extend({
    id: Id.optional(),
    headline: ArticleFieldsSchema.shape.headline,
    createdAt: Timestamp.optional(),
    updatedAt: Timestamp.optional(),
    publishedAt: Timestamp.nullable().optional(),
  })
  .strict()
  .meta({ id: 'CopydeskArticle', title: 'Copydesk article', description: 'One article for `copydesk import`.' });
export type ArticleImport = z.infer<typeof ArticleImportSchema>;

export const ArticleImportFileSchema = z
  .union([ArticleImportSchema, z.array(ArticleImportSchema), z.object({ articles: z.array(ArticleImportSchema) }).strict()])
  .meta({ title: 'Copydesk article import file', description: 'One article, an array of articles, or { "articles": [...] }.' });

export const ArticleSummarySchema = ArticleSchema.pick({
  id: true,
  slug: true,
  section: true,
  headline: true,
  summary: true,
  byline: true,
  tags: true,
  status: true,
  revision: true,
  createdAt: true,
  updatedAt: true,
  publishedAt: true,
  trashedAt: true,
});
export type ArticleSummary = z.infer<typeof ArticleSummarySchema>;

export const ARTICLE_SORTS = ['updated', 'created', 'title'] as const;

export const ArticleListQuerySchema = z
  .object({
    status: ArticleStatusSchema.optional(),
    section: z.string().max(80).optional(),
    tag: z.string().max(120).optional(),
    trashed: z.boolean().default(false),
    sort: z.enum(ARTICLE_SORTS).default('updated'),
    limit: z.number().int().min(1).max(1000).default(500),
  })
  .default({ trashed: false, sort: 'updated', limit: 500 });
export type ArticleListQuery = z.input<typeof ArticleListQuerySchema>;

export const ArticleCreateSchema = z
  .object({
    headline: ArticleFieldsSchema.shape.headline.default(''),
    section: ArticleFieldsSchema.shape.section.default(''),
  })
  .default({ headline: '', section: '' });
