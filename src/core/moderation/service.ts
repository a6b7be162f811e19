import type { Database } from 'better-sqlite3';
import type { z } from 'zod';
import { CopydeskError, fieldErrors } from '../../shared/errors';
import {
  ActInputSchema,
  AuthorActInputSchema,
  COMMENT_STATUSES,
  QueueQuerySchema,
  VoteActInputSchema,
  type ActResult,
  type CommentAction,
  type ImportInputSchema,
  type IngestResult,
  type LogFilter,
  type Queue,
  type QueueCounts,
  type QueueFilter,
  type QueuePage,
  type Rule,
  type RuleInput,
  type RuleMatch,
  type VoteSignal,
  type VoteSummary,
} from '../../shared/moderation';
import type { VoteTallies } from '../../shared/engagement';
import type { WorkspaceEvents } from '../events';
import { ingestFile } from './ingest';
import { allLog, changeState, listLog, logCsv, markPushed, undo, writeLog } from './log';
import { voteTallies } from './public';
import { authorSummary, commentThread, itemsById, queueCount, queueCounts, queueIds, queuePage } from './queue';
import { compileRule, matchPhrases, RuleRepository, validateRule } from './rules';
import { countLinks } from './text';
import { DEFAULT_SIGNAL_PARAMS, voteSignals, voteSummary, type SignalParams } from './votes';

/** Core callers get the same validation (and defaults) as contract calls. */
function parse<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fields = fieldErrors(result.error.issues);
  const [path, message] = Object.entries(fields)[0] ?? ['(root)', 'invalid'];
  throw new CopydeskError('invalid_input', `${path}: ${message}`, fields);
}

/** The local moderator. Copydesk is single-user; a remote sync records who acted remotely. */
export const LOCAL_ACTOR = 'moderator';

type Area = 'comments' | 'authors' | 'votes' | 'rules';

const COMMENT_STATE: Record<CommentAction, { status: string; published: number }> = {
  approve: { status: 'approved', published: 1 },
  reject: { status: 'rejected', published: 0 },
  spam: { status: 'spam', published: 0 },
  pending: { status: 'pending', published: 0 },
};

/**
 * The moderation use cases behind the `moderation:*` calls. Every write is one transaction that
 * also writes its log entry, then emits `moderation:changed` so open views refresh.
 */
export class ModerationService {
  readonly rules: RuleRepository;

  constructor(
    private readonly db: Database,
    private readonly events?: WorkspaceEvents,
    private readonly actor: string = LOCAL_ACTOR,
  ) {
    this.rules = new RuleRepository(db);
  }

  private changed(...areas: Area[]): void {
    this.events?.emit('moderation:changed', { areas });
  }

  // ------------------------------------------------------------ ingest

  import(input: z.output<typeof ImportInputSchema>): IngestResult {
    return ingestFile({ db: this.db, ...(this.events ? { events: this.events } : {}) }, input.kind, input.text, input.source, `${input.kind} file`, input.format);
  }

  // ------------------------------------------------------------ queues

  queue(input: z.input<typeof QueueQuerySchema>): QueuePage {
    const q = parse(QueueQuerySchema, input);
    return queuePage(this.db, q.queue, q.filter, q.sort, q.cursor, q.limit);
  }

  counts(articleId?: string): QueueCounts {
    return queueCounts(this.db, articleId);
  }

  /** How many comments match a queue + filter (what "Select all N matching" would act on). */
  matching(queue: Queue, filter: QueueFilter): number {
    return queueCount(this.db, queue, filter);
  }

  comment(id: number) {
    const thread = commentThread(this.db, id);
    return { ...thread, history: listLog(this.db, { targetType: 'comment', targetId: id }, null, 100).entries };
  }

  author(id: number) {
    const author = authorSummary(this.db, id);
    const counts = Object.fromEntries(COMMENT_STATUSES.map((s) => [s, 0])) as Record<(typeof COMMENT_STATUSES)[number], number>;
    for (const row of this.db.prepare('SELECT status, COUNT(*) AS n FROM comments WHERE author_id = ? GROUP BY status').all(id) as { status: keyof typeof counts; n: number }[]) {
      counts[row.status] = row.n;
    }
    const recentIds = this.db.prepare('SELECT id FROM comments WHERE author_id = ? ORDER BY created_at DESC, id DESC LIMIT 50').pluck().all(id) as number[];
    return {
      author,
      counts,
      recent: itemsById(this.db, recentIds).reverse(),
      history: listLog(this.db, { targetType: 'author', targetId: id }, null, 100).entries,
    };
  }

