import { listingPath, termSlug } from '../../shared/site';
import { articleImages, assetFiles, feedFiles, renderArticle, sitemapIndexFile, sitemapPart, staticFiles, type ArticleDetail, type PlannedFile, type SiteContext } from './build';
import { FEED_SIZE } from './feeds';
import { listingInputKey, PAGE_SIZE, renderListingPage, type ListingPage } from './listings';
import type { ListingFilter, ListingSource, TermFilter } from './listing-source';
import type { ManifestEntry, ManifestStore } from './manifest';
import { fileForPath } from './paths';
import { monthOf, monthRange, pagesPartEntries, SITEMAP_INDEX, SITEMAP_PAGES, sitemapMonthPath } from './sitemap';
import { engagementOf, type PublishArticle } from './source';

export interface TargetedPlan {
  files: PlannedFile[];
  /** Files this publish makes obsolete (the article's old URL, listing pages past the end, empty sitemap parts). */
  deletions: string[];
  /** Manifest entries of every file planned or deleted. */
  previous: Map<string, ManifestEntry>;
  /** Published articles (the home listing's count), when the plan counted them. */
  articles: number | null;
}

const prefixOf = (key: string) => (key === 'home' ? '/' : `/${key.replace(':', '/')}/`);
const parseJson = <T>(text: string): T | null => {
  try {
    return text ? (JSON.parse(text) as T) : null;
  } catch {
    return null;
  }
};

/**
 * The files one article's publish can change, found with indexed queries instead of reading
 * every summary: its page (and images), the pages of each listing it is or was on from the first
 * position its change moves, the feeds when the newest items changed, its month's sitemap part,
 * the sitemap pages part and index. Listing pages whose fingerprint matches the manifest are kept
 * without rendering. Returns null when the manifest predates what this needs (then the caller
 * runs a full build once).
 */
export function planTargeted(ctx: SiteContext, manifest: ManifestStore, listings: ListingSource, articleId: string, article: PublishArticle | null): TargetedPlan | null {
  const oldPages = manifest.bySource(`article:${articleId}`);
  const sitemapEntries = manifest.bySource('sitemap');
  if (!sitemapEntries.has(fileForPath(SITEMAP_INDEX))) return null;
  let old: ArticleDetail | null = null;
  for (const entry of oldPages.values()) {
    old = parseJson<ArticleDetail>(entry.detail);
    if (!old) return null;
  }
  const files: PlannedFile[] = [...staticFiles(ctx)];
  const deletions: string[] = [];
  const previous = new Map<string, ManifestEntry>([...oldPages, ...sitemapEntries]);

  let now: ArticleDetail | null = null;
  if (article) {
    const page = renderArticle(article, ctx, engagementOf(ctx.engagement, [article.id]).get(article.id));
    now = JSON.parse(page.detail!) as ArticleDetail;
    files.push(page);
    const images = new Set<string>();
    articleImages(article, images);
    files.push(...assetFiles(images));
  }
  for (const path of oldPages.keys()) if (!files.some((f) => f.file === path)) deletions.push(path);

  const filters = new Map<string, ListingFilter>();
  let articles: number | null = null;
  for (const key of new Set([...(old?.in ?? []), ...(now?.in ?? [])])) {
    const filter = listings.filter(key);
    filters.set(key, filter);
    const plan = listingPlan(ctx, listings, key, filter, articleId, old, now, manifest);
    if (key === 'home') articles = plan.count;
    files.push(...plan.files);
    deletions.push(...plan.deletions);
    for (const [path, entry] of plan.existing) previous.set(path, entry);
  }

  // The feeds' manifest entries hold their input key: without them here every publish would
  // re-render all three feeds only for the sink to find the same bytes.
  for (const [path, entry] of manifest.bySource('feed')) previous.set(path, entry);
  files.push(...feedFiles(ctx, listings.page({ kind: 'home' }, 0, FEED_SIZE), (file) => previous.get(file)));
  sitemapFiles(ctx, listings, filters, old, now, sitemapEntries, files, deletions);

  const unknown = files.map((f) => f.file).filter((file) => !previous.has(file));
  for (const [path, entry] of manifest.get(unknown)) previous.set(path, entry);
  return { files, deletions, previous, articles };
}

