import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { databaseReachable, type SiteDb } from '../db/open';
import { DEFAULT_RATE_LIMIT, type RateLimit } from '../store/requests';
import { registerPages } from '../pages/article';
import { registerApi } from './api';
import { DEFAULT_READER_LIMITS, registerVoteRoutes, type ReaderLimits } from '../readers/votes-routes';
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
  /** Rate limits for what readers do (votes). */
  readerLimits?: ReaderLimits;
  /** Called after a reader's vote or comment changed an article's page (cache invalidation). */
  afterArticleChanged?: (articleId: string) => void | Promise<void>;
}

/** Reader forms are small; a bigger urlencoded body is refused before it is read whole. */
export const FORM_BODY_LIMIT = 64 * 1024;

/** Where in the text a JSON.parse error points, as "line L, column C". */
function position(text: string, error: unknown): string {
  const at = /position (\d+)/.exec(error instanceof Error ? error.message : '')?.[1];
  if (at === undefined) return 'near the end';
  const before = text.slice(0, Number(at));
  const line = before.split('\n').length;
  return `at line ${line}, column ${Number(at) - before.lastIndexOf('\n')}`;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

export function buildSiteApp(options: SiteAppOptions): FastifyInstance {
  const app = Fastify({
    logger: options.logger ?? { level: 'info', redact: ['req.headers.authorization'] },
    bodyLimit: BODY_LIMIT,
    // A proxy's X-Request-Id is kept, so one id follows a request through the logs of both.
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    // While closing: new requests get 503, idle keep-alive sockets close, in-flight ones finish.
    return503OnClosing: true,
    forceCloseConnections: 'idle',
  });
  const now = options.now ?? Date.now;

  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
    reply.header('x-content-type-options', 'nosniff');
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

  // The no-JavaScript reader forms. Repeated fields keep their first value; the routes' zod
  // schemas decide what is acceptable.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT }, (_request, body, done) => {
    done(null, Object.fromEntries([...new URLSearchParams(String(body))].reverse()));
  });

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

  registerApi(app, { site: options.site, rateLimit: options.rateLimit ?? DEFAULT_RATE_LIMIT, now });
  registerVoteRoutes(app, {
    site: options.site,
    publicUrl: options.publicUrl ?? (() => 'http://127.0.0.1/'),
    now,
    limits: options.readerLimits ?? DEFAULT_READER_LIMITS,
    afterArticleChanged: options.afterArticleChanged ?? (() => undefined),
  });
  registerPages(app, { site: options.site, publicUrl: options.publicUrl ?? (() => 'http://127.0.0.1/'), title: options.title ?? 'Copydesk Site' });
  return app;
}
