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
import { keys } from '../purge/plan';
import { purgeKeyHeaders } from '../purge/purger';
import type { PublishedComment } from '../../shared/engagement';
import { ReaderStore } from '../store/readers';
import { articleTag, slugTag, type Built, type CachedResponse, type SiteCache } from '../server/cache';
import { LiveMemo, type Entry as LiveEntry } from './live-memo';
import { prepareResponse, sendCached } from '../server/prepared';
import liveScript from './live.js?raw';

/**
 * Reader pages. An article page is rendered by the same DOM-free renderer as the static site
 * and the preview (shared/render), so it has the same markup and CSS. Pages are cacheable: the
 * HTML carries the tallies and comments as of its render, and /live/<id>.json (current on every
 * request, cached by browsers and CDNs for seconds) lets /assets/live.js fill in the current ones. No inline script: the CSP allows
 * scripts from this origin only.
 */

export interface PageOptions {
  site: SiteDb;
  /** The address readers use; canonical links are built from it. */
  publicUrl: () => string;
  title: string;
  /** Rendered pages, dropped by the API's writes (see server/cache.ts for the bound); live JSON has its own memo (live-memo.ts). */
  cache: SiteCache;
}

const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' https: data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
/**
 * The same policy for the page's own <meta> (which the shared renderer always writes, and which
 * would otherwise be the static site's script-free one and block /assets/live.js); a <meta>
 * cannot say frame-ancestors, the header does.
 */
const META_CSP = CSP.replace("; frame-ancestors 'none'", '');
export const PAGE_CACHE = 'public, max-age=60, s-maxage=300, stale-while-revalidate=60';
const LIVE_CACHE = 'public, max-age=10, s-maxage=10';
const ASSET_CACHE = 'public, max-age=3600, s-maxage=86400';

// A plain string, not inside a tagged template: the bundler rewrites `</script>` in template
// text, which would make the CLI bundle import a runtime helper package.
const LIVE_SCRIPT_TAG = trustedHtml('<script src="/assets/live.js" defer></script>\n');

/** A live JSON request for an article unpublished after its state was read. */
class Unpublished extends Error {}

const IdFile = z.string().regex(/^([A-Za-z0-9_-]{1,64})\.json$/);

/** The bytes with their validators and headers, computed once per render (not per request). */
function prepared(body: string, type: string, cache: string, lastModified: string | null, https: boolean, extra: Record<string, string> = {}): CachedResponse {
  const headers: Record<string, string> = { 'content-type': type, 'cache-control': cache, 'x-content-type-options': 'nosniff', 'content-security-policy': CSP, ...extra };
  if (lastModified) headers['last-modified'] = new Date(lastModified).toUTCString();
  if (https) headers['strict-transport-security'] = 'max-age=31536000';
  return prepareResponse(body, headers);
}

/** Sends `body` with validators (304 when the client already holds these bytes); for pages not kept in the cache. */
export function cacheable(request: FastifyRequest, reply: FastifyReply, body: string, type: string, cache: string, lastModified: string | null, https: boolean) {
  return sendCached(request, reply, prepared(body, type, cache, lastModified, https));
}

