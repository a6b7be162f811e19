import { randomUUID } from 'node:crypto';
import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import { databaseReachable, type SiteDb } from '../db/open';
import { DEFAULT_RATE_LIMIT, type RateLimit } from '../store/requests';
import { registerPages } from '../pages/article';
import { registerFeedPages } from '../pages/feeds';
import { registerListingPages } from '../pages/listings';
import { Purger } from '../purge/purger';
import { registerAccount } from '../pages/account';
import { registerSignIn } from '../pages/sign-in';
import { registerSso } from '../pages/sso';
import { readerContext, type ReaderOptions } from '../readers/context';
import { parseForm } from '../readers/form';
import { registerApi } from './api';
import { SiteCache } from './cache';
import { DEFAULT_READER_LIMITS, registerVoteRoutes, type ReaderLimits } from '../readers/votes-routes';
import { commentWidgetMePart } from '../readers/comment-forms';
import { commentMePart, DEFAULT_COMMENT_LIMITS, registerCommentRoutes, type CommentLimits } from '../readers/comments-routes';
import { screenComment } from '../readers/screen';
import { DEFAULT_COMMENT_MODERATION, type Screen } from '../store/comments';
import { apiError, send } from './responses';

/** Request bodies past this get 413; fastify stops reading as soon as the limit is crossed. */
export const BODY_LIMIT = 2 * 1024 * 1024;

export interface SiteAppOptions {
  site: SiteDb;
  /** pino options, or false for none (tests). Default: JSON lines on stdout at info level. */
  logger?: FastifyServerOptions['logger'];
  rateLimit?: RateLimit;
  /** The clock, in ms since the epoch (tests move it). */
  now?: () => number;
  /** The address readers use (canonical links); known once the server listens. */
  publicUrl?: () => string;
  /** The site's name in page titles and headers. */
  title?: string;
  /** The operator's purge webhook (`--purge-url`): receives the changed URLs after each write. */
  purgeUrl?: string | null;
  /** How long a purge webhook call may take (default 5 s). */
  purgeTimeoutMs?: number;
  /** Mail, SSO, wording and limits of reader accounts (defaults: links in the log, no SSO). */
  readers?: ReaderOptions;
  /** Behind one proxy (nginx): take the client's address from the last X-Forwarded-For entry. */
  trustProxy?: boolean;
  /** The rendered-page cache; one is made when not given. Writers call its invalidate(articleId). */
  cache?: SiteCache;
  /** Rate limits for what readers do (votes). */
  readerLimits?: ReaderLimits;
  /** Rate limits for readers' comments and reports. */
  commentLimits?: CommentLimits;
  /** The screening of submitted comments (default: readers/screen.ts); tests pass verdicts here. */
  screenComment?: Screen;
  /** Called after a reader's vote or comment changed an article's page (cache invalidation). */
  afterArticleChanged?: (articleId: string) => void | Promise<void>;
}

/** Reader forms are small; a bigger urlencoded body is refused before it is read whole. */
export const FORM_BODY_LIMIT = 16 * 1024;

/** Where in the text a JSON.parse error points, as "line L, column C". */
function position(text: string, error: unknown): string {
  const at = /position (\d+)/.exec(error instanceof Error ? error.message : '')?.[1];
  if (at === undefined) return 'near the end';
  const before = text.slice(0, Number(at));
  const line = before.split('\n').length;
  return `at line ${line}, column ${Number(at) - before.lastIndexOf('\n')}`;
}

/**
 * One line per write (PUT, DELETE, POST: what an operator audits) and per failure at info; reads
 * (pages, live JSON, feeds) only at debug, since at thousands per second they would cost more
 * than serving them. `--log-level debug` logs every request.
 */
const VERBOSE = new Set(['debug', 'trace']);

