import { createHash } from 'node:crypto';
import { type ListingPage as SharedListingPage, PAGE_SIZE } from '../../shared/render/listing-page';
import { listingPath } from '../../shared/site';
import { slugOf } from './article-file';
import type { PublishedSummary } from './source';

// The page renderer moved to shared/render/listing-page.ts so the site server renders the same pages.
export { PAGE_SIZE, renderListingPage, type ListingContext } from '../../shared/render/listing-page';

/** One page of a listing: the home page, a section or a tag. */
export type ListingPage = SharedListingPage<PublishedSummary>;

interface Listing {
  key: string;
  heading: string;
  prefix: string;
  items: PublishedSummary[];
}

/**
 * Every listing page of the site. Sections and tags are grouped by their URL slug, so "World"
 * and "world" share a page; the heading is the first spelling met (the newest article's).
 */
export function listingPages(summaries: readonly PublishedSummary[], siteTitle: string): ListingPage[] {
  const listings: Listing[] = [{ key: 'home', heading: siteTitle, prefix: '/', items: [...summaries] }];
  const groups = new Map<string, Listing>();
  const add = (kind: 'section' | 'tag', name: string, item: PublishedSummary) => {
    const slug = slugOf(name);
    const key = `${kind}:${slug}`;
    let listing = groups.get(key);
    if (!listing) groups.set(key, (listing = { key, heading: name.trim() || 'News', prefix: `/${kind}/${slug}/`, items: [] }));
    if (listing.items.at(-1) !== item) listing.items.push(item);
  };
  for (const item of summaries) {
    add('section', item.section, item);
    for (const tag of item.tags) add('tag', tag, item);
  }
  listings.push(...[...groups.values()].sort((a, b) => a.key.localeCompare(b.key)));
  return listings.flatMap((listing) => {
    const pages = Math.max(1, Math.ceil(listing.items.length / PAGE_SIZE));
    return Array.from({ length: pages }, (_, i) => ({
      key: listing.key,
      heading: listing.heading,
      prefix: listing.prefix,
      page: i + 1,
      pages,
      items: listing.items.slice(i * PAGE_SIZE, (i + 1) * PAGE_SIZE),
      path: listingPath(listing.prefix, i + 1),
    }));
  });
}

/**
 * A fingerprint of everything a listing page shows: when it is unchanged the page is too, so a
 * one-article publish skips rendering it. `siteKey` covers settings, layout and stylesheet.
 */
export function listingInputKey(page: ListingPage, siteKey: string, pathOf: (item: PublishedSummary) => string): string {
  const hash = createHash('sha256').update(`${siteKey}\n${page.key}\n${page.heading}\n${page.page}/${page.pages}\n`);
  for (const item of page.items) {
    hash.update(`${item.id}\t${item.revision}\t${item.updatedAt}\t${pathOf(item)}\n`);
  }
  return hash.digest('hex');
}