export function registerPages(app: FastifyInstance, options: PageOptions): void {
  const readers = new ReaderStore(options.site.db);
  const { cache } = options;
  const https = () => options.publicUrl().startsWith('https:');
  // Sign-in brings the reader back to the article they were reading.
  const loginUrl = (slug: string) => new URL(`login?return=${encodeURIComponent(`/${slug}/`)}`, options.publicUrl()).href;
  const commentsHtml = (comments: PublishedComment[], slug: string) => renderComments(comments, { language: 'en', loginUrl: loginUrl(slug) }).value;
  const live = new LiveMemo();
  // Static pages on any host load the live script and JSON from here: readable cross-origin,
  // for GET only and without credentials (a wildcard origin never carries cookies).
  const CORS = { 'access-control-allow-origin': '*' };
  // Assets never change while the process runs: prepared once, on first use (the URL is known then).
  let assets: { css: CachedResponse; script: CachedResponse } | null = null;
  const asset = () =>
    (assets ??= {
      css: prepared(`${articleCss}\n${listingCss}\n${readerCss}`, 'text/css; charset=utf-8', ASSET_CACHE, null, https()),
      script: prepared(liveScript, 'text/javascript; charset=utf-8', ASSET_CACHE, null, https(), CORS),
    });

  app.get('/assets/site.css', (request, reply) => sendCached(request, reply, asset().css));
  app.get('/assets/live.js', (request, reply) => sendCached(request, reply, asset().script));

  /**
   * Live parts of one article (tallies, approved comments, and those comments as HTML for no-JS
   * parity), built once per change of the article's live state (see live-memo.ts).
   */
  async function buildLive(id: string): Promise<LiveEntry | null> {
    const snapshot = await readers.liveSnapshot(id);
    if (!snapshot) return null;
    const { state, comments } = snapshot;
    const body = JSON.stringify({ votes: state.votes, comments, commentsHtml: commentsHtml(comments, state.slug) });
    const headers = { ...CORS, ...purgeKeyHeaders([keys.live(id)]) };
    return { marker: state.marker, response: prepared(body, 'application/json; charset=utf-8', LIVE_CACHE, state.changedAt, https(), headers) };
  }

  /** An article page by slug, as of now; tagged with the article it resolved to. */
  async function buildPage(slug: string): Promise<Built | null> {
    const found = await readers.bySlug(slug);
    if (!found) return null;
    const { id, article } = found;
    const snapshot = await readers.liveSnapshot(id);
    if (!snapshot) return null;
    const base = new URL(options.publicUrl());
    const at = (path: string) => new URL(path, base).href;
    const page = renderArticlePage({
      article,
      parts: articleParts(article, { assetUrl: (src) => at(src) }),
      comments: snapshot.comments,
      votes: snapshot.state.votes,
      // "Log in to vote" leads to the private plain-form page: it offers sign-in to a signed-out
      // reader and the vote forms to a signed-in one without JavaScript (live.js draws the
      // widget in place when scripts run).
      site: { title: options.title, baseUrl: base.href, language: 'en', description: '', loginUrl: at(`respond/${id}`) },
      urls: siteArticleUrls(base.href, article),
      contentSecurityPolicy: META_CSP,
      headExtra: html`<meta name="copydesk-live" content="${`/live/${id}.json`}">\n${LIVE_SCRIPT_TAG}`,
    });
    // Tagged by slug too: publishing another article under this slug must drop it at once.
    return { response: prepared(page, 'text/html; charset=utf-8', PAGE_CACHE, snapshot.state.changedAt, https(), purgeKeyHeaders([keys.article(id)])), tags: [articleTag(id), slugTag(slug)] };
  }

  app.get('/live/:file', async (request, reply) => {
    const parsed = IdFile.safeParse((request.params as { file: string }).file);
    if (!parsed.success) return reply.callNotFound();
    const id = parsed.data.replace(/\.json$/, '');
    // One indexed statement per request: the database, not a timer, says whether the bytes
    // in memory still show the article as it is (in this process and every other).
    const state = await readers.liveState(id);
    if (!state) {
      live.delete(id);
      return reply.callNotFound();
    }
    let response: CachedResponse;
    try {
      response = await live.get(id, state.marker, async () => {
        const built = await buildLive(id);
        if (!built) throw new Unpublished();
        return built;
      });
    } catch (error) {
      // Unpublished between the two reads: the 404 the next request would give.
      if (error instanceof Unpublished) return reply.callNotFound();
      throw error;
    }
    return sendCached(request, reply, response);
  });

  app.get('/:slug/', async (request, reply) => {
    const raw = (request.params as { slug: string }).slug;
    const key = `page:${raw}`;
    const hit = cache.peek(key);
    if (hit) return sendCached(request, reply, hit);
    const slug = SlugSchema.safeParse(raw);
    if (!slug.success) return reply.callNotFound();
    const response = await cache.get(key, () => buildPage(slug.data));
    return response ? sendCached(request, reply, response) : reply.callNotFound();
  });
}