  // ------------------------------------------------------------ actions

  private targetIds(target: z.output<typeof ActInputSchema>['target']): number[] {
    if ('ids' in target) return [...new Set(target.ids)];
    const ids = queueIds(this.db, target.queue, target.filter as QueueFilter);
    if (target.expectedCount !== undefined && ids.length !== target.expectedCount) {
      throw new CopydeskError('conflict', `The selection changed: ${ids.length} comments match now, not ${target.expectedCount}. Review and try again.`);
    }
    return ids;
  }

  /** approve / reject / spam / back to pending, on a selection or all matching a query: one transaction. */
  act(raw: z.input<typeof ActInputSchema>): ActResult {
    const input = parse(ActInputSchema, raw);
    const now = new Date().toISOString();
    const result = this.db.transaction(() => {
      const ids = this.targetIds(input.target);
      if (ids.length === 0) return { logId: null, affected: 0 };
      const reasonCode = input.action === 'spam' ? 'spam' : input.action === 'reject' ? (input.reasonCode ?? null) : null;
      const { status, published } = COMMENT_STATE[input.action];
      const state = { status, published, reason_code: reasonCode, reason_note: input.note, decided_by: this.actor, decided_at: now, reported: 0 };
      const { logId, affected } = changeState(this.db, 'comment', ids, state, { actor: this.actor, action: input.action, reasonCode, note: input.note, now });
      return { logId: logId === -1 ? null : logId, affected };
    })();
    if (result.affected > 0) this.changed('comments');
    return result;
  }

  /** Reverses a log entry exactly (several steps deep: undo the newest first); the undo is logged too. */
  undo(logId: number): ActResult {
    const result = undo(this.db, logId, this.actor, new Date().toISOString());
    this.changed('comments', 'authors', 'votes');
    return result;
  }

  authorAct(raw: z.input<typeof AuthorActInputSchema>) {
    const input = parse(AuthorActInputSchema, raw);
    const now = new Date();
    const state =
      input.action === 'suspend'
        ? { status: 'suspended', suspended_until: new Date(now.getTime() + input.days! * 86_400_000).toISOString() }
        : { status: input.action === 'unban' ? 'active' : input.action === 'ban' ? 'banned' : 'premoderated', suspended_until: null };
    const { logId } = this.db.transaction(() => {
      authorSummary(this.db, input.authorId);
      return changeState(this.db, 'author', [input.authorId], state, {
        actor: this.actor,
        action: `author:${input.action}`,
        reasonCode: input.reasonCode,
        note: input.note,
        now: now.toISOString(),
      });
    })();
    this.changed('authors');
    return { logId, author: authorSummary(this.db, input.authorId) };
  }

  log(filter: LogFilter, cursor: string | null, limit: number) {
    return listLog(this.db, filter, cursor, limit);
  }

  exportLog(filter: LogFilter): { csv: string; count: number } {
    const entries = allLog(this.db, filter);
    return { csv: logCsv(entries), count: entries.length };
  }

  /** For the remote sync: entries not yet replayed, oldest first, and marking them replayed. */
  unpushed() {
    return allLog(this.db, { unpushedOnly: true });
  }

  markPushed(ids: readonly number[]): number {
    return markPushed(this.db, ids, new Date().toISOString());
  }

  // ------------------------------------------------------------ rules

  listRules(): Rule[] {
    return this.rules.list();
  }

  saveRule(id: number | null, input: RuleInput): Rule {
    const now = new Date().toISOString();
    const rule = this.db.transaction(() => {
      const before = id === null ? null : this.rules.get(id);
      const saved = id === null ? this.rules.create(input, now) : this.rules.update(id, input, now);
      // Rule edits are audited, not undoable (state_before null): edit the rule again instead.
      writeLog(this.db, { actor: this.actor, action: id === null ? 'rule:create' : 'rule:update', targetType: 'rule', targetIds: [saved.id], note: JSON.stringify({ before }), before: null, after: saved, now });
      return saved;
    })();
    this.changed('rules');
    return rule;
  }

