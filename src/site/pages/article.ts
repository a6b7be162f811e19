import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import articleCss from '../../../resources/site/article.css?raw';
import listingCss from '../../../resources/site/listing.css?raw';
import readerCss from '../../../resources/site/reader.css?raw';
import { renderArticlePage, siteArticleUrls } from '../../shared/render/article-page';
import { articleParts } from '../../shared/render/article-parts';
import { renderComments } from '../../shared/render/comments';
import { html, trustedHtml } from '../../shared/render/html';
import { SlugSchema } from '../../shared/article';
import type { SiteDb } from '../db/open';
import { ReaderStore, type LiveParts } from '../store/readers';
import liveScript from './live.js?raw';

/**
 * Reader pages. An article page is rendered by the same DOM-free renderer as the static site
 * and the preview (shared/render), so it has the same markup and CSS. Pages are cacheable: the
 * HTML carries the tallies and comments as of its render, and /live/<id>.json (small, cached for
 * seconds) lets /assets/live.js fill in the current ones. No inline script: the CSP allows
 * scripts from this origin only.
 */

export interface PageOptions {
  site: SiteDb;
  /** The address readers use; canonical links are built from it. */
  publicUrl: () => string;
  title: string;
}

const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' https: data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
/**
 * The same policy for the page's own <meta> (which the shared renderer always writes, and which
 * would otherwise be the static site's script-free one and block /assets/live.js); a <meta>
 * cannot say frame-ancestors, the header does.
 */
const META_CSP = CSP.replace("; frame-ancestors 'none'", '');
const PAGE_CACHE = 'public, max-age=60, s-maxage=300, stale-while-revalidate=60';
const LIVE_CACHE = 'public, max-age=10, s-maxage=10';
const ASSET_CACHE = 'public, max-age=3600, s-maxage=86400';

// A plain string, not inside a tagged template: the bundler rewrites `</script>` in template
// text, which would make the CLI bundle import a runtime helper package.
const LIVE_SCRIPT_TAG = trustedHtml('<script src="/assets/live.js" defer></script>\n');

const etagOf = (body: string): string => `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
const IdFile = z.string().regex(/^([A-Za-z0-9_-]{1,64})\.json$/);

/** Sends `body` with validators; answers 304 when the client already holds these bytes. */
function cacheable(request: FastifyRequest, reply: FastifyReply, body: string, type: string, cache: string, lastModified: string | null, https: boolean) {
  const etag = etagOf(body);
  reply.header('etag', etag).header('cache-control', cache).header('x-content-type-options', 'nosniff').header('content-security-policy', CSP);
  if (lastModified) reply.header('last-modified', new Date(lastModified).toUTCString());
  if (https) reply.header('strict-transport-security', 'max-age=31536000');
  const match = request.headers['if-none-match'];
  if (match !== undefined && match.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)) return reply.code(304).send();
  return reply.code(200).header('content-type', type).send(body);
}

export function registerPages(app: FastifyInstance, options: PageOptions): void {
  const readers = new ReaderStore(options.site.db);
  const css = `${articleCss}\n${listingCss}\n${readerCss}`;
  const https = () => options.publicUrl().startsWith('https:');
  const commentsHtml = (live: LiveParts) => renderComments(live.comments, { language: 'en', loginUrl: new URL('login', options.publicUrl()).href }).value;

  app.get('/assets/site.css', (request, reply) => cacheable(request, reply, css, 'text/css; charset=utf-8', ASSET_CACHE, null, https()));
  app.get('/assets/live.js', (request, reply) => cacheable(request, reply, liveScript, 'text/javascript; charset=utf-8', ASSET_CACHE, null, https()));

  app.get('/live/:file', async (request, reply) => {
    const file = IdFile.safeParse((request.params as { file: string }).file);
    const id = file.success ? file.data.replace(/\.json$/, '') : null;
    const storedAt = id ? await readers.exists(id) : null;
    if (!id || !storedAt) return reply.callNotFound();
    const live = await readers.live(id, storedAt);
    const body = JSON.stringify({ votes: live.votes, comments: live.comments, commentsHtml: commentsHtml(live) });
    return cacheable(request, reply, body, 'application/json; charset=utf-8', LIVE_CACHE, live.changedAt, https());
  });

  app.get('/:slug/', async (request, reply) => {
    const slug = SlugSchema.safeParse((request.params as { slug: string }).slug);
    const found = slug.success ? await readers.bySlug(slug.data) : null;
    if (!found) return reply.callNotFound();
    const { id, article } = found;
    const live = await readers.live(id, found.storedAt);
    const base = new URL(options.publicUrl());
    const at = (path: string) => new URL(path, base).href;
    const page = renderArticlePage({
      article,
      parts: articleParts(article, { assetUrl: (src) => at(src) }),
      comments: live.comments,
      votes: live.votes,
      // "Log in to vote" leads to the private plain-form page: it offers sign-in to a signed-out
      // reader and the vote forms to a signed-in one without JavaScript (live.js draws the
      // widget in place when scripts run).
      site: { title: options.title, baseUrl: base.href, language: 'en', description: '', loginUrl: at(`respond/${id}`) },
      urls: siteArticleUrls(base.href, article),
      contentSecurityPolicy: META_CSP,
      headExtra: html`<meta name="copydesk-live" content="${`/live/${id}.json`}">\n${LIVE_SCRIPT_TAG}`,
    });
    return cacheable(request, reply, page, 'text/html; charset=utf-8', PAGE_CACHE, live.changedAt, https());
  });
}
