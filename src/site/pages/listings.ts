import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { SlugSchema } from '../../shared/article';
import { renderListingPage, type ListingItem, type ListingPage, PAGE_SIZE } from '../../shared/render/listing-page';
import { formatDate } from '../../shared/render/page-parts';
import { listingPath } from '../../shared/site';
import { articlePath, keys, listingPrefix } from '../purge/plan';
import { tagResponse } from '../purge/purger';
import { ListingStore, type ListingRef } from '../store/listings';
import { cacheable, PAGE_CACHE, type PageOptions } from './article';
import { newest, siteIdentity } from './site-identity';

/**
 * The home page, section pages and tag pages, at the static site's URLs (`/`, `/page/2/`,
 * `/section/<slug>/`, `/tag/<slug>/page/3/`) and rendered by its renderer from the listing index.
 * A page past the last, or a section or tag with nothing in it, is the reader's 404.
 */

const PageNumber = z.string().regex(/^[1-9]\d{0,5}$/).transform(Number);
const Params = z.object({ slug: SlugSchema.optional(), page: PageNumber.optional() });

export function registerListingPages(app: FastifyInstance, options: PageOptions): void {
  const listings = new ListingStore(options.site.db);
  const https = () => options.publicUrl().startsWith('https:');

  async function serve(request: FastifyRequest, reply: FastifyReply, kind: ListingRef['kind']) {
    const params = Params.safeParse(request.params);
    // "/page/1/" is not a page of its own: page 1 lives at the listing's own address.
    if (!params.success || params.data.page === 1 || (kind !== 'home' && !params.data.slug)) return reply.callNotFound();
    const ref: ListingRef = { kind, slug: kind === 'home' ? '' : params.data.slug! };
    const number = params.data.page ?? 1;
    const slice = await listings.page(ref, number);
    const pages = Math.max(1, Math.ceil(slice.total / PAGE_SIZE));
    if (number > pages || (kind !== 'home' && slice.total === 0)) return reply.callNotFound();
    const site = siteIdentity(options);
    const prefix = listingPrefix(ref);
    const page: ListingPage = {
      key: kind === 'home' ? 'home' : `${kind}:${ref.slug}`,
      heading: kind === 'home' ? site.title : slice.heading || 'News',
      prefix,
      page: number,
      pages,
      items: slice.items,
      path: listingPath(prefix, number),
    };
    const body = renderListingPage(page, {
      site,
      cssPath: '/assets/site.css',
      logoPath: null,
      pathOf: (item: ListingItem) => articlePath(item.slug),
      formatDate: (iso) => formatDate(iso, site.language),
    });
    tagResponse(reply, [keys.listing(ref, number)]);
    return cacheable(request, reply, body, 'text/html; charset=utf-8', PAGE_CACHE, newest(slice.items.map((i) => i.updatedAt)), https());
  }

  app.get('/', (request, reply) => serve(request, reply, 'home'));
  app.get('/page/:page/', (request, reply) => serve(request, reply, 'home'));
  for (const kind of ['section', 'tag'] as const) {
    app.get(`/${kind}/:slug/`, (request, reply) => serve(request, reply, kind));
    app.get(`/${kind}/:slug/page/:page/`, (request, reply) => serve(request, reply, kind));
  }
}
