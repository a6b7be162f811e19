import { z } from 'zod';
import { ArticleSchema, type Article, type ArticleFields } from '../../shared/article';
import { ModerationDecisionSchema, ModerationRuleSetSchema, type RemoteComment, type RemoteVote, type StoredRuleSet } from '../../shared/remote/site-api';
import type { OutboxRow } from '../outbox/repository';

/** What a target remembers about one of our articles (remote_refs). */
export interface RemoteRef {
  remoteId: string;
  version: string;
  contentHash: string;
}

export interface DeliveryContext {
  /** True when this row may already have reached the server (a retry, or in flight at startup). */
  resumed: boolean;
  signal?: AbortSignal | undefined;
  /**
   * Slugs of the publishes queued after this row, never attempted, for articles the target holds
   * no reference for (at most `limit`): a target may look them all up in one request.
   */
  upcomingNewSlugs?: ((limit: number) => string[]) | undefined;
}

/** `ref: null` forgets the article's ref (unpublished); undefined leaves it as is. */
export interface Delivery {
  ref?: RemoteRef | null;
}

export interface RemoteSnapshot {
  version: string | null;
  snapshot: Record<string, unknown>;
  /** What the target holds, as our article's fields ("keep remote" applies them locally). */
  fields?: Partial<ArticleFields>;
}

export interface Page<T> {
  items: T[];
  nextCursor: string;
  hasMore: boolean;
}

/** One configured destination (site API or Ghost), with its credential already bound in. */
export interface RemoteTarget {
  readonly id: string;
  deliver(row: OutboxRow, ref: RemoteRef | null, context: DeliveryContext): Promise<Delivery>;
  /**
   * A fresh read of the article as the target holds it, for conflicts; null when absent.
   * `local` (our version) lets a target keep local values where the remote still agrees.
   */
  readRemote(articleId: string, ref: RemoteRef | null, signal?: AbortSignal, local?: Article): Promise<RemoteSnapshot | null>;
  /** "Test connection": resolves with a short description, or throws a RemoteError. */
  test(signal?: AbortSignal): Promise<string>;
  pullComments?(since: string | null, limit: number, signal?: AbortSignal): Promise<Page<RemoteComment>>;
  pullVotes?(since: string | null, limit: number, signal?: AbortSignal): Promise<Page<RemoteVote>>;
  /** The moderation rules the target screens comments with; null when it does not screen. */
  readRuleSet?(signal?: AbortSignal): Promise<StoredRuleSet | null>;
}

/** Renders the complete article page (the DOM-free page renderer in production). */
export type RenderArticle = (article: Article) => string;

// Outbox payloads, parsed again when read back: the database is a boundary too.
export const PublishPayloadSchema = z.object({ article: ArticleSchema });
export const UnpublishPayloadSchema = z.object({ articleId: z.string(), slug: z.string() });
export const ModerationPayloadSchema = z.object({ decisions: z.array(ModerationDecisionSchema).min(1).max(500) });
export const VoteVoidPayloadSchema = z.object({ voteId: z.string(), reason: z.string().default('') });
export { RULE_SET_SUBJECT } from '../../shared/remote/outbox';
/** The payload of a RULE_SET_SUBJECT row. */
export const RuleSetPayloadSchema = z.object({ ruleSet: ModerationRuleSetSchema });

export function payloadOf<T extends z.ZodType>(row: OutboxRow, schema: T): z.output<T> {
  return schema.parse(JSON.parse(row.payload));
}
