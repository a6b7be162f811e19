import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ModerationBatchSchema, SiteArticleSchema } from '../../shared/remote/site-api';
import type { SiteDb } from '../db/open';
import type { Purger, Tracker } from '../purge/purger';
import { ArticleStore, parseVersion } from '../store/articles';
import { FeedQuerySchema, FeedStore } from '../store/feeds';
import { countRequest, countInWindow, idempotentWrite, RateLimited, storedResponse, type ApiResponse, type RateLimit } from '../store/requests';
import { TokenStore, type Caller, type Scope } from '../store/tokens';
import { articleTag, slugTag, type SiteCache } from './cache';
import { apiError, invalid, json, send } from './responses';
import { registerRuleRoutes } from './rules-api';

/**
 * resources/api/openapi.yaml under /api. Each handler parses its input with the contract's zod
 * models, checks the bearer token and the token's request rate (both in the database, so any
 * process can answer any request), and sends writes through idempotentWrite. After its commit a
 * write drops the cached pages it changed, so the next request in this process shows it.
 */

export interface ApiOptions {
  site: SiteDb;
  rateLimit: RateLimit;
  now: () => number;
  purger: Purger;
  cache: SiteCache;
}

type WriteTransaction = Parameters<Parameters<typeof idempotentWrite>[2]>[0];
/** What a write prepares once its input is valid: the work to do in the transaction, and the cache tags it changes (added as it learns them). */
type PreparedWrite = ApiResponse | ((trx: WriteTransaction, touched: Set<string>) => Promise<ApiResponse>);

const ArticleParamsSchema = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'An article id is 1 to 64 letters, digits, dashes or underscores.') });
const IdempotencyKeySchema = z.uuid({ error: 'Idempotency-Key must be a UUID chosen by the client for this write.' });

const BEARER = /^Bearer ([\x21-\x7e]{1,200})$/;