function listingPlan(
  ctx: SiteContext,
  listings: ListingSource,
  key: string,
  filter: ListingFilter,
  articleId: string,
  old: ArticleDetail | null,
  now: ArticleDetail | null,
  manifest: ManifestStore,
): { files: PlannedFile[]; deletions: string[]; existing: Map<string, ManifestEntry>; count: number } {
  const prefix = prefixOf(key);
  const wasIn = old?.in.includes(key) === true;
  const isIn = now?.in.includes(key) === true;
  // Where the article now sits, with the listing's size (one query for a tag listing).
  const placed = isIn ? listings.placement(filter, now!.at, articleId) : null;
  const count = placed ? placed.count : listings.count(filter);
  if (count === 0 && key !== 'home') {
    const existing = manifest.bySource(key);
    return { files: [], deletions: [...existing.keys()], existing, count };
  }
  const pages = Math.max(1, Math.ceil(count / PAGE_SIZE));
  const heading = filter.kind === 'home' ? ctx.site.title : headingOf(filter, listings.page(filter, 0, 1)[0]);
  const firstFile = fileForPath(listingPath(prefix, 1));
  // A listing of as many pages as before has exactly pages 1..N in the manifest (every build
  // writes those and deletes the rest): then only the pages looked at below are read from it
  // (the home listing has 800 entries at 16,000 articles); otherwise all of them, for deletions.
  const pagesBefore = manifest.countBySource(key);
  let existing = pagesBefore === pages ? manifest.get([firstFile]) : manifest.bySource(key);
  const headingBefore = parseJson<{ heading: string }>(existing.get(firstFile)?.detail ?? '')?.heading;

  // Pages before the first position the change touches keep their articles; their "page x of N"
  // stays the same unless the number of pages changed, and their heading unless it changed.
  const ranks: number[] = [];
  if (placed) ranks.push(placed.rank);
  if (wasIn && !(isIn && old!.at === now!.at)) ranks.push(Math.max(0, listings.rank(filter, old!.at, articleId) - 1));
  const moved = wasIn !== isIn || (wasIn && old!.at !== now!.at);
  let from = ranks.length > 0 ? Math.floor(Math.min(...ranks) / PAGE_SIZE) : pages - 1;
  let to = moved ? pages - 1 : from;
  if (pagesBefore !== pages || headingBefore !== heading) [from, to] = [0, pages - 1];
  [from, to] = [Math.min(from, pages - 1), Math.min(to, pages - 1)];
  if (pagesBefore === pages) {
    const range = Array.from({ length: to - from + 1 }, (_, i) => fileForPath(listingPath(prefix, from + i + 1))).filter((file) => !existing.has(file));
    existing = new Map([...existing, ...manifest.get(range)]);
  }

  const files: PlannedFile[] = [];
  for (let p = from; p <= to; p += 1) {
    const path = listingPath(prefix, p + 1);
    const file = fileForPath(path);
    // The article's own page is read outwards from it; others (after a move) from their offset.
    const items = placed && p === Math.floor(placed.rank / PAGE_SIZE) ? listings.pageAround(filter, now!.at, articleId, placed.rank, PAGE_SIZE) : listings.page(filter, p * PAGE_SIZE, PAGE_SIZE);
    const page: ListingPage = { key, heading, prefix, page: p + 1, pages, items, path };
    const inputKey = listingInputKey(page, ctx.siteKey, ctx.pathOf);
    const detail = p === 0 ? JSON.stringify({ heading }) : '';
    const before = existing.get(file);
    if (before && before.inputKey === inputKey && before.source === key && before.detail === detail) files.push({ file, source: key, inputKey, keep: before });
    else files.push({ file, source: key, inputKey, content: renderListingPage(page, ctx.listing), detail });
  }
  const inRange = new Set(Array.from({ length: pages }, (_, i) => fileForPath(listingPath(prefix, i + 1))));
  const deletions = [...existing.keys()].filter((file) => !inRange.has(file));
  return { files, deletions, existing, count };
}

/** The listing's heading: the newest article's spelling of the section or tag (as a full build picks it). */
function headingOf(filter: TermFilter, newest: { section: string; tags: string[] } | undefined): string {
  if (!newest) return 'News';
  // The newest article's first tag with this slug, as a full build meets it (filter.spellings
  // holds one spelling per case-insensitive group only, so it is not the list to search).
  const name = filter.kind === 'section' ? newest.section : (newest.tags.find((t) => termSlug(t) === filter.slug) ?? '');
  return name.trim() || 'News';
}

function sitemapFiles(
  ctx: SiteContext,
  listings: ListingSource,
  filters: Map<string, ListingFilter>,
  old: ArticleDetail | null,
  now: ArticleDetail | null,
  existing: Map<string, ManifestEntry>,
  files: PlannedFile[],
  deletions: string[],
): void {
  const lastmodOf = (file: string) => parseJson<{ lastmod: string }>(existing.get(file)?.detail ?? '')?.lastmod ?? '';
  const parts = new Map<string, string>([...existing.keys()].filter((file) => file !== fileForPath(SITEMAP_INDEX)).map((file) => [file, lastmodOf(file)]));
  for (const month of new Set([old?.at, now?.at].filter((at): at is string => !!at).map(monthOf))) {
    const path = sitemapMonthPath(month);
    const entries = listings.published(...monthRange(month)).map((s) => ({ path: ctx.pathOf(s), lastmod: s.updatedAt }));
    if (entries.length === 0) {
      if (existing.has(fileForPath(path))) deletions.push(fileForPath(path));
      parts.delete(fileForPath(path));
      continue;
    }
    const part = sitemapPart(path, entries, ctx);
    files.push(part);
    parts.set(part.file, (JSON.parse(part.detail!) as { lastmod: string }).lastmod);
  }
  const terms = new Map(Object.entries(parseJson<{ terms: Record<string, string> }>(existing.get(fileForPath(SITEMAP_PAGES))?.detail ?? '')?.terms ?? {}));
  for (const [key, filter] of filters) {
    const lastmod = listings.lastmod(filter);
    if (lastmod === null) terms.delete(prefixOf(key));
    else terms.set(prefixOf(key), lastmod);
  }
  const pages = sitemapPart(SITEMAP_PAGES, pagesPartEntries(terms), ctx, { terms: Object.fromEntries(terms) });
  files.push(pages);
  parts.set(pages.file, (JSON.parse(pages.detail!) as { lastmod: string }).lastmod);
  files.push(sitemapIndexFile([...parts].map(([file, lastmod]) => ({ path: `/${file}`, lastmod })), ctx));
}
