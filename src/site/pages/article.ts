import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import articleCss from '../../../resources/site/article.css?raw';
import listingCss from '../../../resources/site/listing.css?raw';
import { renderArticlePage, siteArticleUrls } from '../../shared/render/article-page';
import { articleParts } from '../../shared/render/article-parts';
import { renderComments } from '../../shared/render/comments';
import { html, trustedHtml } from '../../shared/render/html';
import { sitePageCsp } from '../../shared/render/page-csp';
import { SlugSchema } from '../../shared/article';
import type { SiteDb } from '../db/open';
import { keys } from '../purge/plan';
import { tagResponse } from '../purge/purger';
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
export const PAGE_CACHE = 'public, max-age=60, s-maxage=300, stale-while-revalidate=60';
const LIVE_CACHE = 'public, max-age=10, s-maxage=10';
const ASSET_CACHE = 'public, max-age=3600, s-maxage=86400';

// A plain string, not inside a tagged template: the bundler rewrites `</script>` in template
// text, which would make the CLI bundle import a runtime helper package.
const LIVE_SCRIPT_TAG = trustedHtml('<script src="/assets/live.js" defer></script>\n');

const etagOf = (body: string): string => `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
const IdFile = z.string().regex(/^([A-Za-z0-9_-]{1,64})\.json$/);

/** Sends `body` with validators; answers 304 when the client already holds these bytes. */
export function cacheable(request: FastifyRequest, reply: FastifyReply, body: string, type: string, cache: string, lastModified: string | null, https: boolean) {
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
  const css = `${articleCss}\n${listingCss}`;
  const https = () => options.publicUrl().startsWith('https:');
  // Sign-in brings the reader back to the article they were reading.
  const loginUrl = (slug: string) => new URL(`login?return=${encodeURIComponent(`/${slug}/`)}`, options.publicUrl()).href;
  const commentsHtml = (live: LiveParts, slug: string) => renderComments(live.comments, { language: 'en', loginUrl: loginUrl(slug) }).value;

  app.get('/assets/site.css', (request, reply) => cacheable(request, reply, css, 'text/css; charset=utf-8', ASSET_CACHE, null, https()));
  // Static pages on any host load the live script and JSON from here: readable cross-origin,
  // for GET only and without credentials (a wildcard origin never carries cookies).
  app.get('/assets/live.js', (request, reply) => cacheable(request, reply.header('access-control-allow-origin', '*'), liveScript, 'text/javascript; charset=utf-8', ASSET_CACHE, null, https()));

  app.get('/live/:file', async (request, reply) => {
    const file = IdFile.safeParse((request.params as { file: string }).file);
    const id = file.success ? file.data.replace(/\.json$/, '') : null;
    const storedAt = id ? await readers.exists(id) : null;
    if (!id || !storedAt) return reply.callNotFound();
    const live = await readers.live(id, storedAt);
    const slug = await options.site.db.selectFrom('articles').select('slug').where('id', '=', id).executeTakeFirst();
    const body = JSON.stringify({ votes: live.votes, comments: live.comments, commentsHtml: commentsHtml(live, slug?.slug ?? '') });
    return cacheable(request, tagResponse(reply.header('access-control-allow-origin', '*'), [keys.live(id)]), body, 'application/json; charset=utf-8', LIVE_CACHE, live.changedAt, https());
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
      site: { title: options.title, baseUrl: base.href, language: 'en', description: '', loginUrl: loginUrl(article.slug) },
      urls: siteArticleUrls(base.href, article),
      headExtra: html`<meta name="copydesk-live" content="${`/live/${id}.json`}">\n${LIVE_SCRIPT_TAG}`,
      // The page's own <meta> policy must allow the live script and its fetch too: a browser
      // enforces it beside the header's, and the static site's default allows no script at all.
      contentSecurityPolicy: sitePageCsp({ cssHref: at('assets/site.css'), liveUrl: base.href }),
    });
    return cacheable(request, tagResponse(reply, [keys.article(id)]), page, 'text/html; charset=utf-8', PAGE_CACHE, live.changedAt, https());
  });
}
