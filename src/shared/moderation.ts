import { z } from 'zod';
import { VoteTalliesSchema } from './engagement';

/**
 * The moderation desk's data and contract shapes: what a comment source sends (ingest), what the
 * queues return, and what moderators can do. Comment bodies and reader names are untrusted PLAIN
 * text everywhere below: the UI renders them as text (escaped), never as HTML.
 */

// ---------------------------------------------------------------- limits and vocabularies

/** Longest stored comment body, in characters. Longer bodies are truncated on ingest (flagged). */
export const MAX_COMMENT_CHARS = 20_000;
/** Longest body a source may send at all (2 MB of text); beyond that the file is rejected. */
export const MAX_RAW_BODY_CHARS = 2_000_000;
export const MAX_NAME_CHARS = 200;
export const MAX_PAGE = 100;

export const QUEUES = ['pending', 'reported', 'unmoderated', 'approved', 'rejected', 'spam'] as const;
export const QueueSchema = z.enum(QUEUES);
export type Queue = z.infer<typeof QueueSchema>;

export const COMMENT_STATUSES = ['pending', 'approved', 'rejected', 'spam'] as const;
export const CommentStatusSchema = z.enum(COMMENT_STATUSES);
export type CommentStatus = z.infer<typeof CommentStatusSchema>;

/** Why a comment was removed: a statement of reasons in the spirit of the EU DSA (art. 17). */
export const REASON_CODES = ['spam', 'abuse', 'off_topic', 'illegal', 'personal_data', 'other'] as const;
export const ReasonCodeSchema = z.enum(REASON_CODES);
export type ReasonCode = z.infer<typeof ReasonCodeSchema>;

export const AUTHOR_STATUSES = ['active', 'premoderated', 'suspended', 'banned'] as const;
export const AuthorStatusSchema = z.enum(AUTHOR_STATUSES);
export type AuthorStatus = z.infer<typeof AuthorStatusSchema>;

export const VoteAxisSchema = z.enum(['interesting', 'support']);
export type VoteAxis = z.infer<typeof VoteAxisSchema>;
export const VoteValueSchema = z.enum(['yes', 'no']);

const Iso = z.iso.datetime({ offset: true });
const RemoteId = z.string().min(1).max(200);
const Name = z.string().max(10_000);
const Note = z.string().max(2_000);

// ---------------------------------------------------------------- ingest (files from a source)

export const ReaderAccountInputSchema = z
  .object({
    remoteId: RemoteId,
    /** Plain text; HTML is reduced to text and the result cut to MAX_NAME_CHARS. */
    displayName: Name.default(''),
    /** When the account was created on the source (drives "new author" and vote fraud signals). */
    createdAt: Iso.nullable().default(null),
  })
  .strict();

export const CommentIngestItemSchema = z
  .object({
    remoteId: RemoteId,
    /** The local article id, or its slug. */
    articleId: z.string().min(1).max(200),
    parentRemoteId: RemoteId.nullable().default(null),
    author: ReaderAccountInputSchema,
    body: z.string().max(MAX_RAW_BODY_CHARS),
    /** `html` bodies are converted to plain text; the original is kept only for audit. */
    format: z.enum(['text', 'html']).default('text'),
    createdAt: Iso,
    editedAt: Iso.nullable().default(null),
    /** Already visible on the source's site without review: lands in "Unmoderated". */
    publishedOnRemote: z.boolean().default(false),
    reports: z
      .object({ count: z.number().int().nonnegative().max(1_000_000), reasons: z.array(z.string().max(500)).max(100).default([]) })
      .strict()
      .default({ count: 0, reasons: [] }),
    /** When its author deleted it on the source: it leaves every queue (rejected, decided by "author"). */
    deletedAt: Iso.nullable().default(null),
  })
  .strict();
export type CommentIngestItem = z.input<typeof CommentIngestItemSchema>;
export type ParsedCommentIngestItem = z.output<typeof CommentIngestItemSchema>;

export const VoteIngestItemSchema = z
  .object({
    remoteId: RemoteId,
    articleId: z.string().min(1).max(200),
    axis: VoteAxisSchema,
    value: VoteValueSchema,
    voter: ReaderAccountInputSchema,
    votedAt: Iso,
    ipHash: z.string().min(1).max(200).nullable().default(null),
    deviceHash: z.string().min(1).max(200).nullable().default(null),
  })
  .strict();
export type VoteIngestItem = z.input<typeof VoteIngestItemSchema>;
export type ParsedVoteIngestItem = z.output<typeof VoteIngestItemSchema>;

