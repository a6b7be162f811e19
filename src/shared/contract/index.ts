import { z } from 'zod';
import {
  ArticleCreateSchema,
  ArticleListQuerySchema,
  ArticleSaveSchema,
  ArticleSchema,
  ArticleSummarySchema,
} from '../article';
import { ArticlePatchSchema } from '../article-patch';
import { ArticleSearchQuerySchema, ArticleSearchResultSchema } from '../search';
import { ArticleFacetsSchema } from '../facets';
import { FieldDiffSchema, RevisionLabelSchema, RevisionSummarySchema } from '../revision';
import { ASSET_SRC_PATTERN, MAX_ASSET_BASE64_CHARS, MAX_ASSET_BYTES } from '../assets';
import { PublishProgressSchema, PublishSummarySchema, SiteSettingsSchema, SiteSettingsUpdateSchema } from '../site';
import { CheckIssueSchema } from '../prepublish';
import { ModerationChangedSchema, moderationCalls } from '../moderation';
import { PublishedCommentSchema, VoteTalliesSchema } from '../engagement';
import {
  ConflictResolutionSchema,
  ConflictViewSchema,
  CredentialStoreSchema,
  NetworkStatusSchema,
  QueuedPublishSchema,
  OutboxItemSchema,
  OutboxStateSchema,
  TargetSaveSchema,
  TargetSchema,
} from '../remote/outbox';
import { LocalSiteStatusSchema } from '../local-site';
import type { CallName, EventName } from './names';

export * from './names';

const ArticleId = z.string().min(1).max(64);
const RevisionId = z.number().int().positive();
const ById = z.object({ id: ArticleId }).strict();

/**
 * Every call the renderer may make, as `area:verb` with zod input and output schemas. Main's IPC
 * handlers and the web host both parse with these before dispatching to core.
 */
