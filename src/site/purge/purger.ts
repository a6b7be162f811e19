import type { FastifyBaseLogger, FastifyReply } from 'fastify';
import type { Kysely, Transaction } from 'kysely';
import type { ModerationBatch } from '../../shared/remote/site-api';
import { absoluteUrl } from '../../shared/render/site-paths';
import { monthOf } from '../../shared/render/sitemap';
import type { SiteDatabase } from '../db/schema';
import { ListingStore } from '../store/listings';
import { REPLAYED_HEADER } from '../store/requests';
import { articlePlan, livePlan, SITE_KEY, type ArticleState, type PurgePlan } from './plan';

/**
 * Purges what a write changed from caches in front of the site. Each write's handler takes a
 * tracker, which reads the affected pages inside the write's own transaction (before and after
 * the change, so the plan is exact even with other processes writing), and after the response
 * is sent posts the changed URLs to the operator's purge webhook (`--purge-url`): in the
 * background, with a timeout, a failure only logged. The write never waits for a cache.
 *
 * One call at a time per process: what writes change while a call is on its way is gathered and
 * sent as the next call. A burst of publishes (or a slow hook) then costs a few calls instead of
 * one per write, which also keeps within the purge rate limits CDNs' APIs have.
 *
 * For a CDN that purges by tag instead, every page carries its keys (plan.ts) in `Surrogate-Key`
 * (Fastly, Varnish xkey) and `Cache-Tag` (Cloudflare); the webhook's body names them too.
 */

export type PurgeEvent = 'article.published' | 'article.unpublished' | 'moderation.decided';

/** The webhook's JSON body. */
export interface PurgeRequest {
  /** What happened since the previous call (one kind per write; usually one). */
  events: PurgeEvent[];
  /** Absolute URLs of every changed page, under the public URL. */
  urls: string[];
  /** The same pages' surrogate keys. */
  keys: string[];
}

export interface PurgerOptions {
  db: Kysely<SiteDatabase>;
  /** Where readers reach the site; the webhook's URLs are built from it. */
  publicUrl: () => string;
  /** The operator's purge webhook, or null for none (keys on responses only). */
  webhook: string | null;
  timeoutMs?: number | undefined;
}

type Trx = Transaction<SiteDatabase>;

/** The surrogate-key headers of a cacheable response (the site's key comes first). */
export function purgeKeyHeaders(keys: readonly string[]): Record<string, string> {
  const all = [SITE_KEY, ...keys];
  return { 'surrogate-key': all.join(' '), 'cache-tag': all.join(',') };
}

/** Sets the surrogate-key headers on a response built per request. */
export const tagResponse = (reply: FastifyReply, keys: readonly string[]): FastifyReply => reply.headers(purgeKeyHeaders(keys));

/** Follows one write: what it changed is read before and after it, inside its transaction. */
export interface Tracker {
  before(trx: Trx): Promise<void>;
  after(trx: Trx): Promise<void>;
  /** After the response: posts the plan to the webhook if the write committed and changed pages. */
  sent(reply: FastifyReply, log: FastifyBaseLogger): void;
}

const NO_TRACKING: Tracker = { before: async () => undefined, after: async () => undefined, sent: () => undefined };

export class Purger {
  private readonly listings: ListingStore;
  /** What changed since the call on its way (if any) began; sent as the next call. */
  private pending: { events: Set<PurgeEvent>; paths: Set<string>; keys: Set<string> } | null = null;
  private sending: Promise<void> | null = null;

  constructor(private readonly options: PurgerOptions) {
    this.listings = new ListingStore(options.db);
  }

  /** For PUT and DELETE of an article: call before() and after() around the change, then sent(). */
  article(event: 'article.published' | 'article.unpublished', id: string): Tracker {
    // Without a webhook nobody needs the plan (responses carry their keys regardless): skip the reads.
    if (this.options.webhook === null) return NO_TRACKING;
    let before: ArticleState | null = null;
    let plan: PurgePlan | null = null;
    return {
      before: async (trx: Trx) => {
        before = await this.articleState(trx, id);
      },
      after: async (trx: Trx) => {
        plan = articlePlan(before, await this.articleState(trx, id));
      },
      sent: (reply: FastifyReply, log: FastifyBaseLogger) => this.afterResponse(event, plan, reply, log),
    };
  }