/** A JSON ingest file: an array of items or `{ "items": [...] }`. NDJSON files hold one item a line. */
export const CommentIngestFileSchema = z.union([z.array(CommentIngestItemSchema), z.object({ items: z.array(CommentIngestItemSchema) }).strict()]);
export const VoteIngestFileSchema = z.union([z.array(VoteIngestItemSchema), z.object({ items: z.array(VoteIngestItemSchema) }).strict()]);

export const IngestResultSchema = z.object({
  inserted: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  /** Bodies cut to MAX_COMMENT_CHARS (comments only). */
  truncated: z.number().int(),
});
export type IngestResult = z.infer<typeof IngestResultSchema>;

export const ImportInputSchema = z
  .object({
    kind: z.enum(['comments', 'votes']),
    /** The file's text (JSON or NDJSON), at most 64 MB. */
    text: z.string().max(64 * 1024 * 1024),
    format: z.enum(['json', 'ndjson', 'auto']).default('auto'),
    source: z.string().min(1).max(100).default('import'),
  })
  .strict();

// ---------------------------------------------------------------- rules

export const RULE_KINDS = ['banned_phrase', 'suspect_phrase', 'max_links', 'repeat_text', 'new_author'] as const;
export const RuleKindSchema = z.enum(RULE_KINDS);
export type RuleKind = z.infer<typeof RuleKindSchema>;
/** reject → Rejected; hold → stays Pending even if published remotely; report → Reported; premoderate → the author too. */
export const RuleActionSchema = z.enum(['reject', 'hold', 'report', 'premoderate']);
export type RuleAction = z.infer<typeof RuleActionSchema>;

export const RuleInputSchema = z
  .object({
    kind: RuleKindSchema,
    /** Phrase rules: a literal word/phrase, or a glob where `*` stands for letters within one word. */
    pattern: z.string().max(200).default(''),
    action: RuleActionSchema,
    /** max_links: links allowed; repeat_text: window in minutes; new_author: minimum account age in hours. */
    threshold: z.number().int().nonnegative().max(1_000_000).nullable().default(null),
    enabled: z.boolean().default(true),
    note: Note.default(''),
  })
  .strict();
export type RuleInput = z.input<typeof RuleInputSchema>;

