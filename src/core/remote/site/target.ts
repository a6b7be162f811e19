import { createHash } from 'node:crypto';
import type { Article } from '../../../shared/article';
import { withoutDisallowedLinks } from '../../../shared/lexical/link-url';
import type { SiteArticle } from '../../../shared/remote/site-api';
import type { OutboxRow } from '../../outbox/repository';
import { RemoteError } from '../errors';
import {
  ModerationPayloadSchema,
  payloadOf,
  RULE_SET_SUBJECT,
  RuleSetPayloadSchema,
  PublishPayloadSchema,
  UnpublishPayloadSchema,
  VoteVoidPayloadSchema,
  type Delivery,
  type DeliveryContext,
  type RemoteRef,
  type RemoteSnapshot,
  type RemoteTarget,
  type RenderArticle,
} from '../target';
import { SiteApiClient, type SiteClientOptions } from './client';
import { siteApiRoot, testSiteConnection } from './connection';

export function toSiteArticle(article: Article, render: RenderArticle): SiteArticle {
  // Articles stored before the schema refused unsafe links must not carry them out either.
  return {
    slug: article.slug,
    headline: article.headline,
    section: article.section,
    summary: article.summary,
    byline: article.byline,
    tags: article.tags,
    body: withoutDisallowedLinks(article.body),
    takeaways: article.takeaways.map((t) => ({ ...t, content: withoutDisallowedLinks(t.content) })),
    questions: article.questions.map((q) => ({ ...q, answer: withoutDisallowedLinks(q.answer) })),
    publishedAt: article.publishedAt,
    updatedAt: article.updatedAt,
    html: render(article),
  };
}

export function contentHash(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}

/**
 * A Copydesk site (or any backend implementing resources/api/openapi.yaml under /api/).
 * Idempotency keys make retries safe. The base URL may be the site's own address: its API root
 * is derived from it (siteApiRoot).
 */
export class SiteTarget implements RemoteTarget {
  readonly client: SiteApiClient;
  private readonly options: SiteClientOptions;

  constructor(
    readonly id: string,
    options: SiteClientOptions,
    private readonly render: RenderArticle,
  ) {
    this.options = { ...options, baseUrl: siteApiRoot(options.baseUrl) };
    this.client = new SiteApiClient(this.options);
  }

  async deliver(row: OutboxRow, ref: RemoteRef | null, { signal }: DeliveryContext): Promise<Delivery> {
    switch (row.kind) {
      case 'publish': {
        const { article } = payloadOf(row, PublishPayloadSchema);
        const body = toSiteArticle(article, this.render);
        try {
          const result = await this.client.putArticle(article.id, body, row.idempotencyKey, ref?.version ?? null, signal);
          return { ref: { remoteId: result.id, version: result.version, contentHash: contentHash(body) } };
        } catch (error) {
          if (error instanceof RemoteError && error.failure === 'conflict') {
            const remote = await this.readRemote(article.id, ref, signal).catch(() => null);
            throw new RemoteError('conflict', `${error.message} — the article was changed on the site since Copydesk last published it`, error.status, remote ?? undefined);
          }
          throw error;
        }
      }
      case 'unpublish': {
        const { articleId } = payloadOf(row, UnpublishPayloadSchema);
        await this.client.deleteArticle(articleId, row.idempotencyKey, signal);
        return { ref: null };
      }
      case 'moderation': {
        if (row.subject === RULE_SET_SUBJECT) return this.putRuleSet(row, signal);
        const { decisions } = payloadOf(row, ModerationPayloadSchema);
        await this.client.moderate({ decisions }, row.idempotencyKey, signal);
        return {};
      }
      case 'vote_void': {
        const { voteId, reason } = payloadOf(row, VoteVoidPayloadSchema);
        await this.client.moderate({ decisions: [{ action: 'void_vote', voteId, reason }] }, row.idempotencyKey, signal);
        return {};
      }
    }
  }

  /**
   * A site that answers 404 does not screen comments at submit (a backend built on an older
   * contract): there is nothing to deliver, and the row must not wait for a person.
   */
  private async putRuleSet(row: OutboxRow, signal?: AbortSignal): Promise<Delivery> {
    const { ruleSet } = payloadOf(row, RuleSetPayloadSchema);
    try {
      await this.client.putRuleSet(ruleSet, row.idempotencyKey, signal);
    } catch (error) {
      if (!(error instanceof RemoteError && error.status === 404)) throw error;
    }
    return {};
  }

  readRuleSet(signal?: AbortSignal) {
    return this.client.ruleSet(signal);
  }

  async readRemote(articleId: string, _ref: RemoteRef | null, signal?: AbortSignal): Promise<RemoteSnapshot | null> {
    const stored = await this.client.getArticle(articleId, signal);
    if (!stored) return null;
    const { html: _html, ...snapshot } = stored;
    return { version: stored.version, snapshot };
  }

  /** Proves the address, the token and both its scopes (publish, moderate) without writing. */
  test(signal?: AbortSignal): Promise<string> {
    return testSiteConnection({ ...this.options, ...(signal ? { signal } : {}) });
  }

  pullComments(since: string | null, limit: number, signal?: AbortSignal) {
    return this.client.comments(since, limit, signal);
  }

  pullVotes(since: string | null, limit: number, signal?: AbortSignal) {
    return this.client.votes(since, limit, signal);
  }
}