  /** For a moderation batch: the articles whose approved comments or counted votes it changed. */
  moderation(batch: ModerationBatch): Tracker {
    if (this.options.webhook === null) return NO_TRACKING;
    let before: Map<string, Visible> = new Map();
    let plan: PurgePlan | null = null;
    return {
      before: async (trx: Trx) => {
        before = await this.visibility(trx, batch);
      },
      after: async (trx: Trx) => {
        const after = await this.visibility(trx, batch);
        const changed = new Set<string>();
        for (const [item, state] of after) if (before.get(item)?.shown !== state.shown) changed.add(state.articleId);
        const rows = changed.size === 0 ? [] : await trx.selectFrom('articles').select(['id', 'slug']).where('id', 'in', [...changed]).execute();
        plan = livePlan([...changed].sort().map((id) => ({ id, slug: rows.find((r) => r.id === id)?.slug ?? null })));
      },
      sent: (reply: FastifyReply, log: FastifyBaseLogger) => this.afterResponse('moderation.decided', plan, reply, log),
    };
  }

  /** Waits for the webhook calls still to make (at shutdown; each is bounded by the timeout). */
  async drain(): Promise<void> {
    while (this.sending) await this.sending;
  }

  private async articleState(trx: Trx, id: string): Promise<ArticleState | null> {
    const row = await trx.selectFrom('articles').select(['slug', 'published_at', 'updated_at']).where('id', '=', id).executeTakeFirst();
    if (!row) return null;
    const places = await this.listings.places(trx, id);
    return { id, slug: row.slug, month: monthOf(new Date(row.published_at ?? row.updated_at).toISOString()), places };
  }

  /** Whether each comment and vote the batch names is shown to readers (approved; counted). */
  private async visibility(trx: Trx, batch: ModerationBatch): Promise<Map<string, Visible>> {
    const commentIds: string[] = [];
    const voteIds: string[] = [];
    for (const d of batch.decisions) {
      if ('voteId' in d) voteIds.push(d.voteId);
      else if ('commentId' in d) commentIds.push(d.commentId);
    }
    const [comments, votes] = await Promise.all([
      commentIds.length === 0 ? [] : trx.selectFrom('comments').select(['id', 'article_id', 'status', 'deleted_at']).where('id', 'in', commentIds).execute(),
      voteIds.length === 0 ? [] : trx.selectFrom('votes').select(['id', 'article_id', 'voided']).where('id', 'in', voteIds).execute(),
    ]);
    const seen = new Map<string, Visible>();
    for (const c of comments) seen.set(`comment:${c.id}`, { articleId: c.article_id, shown: c.status === 'approved' && c.deleted_at === null });
    for (const v of votes) seen.set(`vote:${v.id}`, { articleId: v.article_id, shown: v.voided === 0 });
    return seen;
  }

  /** After a committed, first-time write: the webhook, in the background. */
  private afterResponse(event: PurgeEvent, plan: PurgePlan | null, reply: FastifyReply, log: FastifyBaseLogger): void {
    // No plan: the write was refused before it changed anything. A replay changed nothing now.
    if (plan === null || reply.statusCode >= 300 || reply.getHeader(REPLAYED_HEADER) !== undefined) return;
    if (plan.paths.size === 0 || this.options.webhook === null) return;
    this.pending ??= { events: new Set(), paths: new Set(), keys: new Set() };
    this.pending.events.add(event);
    for (const path of plan.paths) this.pending.paths.add(path);
    for (const key of plan.keys) this.pending.keys.add(key);
    this.kick(log);
  }

  /** Starts sending unless a call is on its way (it sends what is pending when it returns). */
  private kick(log: FastifyBaseLogger): void {
    if (this.sending || !this.pending) return;
    this.sending = this.sendPending(log).finally(() => {
      this.sending = null;
      // Something may have arrived between the loop's last look and now.
      this.kick(log);
    });
  }

  private async sendPending(log: FastifyBaseLogger): Promise<void> {
    while (this.pending) {
      const { events, paths, keys } = this.pending;
      this.pending = null;
      const base = new URL(this.options.publicUrl());
      if (!base.pathname.endsWith('/')) base.pathname += '/';
      await this.post({ events: [...events], urls: [...paths].map((path) => absoluteUrl(base.href, path)), keys: [...keys] }, log);
    }
  }

  private async post(body: PurgeRequest, log: FastifyBaseLogger): Promise<void> {
    const webhook = this.options.webhook!;
    // The webhook URL may carry a secret in its query: logs name only its origin.
    const where = new URL(webhook).origin;
    try {
      const response = await fetch(webhook, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 5_000),
      });
      await response.body?.cancel();
      if (!response.ok) log.warn({ purge: where, status: response.status, events: body.events, urls: body.urls.length }, 'the purge webhook refused the purge; caches keep old pages until they expire');
    } catch (error) {
      const reason = error instanceof Error && error.name === 'TimeoutError' ? 'timed out' : 'could not be reached';
      log.warn({ purge: where, events: body.events, urls: body.urls.length }, `the purge webhook ${reason}; caches keep old pages until they expire`);
    }
  }
}

interface Visible {
  articleId: string;
  shown: boolean;
}