export const RuleSchema = RuleInputSchema.extend({
  id: z.number().int(),
  pattern: z.string(),
  threshold: z.number().int().nullable(),
  enabled: z.boolean(),
  note: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Rule = z.infer<typeof RuleSchema>;

export const RuleMatchSchema = z.object({
  ruleId: z.number().int(),
  kind: RuleKindSchema,
  action: RuleActionSchema,
  /** What matched, for the moderator: the phrase as written in the comment, or e.g. "4 links". */
  detail: z.string(),
});
export type RuleMatch = z.infer<typeof RuleMatchSchema>;

export const TestRuleInputSchema = z
  .object({ rule: RuleInputSchema.optional(), ruleId: z.number().int().optional(), text: z.string().max(MAX_COMMENT_CHARS) })
  .strict()
  .refine((v) => (v.rule === undefined) !== (v.ruleId === undefined), { message: 'Give either rule or ruleId' });

// ---------------------------------------------------------------- queues

export const QueueFilterSchema = z
  .object({
    articleId: z.string().min(1).max(200).optional(),
    authorId: z.number().int().positive().optional(),
    from: Iso.optional(),
    to: Iso.optional(),
    ruleId: z.number().int().positive().optional(),
    /** Full-text search over comment bodies and author names (words, prefix with `*`). */
    text: z.string().max(200).optional(),
  })
  .strict();
export type QueueFilter = z.infer<typeof QueueFilterSchema>;

export const QueueSortSchema = z.enum(['newest', 'oldest', 'most_reported']);
export type QueueSort = z.infer<typeof QueueSortSchema>;

export const QueueQuerySchema = z
  .object({
    queue: QueueSchema,
    filter: QueueFilterSchema.default({}),
    sort: QueueSortSchema.default('newest'),
    /** Opaque: pass back `nextCursor` from the previous page. */
    cursor: z.string().max(500).nullable().default(null),
    limit: z.number().int().min(1).max(MAX_PAGE).default(50),
  })
  .strict();
export type QueueQuery = z.input<typeof QueueQuerySchema>;

export const AuthorSummarySchema = z.object({
  id: z.number().int(),
  source: z.string(),
  remoteId: z.string(),
  displayName: z.string(),
  status: AuthorStatusSchema,
  suspendedUntil: z.string().nullable(),
  remoteCreatedAt: z.string().nullable(),
  note: z.string(),
  approvedCount: z.number().int(),
  rejectedCount: z.number().int(),
});
export type AuthorSummary = z.infer<typeof AuthorSummarySchema>;

export const ModerationCommentSchema = z.object({
  id: z.number().int(),
  source: z.string(),
  remoteId: z.string(),
  articleId: z.string(),
  parentId: z.number().int().nullable(),
  authorId: z.number().int(),
  body: z.string(),
  bodyTruncated: z.boolean(),
  /** True when the source sent HTML (the original is kept for audit, not returned here). */
  convertedFromHtml: z.boolean(),
  linkCount: z.number().int(),
  createdAt: z.string(),
  editedAt: z.string().nullable(),
  status: CommentStatusSchema,
  reasonCode: ReasonCodeSchema.nullable(),
  reasonNote: z.string(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  published: z.boolean(),
  reported: z.boolean(),
  reportCount: z.number().int(),
  reportReasons: z.array(z.string()),
  ruleMatches: z.array(RuleMatchSchema),
});
export type ModerationComment = z.infer<typeof ModerationCommentSchema>;

export const QueueItemSchema = z.object({
  comment: ModerationCommentSchema,
  author: AuthorSummarySchema,
  articleHeadline: z.string(),
  /** The first 280 characters of the parent's body, when this is a reply. */
  parentExcerpt: z.string().nullable(),
  replyCount: z.number().int(),
  /** The latest decision about this comment has not reached the remote site yet (offline, or not pushed so far). */
  unsent: z.boolean(),
});
export type QueueItem = z.infer<typeof QueueItemSchema>;

export const QueuePageSchema = z.object({ items: z.array(QueueItemSchema), nextCursor: z.string().nullable() });
export type QueuePage = z.infer<typeof QueuePageSchema>;

export const QueueCountsSchema = z.record(QueueSchema, z.number().int());
export type QueueCounts = z.infer<typeof QueueCountsSchema>;

export const CommentDetailSchema = z.object({
  item: QueueItemSchema,
  parent: QueueItemSchema.nullable(),
  replies: z.array(QueueItemSchema),
  history: z.array(z.lazy(() => LogEntrySchema)),
});

// ---------------------------------------------------------------- actions

export const COMMENT_ACTIONS = ['approve', 'reject', 'spam', 'pending'] as const;
export const CommentActionSchema = z.enum(COMMENT_ACTIONS);
export type CommentAction = z.infer<typeof CommentActionSchema>;

/** A selection (ids) or "all N matching a query": `expectedCount` guards against a moved target. */
export const CommentTargetSchema = z.union([
  z.object({ ids: z.array(z.number().int().positive()).min(1).max(100_000) }).strict(),
  z.object({ queue: QueueSchema, filter: QueueFilterSchema.default({}), expectedCount: z.number().int().nonnegative().optional() }).strict(),
]);
export type CommentTarget = z.input<typeof CommentTargetSchema>;

export const ActInputSchema = z
  .object({
    action: CommentActionSchema,
    target: CommentTargetSchema,
    /** Required for reject; spam implies `spam`. */
    reasonCode: ReasonCodeSchema.optional(),
    note: Note.default(''),
  })
  .strict()
  .refine((v) => v.action !== 'reject' || v.reasonCode !== undefined, { message: 'Rejecting needs a reason code', path: ['reasonCode'] })
  .refine((v) => v.reasonCode !== 'other' || v.note.trim() !== '', { message: 'Reason "other" needs a note', path: ['note'] });
export type ActInput = z.input<typeof ActInputSchema>;

export const ActResultSchema = z.object({ logId: z.number().int().nullable(), affected: z.number().int() });
export type ActResult = z.infer<typeof ActResultSchema>;

export const AUTHOR_ACTIONS = ['premoderate', 'suspend', 'ban', 'unban'] as const;
export const AuthorActInputSchema = z
  .object({
    authorId: z.number().int().positive(),
    action: z.enum(AUTHOR_ACTIONS),
    /** suspend only: 1–3650 days. */
    days: z.number().int().min(1).max(3650).optional(),
    reasonCode: ReasonCodeSchema,
    note: Note.default(''),
  })
  .strict()
  .refine((v) => v.action !== 'suspend' || v.days !== undefined, { message: 'Suspending needs a number of days', path: ['days'] });
export type AuthorActInput = z.input<typeof AuthorActInputSchema>;

// ---------------------------------------------------------------- log

export const LogTargetTypeSchema = z.enum(['comment', 'author', 'vote', 'article', 'rule']);

export const LogEntrySchema = z.object({
  id: z.number().int(),
  actor: z.string(),
  action: z.string(),
  targetType: LogTargetTypeSchema,
  targetIds: z.array(z.union([z.number(), z.string()])),
  targetCount: z.number().int(),
  /** What was acted on, in words: a comment's opening words, a reader's name, a headline. */
  targetLabel: z.string(),
  reasonCode: z.string().nullable(),
  note: z.string(),
  undoesId: z.number().int().nullable(),
  undoneById: z.number().int().nullable(),
  /** Whether `moderation:undo` may reverse it now (not undone already, and a reversible kind). */
  undoable: z.boolean(),
  createdAt: z.string(),
  pushedToRemote: z.boolean(),
  pushedAt: z.string().nullable(),
});
export type LogEntry = z.infer<typeof LogEntrySchema>;

export const LogFilterSchema = z
  .object({
    action: z.string().max(50).optional(),
    /** Who acted: the local moderator, a rule's seeding ('sample'), or a remote actor from sync. */
    actor: z.string().max(200).optional(),
    targetType: LogTargetTypeSchema.optional(),
    targetId: z.union([z.number().int(), z.string().max(200)]).optional(),
    from: Iso.optional(),
    to: Iso.optional(),
    unpushedOnly: z.boolean().optional(),
  })
  .strict();
export type LogFilter = z.infer<typeof LogFilterSchema>;

export const LogQuerySchema = z
  .object({ filter: LogFilterSchema.default({}), cursor: z.string().max(100).nullable().default(null), limit: z.number().int().min(1).max(MAX_PAGE).default(50) })
  .strict();

export const LogPageSchema = z.object({ entries: z.array(LogEntrySchema), nextCursor: z.string().nullable() });

export const AuthorDetailSchema = z.object({
  author: AuthorSummarySchema,
  counts: z.record(CommentStatusSchema, z.number().int()),
  recent: z.array(QueueItemSchema),
  history: z.array(LogEntrySchema),
});

// ---------------------------------------------------------------- votes

export const VoteSchema = z.object({
  id: z.number().int(),
  remoteId: z.string(),
  articleId: z.string(),
  axis: VoteAxisSchema,
  value: VoteValueSchema,
  voterId: z.number().int(),
  voterName: z.string(),
  voterCreatedAt: z.string().nullable(),
  votedAt: z.string(),
  ipHash: z.string().nullable(),
  deviceHash: z.string().nullable(),
  state: z.enum(['counted', 'void']),
  voidReason: z.string().nullable(),
});
export type Vote = z.infer<typeof VoteSchema>;

export const VoteSummaryInputSchema = z
  .object({ articleId: z.string().min(1).max(200), bucketSeconds: z.number().int().min(60).max(7 * 86_400).default(3600) })
  .strict();
export const VoteSummarySchema = z.object({
  tallies: VoteTalliesSchema,
  voided: z.number().int(),
  timeline: z.array(z.object({ start: z.string(), interesting: z.number().int(), support: z.number().int(), voided: z.number().int() })),
});
export type VoteSummary = z.infer<typeof VoteSummarySchema>;

export const SIGNAL_KINDS = ['duplicate_voter', 'burst', 'shared_ip', 'shared_device', 'new_account'] as const;
export const SignalKindSchema = z.enum(SIGNAL_KINDS);
export type SignalKind = z.infer<typeof SignalKindSchema>;

export const SignalParamsSchema = z
  .object({
    /** burst: at least this many votes … */
    burstCount: z.number().int().min(2).max(100_000).default(20),
    /** … within this many seconds. */
    burstSeconds: z.number().int().min(1).max(86_400).default(60),
    /** new_account: the account was created at most this many minutes before voting. */
    newAccountMinutes: z.number().int().min(1).max(10_080).default(10),
    /** shared_ip / shared_device: at least this many distinct voters share the hash. */
    clusterSize: z.number().int().min(2).max(1_000).default(3),
  })
  .strict();

export const VoteSignalsInputSchema = z.object({ articleId: z.string().min(1).max(200), params: SignalParamsSchema.prefault({}) }).strict();

export const VoteSignalSchema = z.object({
  /** Stable id of the signal within the article (e.g. `shared_ip:abc…`), usable in `votes:act`. */
  key: z.string(),
  kind: SignalKindSchema,
  description: z.string(),
  votes: z.array(VoteSchema),
  /** What voiding the whole signal voids: its counted votes (for a duplicate voter, all but the earliest). */
  voidIds: z.array(z.number().int()),
});
export type VoteSignal = z.infer<typeof VoteSignalSchema>;

export const VoteActInputSchema = z
  .object({
    action: z.enum(['void', 'restore']),
    /** Vote ids, or every vote of one signal (`key` from votes:signals, recomputed now). */
    target: z.union([
      z.object({ ids: z.array(z.number().int().positive()).min(1).max(100_000) }).strict(),
      z.object({ articleId: z.string().min(1).max(200), signalKey: z.string().max(300), params: SignalParamsSchema.prefault({}) }).strict(),
    ]),
    reason: z.string().min(1).max(500),
  })
  .strict();

export const VotingLockInputSchema = z.object({ articleId: z.string().min(1).max(200), locked: z.boolean(), note: Note.default('') }).strict();

// ---------------------------------------------------------------- the contract's moderation calls

const CommentId = z.object({ id: z.number().int().positive() }).strict();

/**
 * The moderation desk's calls, spread into the contract (shared/contract/index.ts): comments and
 * the log under `moderation:`, reader accounts under `readers:`, rules under `rules:`, votes under
 * `votes:` (names are lowercase `area:verb`, as the contract test requires). Every write
 * returns the id of the log entry it wrote, which `moderation:undo` reverses; after every write
 * the `moderation:changed` event names the areas that changed so open views refetch.
 */
export const moderationCalls = {
  /** One page of a queue (keyset-paginated: pass `nextCursor` back for the next page). */
  'moderation:queue': { input: QueueQuerySchema, output: QueuePageSchema },
  /** Live number of comments in every queue, overall or for one article. */
  'moderation:counts': { input: z.object({ articleId: z.string().min(1).max(200).optional() }).strict().prefault({}), output: QueueCountsSchema },
  /** How many comments a queue + filter matches now (for "Select all N matching"). */
  'moderation:matching': { input: z.object({ queue: QueueSchema, filter: QueueFilterSchema.default({}) }).strict(), output: z.object({ count: z.number().int() }) },
  /** One comment with its thread context (parent, direct replies) and its log history. */
  'moderation:comment': { input: CommentId, output: CommentDetailSchema },
  /** approve | reject (reasonCode required) | spam | pending on ids or "all matching a queue+filter". */
  'moderation:act': { input: ActInputSchema, output: ActResultSchema },
  /** Reverses a log entry to the exact previous state; fails (conflict) if a later action changed a target. */
  'moderation:undo': { input: z.object({ logId: z.number().int().positive() }).strict(), output: ActResultSchema },
  /** A reader's page: summary, counts per status, recent comments, history of actions on the account. */
  'readers:get': { input: CommentId, output: AuthorDetailSchema },
  /** premoderate | suspend (days) | ban | unban, with a reason. */
  'readers:act': { input: AuthorActInputSchema, output: z.object({ logId: z.number().int(), author: AuthorSummarySchema }) },
  'moderation:log': { input: LogQuerySchema, output: LogPageSchema },
  /** The log as CSV text (formula-injection safe), oldest first. */
  'moderation:export': { input: z.object({ filter: LogFilterSchema.default({}) }).strict(), output: z.object({ csv: z.string(), count: z.number().int() }) },
  'rules:list': { input: z.undefined().or(z.object({}).strict()), output: z.array(RuleSchema) },
  /** Creates (id null) or replaces a rule; invalid patterns fail with invalid_input naming `pattern`. */
  'rules:save': { input: z.object({ id: z.number().int().positive().nullable().default(null), rule: RuleInputSchema }).strict(), output: RuleSchema },
  'rules:delete': { input: CommentId, output: RuleSchema },
  /** "Test against this text" for a saved rule (ruleId) or a draft (rule); phrase and link rules only. */
  'rules:test': { input: TestRuleInputSchema, output: z.object({ matches: z.array(RuleMatchSchema) }) },
  /** Ingests a comments or votes file's text (JSON or NDJSON), all or nothing. */
  'moderation:import': { input: ImportInputSchema, output: IngestResultSchema },
  /** Tallies, void count and a bucketed timeline of one article's votes. */
  'votes:summary': { input: VoteSummaryInputSchema, output: VoteSummarySchema },
  'votes:signals': { input: VoteSignalsInputSchema, output: z.array(VoteSignalSchema) },
  /** void | restore votes by id or a whole signal (by its key); logged and undoable. */
  'votes:act': { input: VoteActInputSchema, output: ActResultSchema },
  'votes:lock': { input: VotingLockInputSchema, output: VoteTalliesSchema.extend({ logId: z.number().int() }) },
} as const;

export type ModerationCallName = keyof typeof moderationCalls;

export const ModerationChangedSchema = z.object({ areas: z.array(z.enum(['comments', 'authors', 'votes', 'rules'])) });
