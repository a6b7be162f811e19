import { FEED_PATHS, FEED_SIZE } from '../../shared/render/feeds';
import { PAGE_SIZE } from '../../shared/render/listing-page';
import { SITEMAP_INDEX, SITEMAP_PAGES, sitemapMonthPath } from '../../shared/render/sitemap';
import { listingPath } from '../../shared/site';
import type { ListingPlace, ListingRef } from '../store/listings';

/**
 * Which cached pages an event changed, as site paths (for a purge webhook) and surrogate keys
 * (for a CDN that purges by tag). Every page the site serves carries the keys named here (see
 * keys below), so purging a key and purging its URL remove the same cached copy.
 */

export interface PurgePlan {
  paths: Set<string>;
  keys: Set<string>;
}

/** Every response carries this key too: purging it empties the whole site from a CDN. */
export const SITE_KEY = 'copydesk-site';

export const keys = {
  article: (id: string) => `article:${id}`,
  live: (id: string) => `live:${id}`,
  listing: (ref: ListingRef, page: number) => (ref.kind === 'home' ? `listing:home:${page}` : `listing:${ref.kind}:${ref.slug}:${page}`),
  feeds: 'feeds',
  sitemapIndex: 'sitemap',
  sitemapPages: 'sitemap:pages',
  sitemapMonth: (month: string) => `sitemap:${month}`,
  robots: 'robots',
};

/** Site path of page 1 of a listing ("/", "/section/world/", "/tag/water/"). */
export const listingPrefix = (ref: ListingRef): string => (ref.kind === 'home' ? '/' : `/${ref.kind}/${ref.slug}/`);

export const articlePath = (slug: string): string => `/${slug}/`;
export const livePath = (id: string): string => `/live/${id}.json`;

/** An article as the listings see it, before or after a write (null: not on the site). */
export interface ArticleState {
  id: string;
  slug: string;
  /** "2026-01": the sitemap part it is listed in. */
  month: string;
  places: ListingPlace[];
}

export const emptyPlan = (): PurgePlan => ({ paths: new Set(), keys: new Set() });

const pagesFor = (total: number) => Math.max(1, Math.ceil(total / PAGE_SIZE));
const pageOf = (position: number) => Math.floor(position / PAGE_SIZE) + 1;

/**
 * The pages of one listing that a write changed, from where the article stood before and after
 * it. Every page shows "Page N of M" and the heading (the newest article's spelling), so a
 * change of either changes them all; otherwise only the pages whose items shifted: one page
 * when the article stays in place, the pages between its old and new place when it moves, and
 * every page from its place on when it arrives or leaves (the rest shift by one).
 */
export function listingPagesChanged(before: ListingPlace | undefined, after: ListingPlace | undefined): number[] {
  if (!before && !after) return [];
  const totalBefore = before ? before.total : after!.total - 1;
  const totalAfter = after ? after.total : before!.total - 1;
  const last = Math.max(pagesFor(totalBefore), pagesFor(totalAfter));
  const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
  if (pagesFor(totalBefore) !== pagesFor(totalAfter)) return range(1, last);
  if (before && after) {
    if (before.heading !== after.heading) return range(1, last);
    return range(pageOf(Math.min(before.position, after.position)), pageOf(Math.max(before.position, after.position)));
  }
  const position = (before ?? after)!.position;
  // The newest article arriving or leaving may change the heading every page shows.
  return position === 0 ? range(1, last) : range(pageOf(position), last);
}

/** What publishing, updating or unpublishing one article changed. */
export function articlePlan(before: ArticleState | null, after: ArticleState | null): PurgePlan {
  const plan = emptyPlan();
  const states = [before, after].filter((s): s is ArticleState => s !== null);
  if (states.length === 0) return plan;
  const add = (path: string, key: string) => {
    plan.paths.add(path);
    plan.keys.add(key);
  };
  for (const state of states) add(articlePath(state.slug), keys.article(state.id));

  const refKey = (ref: ListingRef) => `${ref.kind}:${ref.slug}`;
  const refs = new Map<string, ListingRef>();
  for (const state of states) for (const place of state.places) refs.set(refKey(place), { kind: place.kind, slug: place.slug });
  for (const ref of refs.values()) {
    const find = (state: ArticleState | null) => state?.places.find((p) => refKey(p) === refKey(ref));
    for (const page of listingPagesChanged(find(before), find(after))) add(listingPath(listingPrefix(ref), page), keys.listing(ref, page));
  }

  // The feeds list the newest FEED_SIZE articles: they change when the article is or was among them.
  const homePosition = (state: ArticleState | null) => state?.places.find((p) => p.kind === 'home')?.position ?? Infinity;
  if (homePosition(before) < FEED_SIZE || homePosition(after) < FEED_SIZE) {
    for (const path of Object.values(FEED_PATHS)) add(path, keys.feeds);
  }

  add(SITEMAP_INDEX, keys.sitemapIndex);
  add(SITEMAP_PAGES, keys.sitemapPages);
  for (const state of states) add(sitemapMonthPath(state.month), keys.sitemapMonth(state.month));
  return plan;
}

/** What a moderation batch changed: the page and live parts of each article whose readers' view moved. */
export function livePlan(articles: readonly { id: string; slug: string | null }[]): PurgePlan {
  const plan = emptyPlan();
  for (const { id, slug } of articles) {
    plan.paths.add(livePath(id));
    plan.keys.add(keys.live(id));
    if (slug !== null) {
      plan.paths.add(articlePath(slug));
      plan.keys.add(keys.article(id));
    }
  }
  return plan;
}
