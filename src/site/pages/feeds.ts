import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { FEED_PATHS, FEED_SIZE, renderFeeds } from '../../shared/render/feeds';
import { pagesPartEntries, renderRobots, renderSitemap, renderSitemapIndex, SITEMAP_INDEX, SITEMAP_PAGES, sitemapMonthPath } from '../../shared/render/sitemap';
import { articlePath, keys, listingPrefix } from '../purge/plan';
import { tagResponse } from '../purge/purger';
import { ListingStore } from '../store/listings';
import { cacheable, PAGE_CACHE, type PageOptions } from './article';
import { newest, siteIdentity } from './site-identity';

/**
 * RSS, Atom and JSON Feed of the newest articles, the sitemap (an index, a part for the listing
 * pages and one per month, as the static site splits it) and robots.txt announcing it, all
 * from the shared renderers the static publisher writes them with.
 */

const MONTH_PART = /^sitemap-(\d{4}-(?:0[1-9]|1[0-2]))\.xml$/;
const ROBOTS_CACHE = 'public, max-age=3600, s-maxage=86400';

const TYPES: Record<keyof typeof FEED_PATHS, string> = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
};
const XML = 'application/xml; charset=utf-8';

export function registerFeedPages(app: FastifyInstance, options: PageOptions): void {
  const listings = new ListingStore(options.site.db);
  const https = () => options.publicUrl().startsWith('https:');
  const send = (request: FastifyRequest, reply: FastifyReply, key: string, body: string, type: string, lastModified: string | null, cache = PAGE_CACHE) =>
    cacheable(request, tagResponse(reply, [key]), body, type, cache, lastModified, https());

  for (const kind of Object.keys(FEED_PATHS) as (keyof typeof FEED_PATHS)[]) {
    app.get(FEED_PATHS[kind], async (request, reply) => {
      const items = await listings.newest(FEED_SIZE);
      const feed = renderFeeds(items, siteIdentity(options), (item) => articlePath(item.slug))[kind];
      return send(request, reply, keys.feeds, feed, TYPES[kind], newest(items.map((i) => i.updatedAt)));
    });
  }

  app.get(SITEMAP_INDEX, async (request, reply) => {
    const [terms, months] = await Promise.all([listings.listingsUpdated(), listings.months()]);
    const parts = [
      { path: SITEMAP_PAGES, lastmod: newest(terms.map((t) => t.updatedAt)) ?? '' },
      ...months.map((m) => ({ path: sitemapMonthPath(m.month), lastmod: m.updatedAt })),
    ];
    return send(request, reply, keys.sitemapIndex, renderSitemapIndex(parts, siteIdentity(options)), XML, newest(parts.map((p) => p.lastmod).filter(Boolean)));
  });

  app.get(SITEMAP_PAGES, async (request, reply) => {
    const terms = await listings.listingsUpdated();
    const entries = pagesPartEntries(new Map(terms.map((t) => [listingPrefix(t), t.updatedAt])));
    return send(request, reply, keys.sitemapPages, renderSitemap(entries, siteIdentity(options)), XML, newest(terms.map((t) => t.updatedAt)));
  });

  // Month parts (/sitemap-2026-01.xml) share the root's one-segment routes with nothing else.
  app.get('/:slug', async (request, reply) => {
    const month = MONTH_PART.exec((request.params as { slug: string }).slug)?.[1];
    const items = month ? await listings.month(month) : [];
    if (!month || items.length === 0) return reply.callNotFound();
    const entries = items.map((item) => ({ path: articlePath(item.slug), lastmod: item.updatedAt }));
    return send(request, reply, keys.sitemapMonth(month), renderSitemap(entries, siteIdentity(options)), XML, newest(entries.map((e) => e.lastmod)));
  });

  app.get('/robots.txt', (request, reply) => send(request, reply, keys.robots, renderRobots(siteIdentity(options)), 'text/plain; charset=utf-8', null, ROBOTS_CACHE));
}