export function registerApi(app: FastifyInstance, options: ApiOptions): void {
  const { db } = options.site;
  const tokens = new TokenStore(db);
  const articles = new ArticleStore(db);
  const feeds = new FeedStore(db);

  const tooMany = (wait: number): ApiResponse => ({ ...apiError(429, 'rate_limited', `Too many requests from this token; try again in ${wait} s.`), headers: { 'content-type': 'application/json; charset=utf-8', 'retry-after': String(wait) } });

  /** The caller, or the response that refuses them (401, 403, or 429 unless `count` is false: writes count in their transaction). */
  async function authorize(request: FastifyRequest, scope: Scope, count = true): Promise<Caller | ApiResponse> {
    const presented = BEARER.exec(request.headers.authorization ?? '')?.[1];
    const caller = presented ? await tokens.verify(presented) : null;
    if (!caller) return apiError(401, 'unauthorized', 'The bearer token is missing, wrong or revoked.');
    if (!caller.scopes.includes(scope)) return apiError(403, 'forbidden', `This token may not ${scope === 'publish' ? 'publish articles' : 'moderate comments and votes'}.`);
    if (!count) return caller;
    const wait = await countRequest(db, options.site.engine, caller.tokenId, options.rateLimit, options.now());
    return wait > 0 ? tooMany(wait) : caller;
  }

  /**
   * Authorizes a write, replays the stored response of a repeated Idempotency-Key (before
   * anything else is checked, as the contract says), and otherwise runs `write` idempotently.
   */
  async function write(request: FastifyRequest, reply: FastifyReply, scope: Scope, run: (caller: Caller) => Promise<PreparedWrite>) {
    const caller = await authorize(request, scope, false);
    if ('status' in caller) return send(reply, caller);
    const key = IdempotencyKeySchema.safeParse(request.headers['idempotency-key']);
    if (!key.success) return send(reply, apiError(400, 'invalid_request', key.error.issues[0]!.message, { path: 'Idempotency-Key' }));
    const now = options.now();
    const path = request.url.split('?')[0]!;
    const stored = await storedResponse(db, caller.tokenId, key.data, now);
    if (stored) {
      // A replay writes nothing, so it counts on its own.
      const wait = await countRequest(db, options.site.engine, caller.tokenId, options.rateLimit, now);
      if (wait > 0) return send(reply, tooMany(wait));
      if (stored.method !== request.method || stored.path !== path) {
        return send(reply, apiError(422, 'idempotency_key_reused', 'This Idempotency-Key was already used for a different request; use a new key for each write.'));
      }
      return send(reply, stored);
    }
    const prepared = await run(caller);
    if (typeof prepared !== 'function') {
      const wait = await countRequest(db, options.site.engine, caller.tokenId, options.rateLimit, now);
      return send(reply, wait > 0 ? tooMany(wait) : prepared);
    }
    const touched = new Set<string>();
    try {
      const response = await idempotentWrite(db, { tokenId: caller.tokenId, key: key.data, method: request.method, path, now }, async (trx) => {
        const answer = await prepared(trx, touched);
        // Counted in the write's own transaction (one commit, not two) and last, so the token's
        // counter row is locked only for the commit: a token's writes on PostgreSQL barely wait
        // for each other. Over the limit, nothing of the write is kept.
        const wait = await countInWindow(trx, caller.tokenId, options.rateLimit, now);
        if (wait > 0) throw new RateLimited(wait);
        return answer;
      });
      return send(reply, response);
    } catch (error) {
      if (error instanceof RateLimited) return send(reply, tooMany(error.waitSeconds));
      throw error;
    } finally {
      // After the commit (or a rollback, where it costs one re-render): readers here see the write at once.
      for (const tag of touched) options.cache.invalidateTag(tag);
    }
  }

  app.get('/api/articles/:id', async (request, reply) => {
    const caller = await authorize(request, 'publish');
    if ('status' in caller) return send(reply, caller);
    const params = ArticleParamsSchema.safeParse(request.params);
    if (!params.success) return send(reply, invalid('The article id', params.error));
    const article = await articles.get(params.data.id);
    if (!article) return send(reply, apiError(404, 'not_found', 'There is no article with this id on the site.'));
    return send(reply, json(200, article, { etag: `"${article.version}"` }));
  });

  app.put('/api/articles/:id', async (request, reply) => {
    let purge: Tracker | undefined;
    await write(request, reply, 'publish', async () => {
      const params = ArticleParamsSchema.safeParse(request.params);
      if (!params.success) return invalid('The article id', params.error);
      const body = SiteArticleSchema.safeParse(request.body);
      if (!body.success) return invalid('The article', body.error);
      const ifMatch = parseVersion(request.headers['if-match']);
      purge = options.purger.article('article.published', params.data.id);
      return async (trx, touched) => {
        await purge!.before(trx);
        const outcome = await articles.put(trx, params.data.id, body.data, ifMatch, new Date(options.now()).toISOString());
        if (outcome.kind === 'stored') touched.add(articleTag(params.data.id)).add(slugTag(body.data.slug));
        if (outcome.kind === 'mismatch') {
          const message = outcome.current === null ? 'The article changed or was removed on the site since your last version; read it again before publishing.' : `The site holds version ${outcome.current} of this article, not the one in If-Match.`;
          return apiError(412, 'version_mismatch', message);
        }
        await purge!.after(trx);
        return json(200, { id: params.data.id, version: outcome.version }, { etag: `"${outcome.version}"` });
      };
    });
    purge?.sent(reply, request.log);
    return reply;
  });

  app.delete('/api/articles/:id', async (request, reply) => {
    let purge: Tracker | undefined;
    await write(request, reply, 'publish', async () => {
      const params = ArticleParamsSchema.safeParse(request.params);
      if (!params.success) return invalid('The article id', params.error);
      purge = options.purger.article('article.unpublished', params.data.id);
      return async (trx, touched) => {
        await purge!.before(trx);
        await articles.delete(trx, params.data.id);
        touched.add(articleTag(params.data.id));
        await purge!.after(trx);
        return { status: 204, headers: {}, body: '' };
      };
    });
    purge?.sent(reply, request.log);
    return reply;
  });

  for (const feed of ['comments', 'votes'] as const) {
    app.get(`/api/${feed}`, async (request, reply) => {
      const caller = await authorize(request, 'moderate');
      if ('status' in caller) return send(reply, caller);
      const query = FeedQuerySchema.safeParse(request.query);
      if (!query.success) return send(reply, invalid('The query', query.error));
      const since = query.data.since ?? 0;
      const page = feed === 'comments' ? await feeds.comments(since, query.data.limit) : await feeds.votes(since, query.data.limit);
      return send(reply, json(200, page));
    });
  }

  registerRuleRoutes(app, { site: options.site, now: options.now, authorize, write });

  app.post('/api/moderation', async (request, reply) => {
    let purge: Tracker | undefined;
    await write(request, reply, 'moderate', async () => {
      const body = ModerationBatchSchema.safeParse(request.body);
      if (!body.success) return invalid('The moderation batch', body.error);
      purge = options.purger.moderation(body.data);
      return async (trx, touched) => {
        await purge!.before(trx);
        const changed = new Set<string>();
        const result = await feeds.moderate(trx, body.data, new Date(options.now()).toISOString(), changed);
        for (const id of changed) touched.add(articleTag(id));
        await purge!.after(trx);
        return json(200, result);
      };
    });
    purge?.sent(reply, request.log);
    return reply;
  });
}
