import {
  ArticleVersionSchema,
  CommentPageSchema,
  ModerationResultSchema,
  StoredArticleSchema,
  StoredRuleSetSchema,
  VotePageSchema,
  type ModerationBatch,
  type ModerationRuleSet,
  type SiteArticle,
} from '../../../shared/remote/site-api';
import { endpoint, requestJson, type HttpOptions } from '../http';
import { RemoteError } from '../errors';

export interface SiteClientOptions extends HttpOptions {
  baseUrl: string;
  /** Read when a request is made, so a rotated token is picked up without a restart. */
  token: () => string;
}

/** The site API of resources/api/openapi.yaml. Every response body is parsed with zod. */
export class SiteApiClient {
  constructor(private readonly options: SiteClientOptions) {}

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    return { authorization: `Bearer ${this.options.token()}`, accept: 'application/json', ...extra };
  }

  private http(signal?: AbortSignal): HttpOptions {
    return { ...this.options, signal: signal ?? this.options.signal };
  }

  async putArticle(id: string, article: SiteArticle, key: string, ifMatch: string | null, signal?: AbortSignal) {
    const headers = this.headers({ 'content-type': 'application/json', 'idempotency-key': key, ...(ifMatch ? { 'if-match': ifMatch } : {}) });
    const { body } = await requestJson(
      `Publishing article ${id}`,
      endpoint(this.options.baseUrl, `articles/${encodeURIComponent(id)}`),
      { method: 'PUT', headers, body: JSON.stringify(article) },
      ArticleVersionSchema,
      this.http(signal),
    );
    return body;
  }

  async getArticle(id: string, signal?: AbortSignal) {
    try {
      const { body } = await requestJson(
        `Reading article ${id}`,
        endpoint(this.options.baseUrl, `articles/${encodeURIComponent(id)}`),
        { method: 'GET', headers: this.headers() },
        StoredArticleSchema,
        this.http(signal),
      );
      return body;
    } catch (error) {
      if (error instanceof RemoteError && error.status === 404) return null;
      throw error;
    }
  }

  async deleteArticle(id: string, key: string, signal?: AbortSignal): Promise<void> {
    await requestJson(
      `Unpublishing article ${id}`,
      endpoint(this.options.baseUrl, `articles/${encodeURIComponent(id)}`),
      { method: 'DELETE', headers: this.headers({ 'idempotency-key': key }) },
      null,
      this.http(signal),
    );
  }

  async comments(since: string | null, limit: number, signal?: AbortSignal) {
    const url = endpoint(this.options.baseUrl, 'comments', { since: since ?? undefined, limit });
    return (await requestJson('Fetching comments', url, { headers: this.headers() }, CommentPageSchema, this.http(signal))).body;
  }

  async votes(since: string | null, limit: number, signal?: AbortSignal) {
    const url = endpoint(this.options.baseUrl, 'votes', { since: since ?? undefined, limit });
    return (await requestJson('Fetching votes', url, { headers: this.headers() }, VotePageSchema, this.http(signal))).body;
  }

  async moderate(batch: ModerationBatch, key: string, signal?: AbortSignal) {
    const { body } = await requestJson(
      'Sending moderation decisions',
      endpoint(this.options.baseUrl, 'moderation'),
      { method: 'POST', headers: this.headers({ 'content-type': 'application/json', 'idempotency-key': key }), body: JSON.stringify(batch) },
      ModerationResultSchema,
      this.http(signal),
    );
    return body;
  }

  /** The rules the site screens submitted comments with; null when the site does not screen (404). */
  async ruleSet(signal?: AbortSignal) {
    try {
      const url = endpoint(this.options.baseUrl, 'moderation/rules');
      return (await requestJson('Reading the moderation rules', url, { headers: this.headers() }, StoredRuleSetSchema, this.http(signal))).body;
    } catch (error) {
      if (error instanceof RemoteError && error.status === 404) return null;
      throw error;
    }
  }

  async putRuleSet(set: ModerationRuleSet, key: string, signal?: AbortSignal) {
    const { body } = await requestJson(
      'Sending the moderation rules',
      endpoint(this.options.baseUrl, 'moderation/rules'),
      { method: 'PUT', headers: this.headers({ 'content-type': 'application/json', 'idempotency-key': key }), body: JSON.stringify(set) },
      StoredRuleSetSchema,
      this.http(signal),
    );
    return body;
  }
}