  deleteRule(id: number): Rule {
    const now = new Date().toISOString();
    const rule = this.db.transaction(() => {
      const deleted = this.rules.delete(id);
      writeLog(this.db, { actor: this.actor, action: 'rule:delete', targetType: 'rule', targetIds: [id], note: '', before: null, after: deleted, now });
      return deleted;
    })();
    this.changed('rules');
    return rule;
  }

  /** "Test against this text": the matches a rule (saved or draft) finds, without saving anything. */
  testRule(input: { rule?: RuleInput | undefined; ruleId?: number | undefined; text: string }): { matches: RuleMatch[] } {
    const rule: Rule =
      input.ruleId !== undefined
        ? this.rules.get(input.ruleId)
        : { ...validateRule(input.rule!), id: 0, createdAt: '', updatedAt: '' };
    if (rule.kind === 'max_links') {
      const links = countLinks(input.text);
      return { matches: rule.threshold !== null && links > rule.threshold ? [{ ruleId: rule.id, kind: rule.kind, action: rule.action, detail: `${links} links (allowed ${rule.threshold})` }] : [] };
    }
    if (rule.kind !== 'banned_phrase' && rule.kind !== 'suspect_phrase') {
      throw new CopydeskError('invalid_input', `A ${rule.kind} rule depends on the author's history and cannot be tested against text alone`);
    }
    return { matches: matchPhrases([compileRule(rule)], input.text) };
  }

  // ------------------------------------------------------------ votes

  tallies(articleId: string): VoteTallies {
    return voteTallies(this.db, articleId);
  }

  votes(articleId: string, bucketSeconds: number): VoteSummary {
    return voteSummary(this.db, articleId, bucketSeconds);
  }

  voteSignals(articleId: string, params: SignalParams = DEFAULT_SIGNAL_PARAMS): VoteSignal[] {
    return voteSignals(this.db, articleId, params);
  }

  /** Void or restore votes one by one or a whole signal; logged and undoable. */
  voteAct(raw: z.input<typeof VoteActInputSchema>): ActResult {
    const input = parse(VoteActInputSchema, raw);
    const now = new Date().toISOString();
    const result = this.db.transaction(() => {
      let ids: number[];
      if ('ids' in input.target) {
        ids = [...new Set(input.target.ids)];
      } else {
        const { articleId, signalKey, params } = input.target;
        const found = voteSignals(this.db, articleId, params).find((s) => s.key === signalKey);
        if (!found) throw new CopydeskError('not_found', `No signal ${signalKey} on this article any more`);
        ids = input.action === 'void' ? found.voidIds : found.votes.filter((v) => v.state === 'void').map((v) => v.id);
      }
      if (ids.length === 0) return { logId: null, affected: 0 };
      const state = input.action === 'void' ? { state: 'void', void_reason: input.reason } : { state: 'counted', void_reason: null };
      const { logId, affected } = changeState(this.db, 'vote', ids, state, { actor: this.actor, action: `vote:${input.action}`, note: input.reason, now });
      return { logId: logId === -1 ? null : logId, affected };
    })();
    if (result.affected > 0) this.changed('votes');
    return result;
  }

  /** Locks or unlocks voting on an article (the page hides "Log in to vote" while locked). */
  setVotingLock(articleId: string, locked: boolean, note: string): VoteTallies & { logId: number } {
    const now = new Date().toISOString();
    const logId = this.db.transaction(() => {
      if (this.db.prepare('SELECT 1 FROM articles WHERE id = ?').get(articleId) === undefined) throw new CopydeskError('not_found', `No article ${articleId}`);
      this.db
        .prepare("INSERT OR IGNORE INTO article_voting (article_id, locked, changed_at, changed_by, note) VALUES (?, 0, ?, 'system', '')")
        .run(articleId, now);
      return changeState(this.db, 'article', [articleId], { locked: locked ? 1 : 0, changed_at: now, changed_by: this.actor, note }, {
        actor: this.actor,
        action: locked ? 'voting:lock' : 'voting:unlock',
        note,
        now,
      }).logId;
    })();
    this.changed('votes');
    return { ...voteTallies(this.db, articleId), logId };
  }
}