function requestLog(request: FastifyRequest, reply: FastifyReply): void {
  const read = request.method === 'GET' || request.method === 'HEAD';
  const level = !read || reply.statusCode >= 500 ? 'info' : 'debug';
  // Skips building the line when the level is off (pino's disabled methods are no-ops anyway).
  if (level === 'debug' && !VERBOSE.has(request.log.level)) return;
  request.log[level]({ method: request.method, url: redactUrl(request.url), statusCode: reply.statusCode, responseTime: Math.round(reply.elapsedTime * 10) / 10 }, 'request completed');
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/**
 * Sign-in link tokens and SSO tokens travel in query strings (`?token=…`); the request log keeps
 * the URL with their values replaced, so reading the log does not let anyone sign in.
 */
export const redactUrl = (url: string): string => url.replace(/([?&]token=)[^&#]*/gi, '$1[redacted]');

function withRedactedUrls(logger: FastifyServerOptions['logger']): FastifyServerOptions['logger'] {
  if (logger === false || logger === undefined || logger === true) return logger === true ? withRedactedUrls({ level: 'info' }) : logger;
  type Req = { method: string; url: string; host: string; ip: string; socket?: { remotePort?: number } };
  const req = (request: Req) => ({ method: request.method, url: redactUrl(request.url), host: request.host, remoteAddress: request.ip, remotePort: request.socket?.remotePort });
  return { ...logger, serializers: { ...(logger as { serializers?: object }).serializers, req } } as FastifyServerOptions['logger'];
}

export function buildSiteApp(options: SiteAppOptions): FastifyInstance {
  const app = Fastify({
    logger: withRedactedUrls(options.logger ?? { level: 'info', redact: ['req.headers.authorization'] }),
    // Two log lines per request cost more than serving a cached page; requestLog below logs
    // writes and failures at info and reads only at debug. Errors always carry the request id.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: BODY_LIMIT,
    // A proxy's X-Request-Id is kept, so one id follows a request through the logs of both.
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    // While closing: new requests get 503, idle keep-alive sockets close, in-flight ones finish.
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    // Off unless asked: otherwise any client could name its own IP and dodge per-IP limits.
    // When on, only the peer on the socket (the proxy) is trusted, so the client address is the
    // one the proxy appended to X-Forwarded-For, not whatever a client wrote before it.
    trustProxy: options.trustProxy ? (_address: string, hop: number) => hop === 0 : false,
  });
  const now = options.now ?? Date.now;

  // Set as the request arrives (a callback hook: no promise per request on the hot path).
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    reply.header('x-content-type-options', 'nosniff');
    done();
  });
  app.addHook('onResponse', (request, reply, done) => {
    requestLog(request, reply);
    done();
  });

  // Our own JSON parser, so a malformed body gets the contract's Error with where it broke.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = String(body);
    try {
      done(null, JSON.parse(text));
    } catch (error) {
      const failure = Object.assign(new Error(`The request body is not valid JSON (${position(text, error)}).`), { statusCode: 400, code: 'SITE_BAD_JSON', path: '$' });
      done(failure, undefined);
    }
  });

  // The no-JavaScript reader forms (sign-in, account, votes): one strict parser for all of them
  // (readers/form.ts: invalid UTF-8 makes the whole form unreadable, repeated fields keep their
  // first value); the routes' zod schemas decide what is acceptable.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'buffer', bodyLimit: FORM_BODY_LIMIT }, (_request, body, done) => done(null, parseForm(body as Buffer)));

  app.setErrorHandler((error: Error & { statusCode?: number; code?: string; path?: string }, request, reply) => {
    if (error.code === 'SITE_BAD_JSON') return send(reply, apiError(400, 'invalid_json', error.message, { path: error.path }));
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      // The rest of the body is not read; closing the connection stops the client sending it.
      reply.header('connection', 'close');
      const form = (request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
      return send(reply, apiError(413, 'too_large', form ? `The form is larger than ${FORM_BODY_LIMIT / 1024} KB.` : `The request body is larger than ${BODY_LIMIT / 1024 / 1024} MB.`));
    }
    if (error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return send(reply, apiError(400, 'invalid_json', 'The request body is empty; a JSON document was expected.', { path: '$' }));
    if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return send(reply, apiError(415, 'unsupported_media_type', 'Send the request body as application/json.'));
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
      return send(reply, apiError(error.statusCode, 'bad_request', 'The request could not be read.'));
    }
    request.log.error({ err: error }, 'request failed');
    return send(reply, apiError(503, 'unavailable', 'The site could not complete this request just now; try again shortly.'));
  });

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0]!;
    if (path === '/api' || path.startsWith('/api/')) {
      return send(reply, apiError(404, 'not_found', `There is no ${request.method} ${path} in the site API.`));
    }
    const body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Page not found</title></head><body><h1>Page not found</h1><p>There is no page at ${escapeHtml(path)}.</p></body></html>`;
    return reply.code(404).header('content-type', 'text/html; charset=utf-8').header('content-security-policy', "default-src 'none'").send(body);
  });

  app.get('/healthz', async (_request, reply) => send(reply, { status: 200, headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }, body: '{"status":"ok"}' }));
  app.get('/readyz', async (_request, reply) => {
    const ok = await databaseReachable(options.site);
    return send(reply, { status: ok ? 200 : 503, headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }, body: JSON.stringify({ status: ok ? 'ready' : 'database unreachable' }) });
  });

  const publicUrl = options.publicUrl ?? (() => 'http://127.0.0.1/');
  const cache = options.cache ?? new SiteCache();
  const purger = new Purger({ db: options.site.db, publicUrl, webhook: options.purgeUrl ?? null, timeoutMs: options.purgeTimeoutMs });
  // Purge calls still running finish (each within its timeout) before the database closes.
  app.addHook('onClose', () => purger.drain());
  registerApi(app, { site: options.site, rateLimit: options.rateLimit ?? DEFAULT_RATE_LIMIT, now, purger, cache });
  const pages = { site: options.site, publicUrl, title: options.title ?? 'Copydesk Site', cache };
  // A reader's vote or comment shows on this process's next request; other processes within the cache's bound.
  const readerChanged = (articleId: string) => {
    cache.invalidate(articleId);
    return options.afterArticleChanged?.(articleId);
  };
  const readers = readerContext({ site: options.site, title: pages.title, publicUrl, now }, options.readers);
  const { respondPage } = registerVoteRoutes(app, {
    site: options.site,
    publicUrl,
    now,
    limits: options.readerLimits ?? DEFAULT_READER_LIMITS,
    afterArticleChanged: readerChanged,
    meExtra: commentWidgetMePart(commentMePart(options.site, readers.strings), readers.strings),
    strings: readers.strings,
    formSecret: readers.formSecret,
  });
  registerCommentRoutes(app, {
    site: options.site,
    publicUrl,
    now,
    limits: options.commentLimits ?? DEFAULT_COMMENT_LIMITS,
    moderation: options.readers?.commentModeration ?? DEFAULT_COMMENT_MODERATION,
    screen: options.screenComment ?? screenComment,
    afterArticleChanged: readerChanged,
    respondPage,
    strings: readers.strings,
    formSecret: readers.formSecret,
  });
  registerPages(app, pages);
  registerListingPages(app, pages);
  registerFeedPages(app, pages);
  registerSignIn(app, readers);
  registerSso(app, readers);
  registerAccount(app, readers);
  return app;
}