export const calls = {
  'workspace:info': {
    input: z.undefined().or(z.object({}).strict()),
    output: z.object({ path: z.string(), articleCount: z.number().int() }),
  },
  'articles:list': { input: ArticleListQuerySchema, output: z.array(ArticleSummarySchema) },
  'articles:get': { input: ById, output: ArticleSchema },
  'articles:create': { input: ArticleCreateSchema, output: ArticleSchema },
  'articles:save': { input: ArticleSaveSchema, output: ArticleSchema },
  /** A save that sends only what changed since `expectedRevision` (see shared/article-patch.ts). */
  'articles:patch': { input: ArticlePatchSchema, output: ArticleSchema },
  'articles:trash': { input: ById, output: ArticleSchema },
  'articles:restore': { input: ById, output: ArticleSchema },
  'articles:purge': { input: ById, output: z.object({ id: z.string() }) },
  'articles:search': { input: ArticleSearchQuerySchema, output: z.array(ArticleSearchResultSchema) },
  'articles:facets': { input: z.undefined().or(z.object({}).strict()), output: ArticleFacetsSchema },
  'revisions:list': { input: z.object({ articleId: ArticleId }).strict(), output: z.array(RevisionSummarySchema) },
  'revisions:create': {
    input: z.object({ articleId: ArticleId, label: RevisionLabelSchema.default('') }).strict(),
    output: z.array(RevisionSummarySchema),
  },
  'revisions:diff': {
    input: z.object({ articleId: ArticleId, from: RevisionId, to: RevisionId.nullable().default(null) }).strict(),
    output: z.array(FieldDiffSchema),
  },
  'revisions:restore': { input: z.object({ articleId: ArticleId, revisionId: RevisionId }).strict(), output: ArticleSchema },
  'targets:list': { input: z.undefined().or(z.object({}).strict()), output: z.array(TargetSchema) },
  'targets:save': { input: TargetSaveSchema, output: TargetSchema },
  'targets:delete': { input: z.object({ id: z.string().min(1).max(64) }).strict(), output: z.object({ id: z.string() }) },
  'targets:test': { input: z.object({ id: z.string().min(1).max(64) }).strict(), output: z.object({ ok: z.boolean(), message: z.string() }) },
  'outbox:list': {
    input: z.object({ state: OutboxStateSchema.optional(), targetId: z.string().max(64).optional() }).strict().default({}),
    output: z.array(OutboxItemSchema),
  },
  'outbox:retry': { input: z.object({ id: z.string().min(1).max(64) }).strict(), output: OutboxItemSchema },
  'outbox:discard': { input: z.object({ id: z.string().min(1).max(64) }).strict(), output: z.object({ id: z.string() }) },
  'outbox:payload': { input: z.object({ id: z.string().min(1).max(64) }).strict(), output: z.unknown() },
  /** Queues the (published) article for every target with auto-publish on; coalesces with the save's own rows. */
  'outbox:publish': { input: z.object({ articleId: ArticleId }).strict(), output: z.array(QueuedPublishSchema) },
  /** What each target's worker last observed (targets not yet contacted are absent). */
  'network:get': { input: z.undefined().or(z.object({}).strict()), output: z.array(NetworkStatusSchema) },
  'credentials:get': { input: z.undefined().or(z.object({}).strict()), output: CredentialStoreSchema },
  'credentials:update': { input: z.object({ allowPlaintext: z.boolean() }).strict(), output: CredentialStoreSchema },
  'conflicts:list': { input: z.undefined().or(z.object({}).strict()), output: z.array(ConflictViewSchema) },
  'conflicts:resolve': {
    input: z.object({ id: z.number().int().positive(), resolution: ConflictResolutionSchema }).strict(),
    output: z.object({ id: z.number().int() }),
  },
  'sync:run': {
    input: z.object({ targetId: z.string().max(64).optional() }).strict().default({}),
    output: z.array(
      z.object({ targetId: z.string(), comments: z.number().int(), newComments: z.number().int(), changedComments: z.number().int(), unchangedComments: z.number().int(), votes: z.number().int(), heldBack: z.number().int() }),
    ),
  },
  'site:get': { input: z.undefined().or(z.object({}).strict()), output: SiteSettingsSchema },
  'site:update': { input: SiteSettingsUpdateSchema, output: SiteSettingsSchema },
  'publish:site': {
    input: z.object({ dryRun: z.boolean().default(false), force: z.boolean().default(false) }).strict().default({ dryRun: false, force: false }),
    output: PublishSummarySchema,
  },
  'publish:article': {
    input: z.object({ articleId: ArticleId, force: z.boolean().default(false) }).strict(),
    output: PublishSummarySchema.extend({ article: ArticleSchema }),
  },
  'publish:cancel': { input: z.undefined().or(z.object({}).strict()), output: z.object({ cancelled: z.boolean() }) },
  'publish:check': { input: z.object({ articleId: ArticleId }).strict(), output: z.array(CheckIssueSchema) },
  'assets:import': {
    input: z
      .object({
        name: z.string().max(255),
        dataBase64: z
          .string()
          .min(1, 'The file is empty')
          .max(MAX_ASSET_BASE64_CHARS, `Images can be at most ${MAX_ASSET_BYTES / (1024 * 1024)} MB`)
          .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'Expected base64 data'),
      })
      .strict(),
    output: z.object({ src: z.string().regex(ASSET_SRC_PATTERN), width: z.number().int().positive(), height: z.number().int().positive() }),
  },
  ...moderationCalls,
  /** What the preview shows below an article: approved comments and counted votes. */
  'preview:engagement': {
    input: z.object({ articleId: ArticleId }).strict(),
    output: z.object({ comments: z.array(PublishedCommentSchema), votes: VoteTalliesSchema }),
  },
  /**
   * Desktop only: writes the saved article's preview page to a file and opens it in the system
   * browser (the browser build opens the preview itself). Other hosts answer invalid_input.
   */
  'preview:open': {
    input: z.object({ articleId: ArticleId, theme: z.enum(['system', 'light', 'dark']).default('system') }).strict(),
    output: z.object({ file: z.string() }),
  },
  /**
   * Desktop only: the system's folder picker (for the output folder). `path` is null when the
   * person cancels. The browser build types a path instead; other hosts answer invalid_input.
   */
  'dialog:chooseFolder': {
    input: z.undefined().or(z.object({}).strict()),
    output: z.object({ path: z.string().nullable() }),
  },
  /**
   * "Start a local site for this workspace": a Copydesk site server on 127.0.0.1, published to
   * through the local_site target. Hosts that cannot run one answer invalid_input.
   */
  'localsite:get': { input: z.undefined().or(z.object({}).strict()), output: LocalSiteStatusSchema },
  'localsite:start': { input: z.undefined().or(z.object({}).strict()), output: LocalSiteStatusSchema },
  'localsite:stop': { input: z.undefined().or(z.object({}).strict()), output: LocalSiteStatusSchema },
} as const satisfies Record<CallName, { input: z.ZodType; output: z.ZodType }>;

export const events = {
  'articles:changed': z.object({ ids: z.array(z.string()) }),
  'outbox:changed': z.object({ targetId: z.string(), counts: z.record(OutboxStateSchema, z.number().int()) }),
  'network:status': NetworkStatusSchema,
  'publish:progress': PublishProgressSchema,
  'moderation:changed': ModerationChangedSchema,
} as const satisfies Record<EventName, z.ZodType>;

export type Calls = typeof calls;
export type CallInput<K extends CallName> = z.input<Calls[K]['input']>;
export type ParsedInput<K extends CallName> = z.output<Calls[K]['input']>;
export type CallOutput<K extends CallName> = z.output<Calls[K]['output']>;
export type EventPayload<K extends EventName> = z.output<(typeof events)[K]>;

/** The typed API object the renderer sees, whatever the transport (IPC or HTTP). */
export type Api = {
  [K in CallName]: (...args: undefined extends CallInput<K> ? [input?: CallInput<K>] : [input: CallInput<K>]) => Promise<CallOutput<K>>;
};

export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.hasOwn(calls, name);
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(events, name);
}
