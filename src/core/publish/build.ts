import { createHash } from 'node:crypto';
import { html, renderDocumentShell } from '../../shared/render/html';
import { formatDate } from '../../shared/render/page-parts';
import type { SiteSettings } from '../../shared/site';
import { pathsFor, publishedAssetPath, slugOf, type ArticleContext, type PlannedFile } from './article-file';
import { FEED_PATHS, FEED_SIZE, renderFeeds } from './feeds';
import { listingInputKey, listingPages, renderListingPage, type ListingContext } from './listings';
import type { ManifestEntry } from './manifest';
import { fileForPath, rootRelativeUrl } from './paths';
import { sha256 } from './page-bytes';
import { siteStylesheet } from './site-assets';
import { monthOf, newestOf, pagesPartEntries, renderRobots, renderSitemap, renderSitemapIndex, SITEMAP_INDEX, SITEMAP_PAGES, sitemapMonthPath, type SitemapEntry } from './sitemap';
import type { EngagementSource, PublishedSummary, PublishSource } from './source';

export { articleImages, listingKeysOf, renderArticle, type ArticleDetail, type PlannedFile } from './article-file';

/**
 * Bumped when page layout code changes in a way the inputs would not show.
 * 3: every page carries the site's CSP <meta> (issue 18.14).
 */
const LAYOUT_VERSION = '3';
export interface SiteContext extends ArticleContext {
  site: SiteSettings;
  engagement: EngagementSource;
  source: PublishSource;
  /** Every published summary, newest first: read on first use (a targeted build never does). */
  readonly summaries: PublishedSummary[];
  /** The stylesheet; `css` (its text) is '' in a render worker, which never writes it. */
  css: { path: string; css: string; hash: string };
  /** Settings + layout + stylesheet: when it changes, every page may change. */
  siteKey: string;
  pathOf(item: { id: string; slug: string; section: string; publishedAt: string | null; updatedAt: string }): string;
  listing: ListingContext;
}

export function siteContext(site: SiteSettings, source: PublishSource, engagement: EngagementSource): SiteContext {
  return siteContextWith(site, source, engagement, siteStylesheet());
}

/** siteContext with a given stylesheet (a render worker gets the publisher's: it has no bundled CSS of its own). */
export function siteContextWith(site: SiteSettings, source: PublishSource, engagement: EngagementSource, css: SiteContext['css']): SiteContext {
  const siteKey = sha256(JSON.stringify({ site, css: css.hash, LAYOUT_VERSION }));
  const pathOf = pathsFor(site);
  const logoPath = site.logo ? publishedAssetPath(site.logo) : null;
  let summaries: PublishedSummary[] | null = null;
  return {
    site,
    engagement,
    source,
    get summaries() {
      return (summaries ??= source.summaries());
    },
    css,
    siteKey,
    pathOf,
    cssPath: css.path,
    logoPath,
    // The article pages' formatter: made on first use (the first Intl formatter of a thread loads
    // ICU's locale data, and the publisher's thread of a build with render workers never formats a
    // listing date), and each UTC day is formatted once.
    listing: { site, cssPath: css.path, logoPath, pathOf, formatDate: (iso) => formatDate(iso, site.language) },
  };
}

/** The stylesheet, robots.txt, the 404 page and the logo: files that depend only on settings. */
export function staticFiles(ctx: SiteContext): PlannedFile[] {
  const { site } = ctx;
  const home = rootRelativeUrl(site.baseUrl, '/');
  // The 404 page is served for any missing URL at any depth, so its links are root-relative.
  const notFound = renderDocumentShell({
    lang: site.language,
    title: `Page not found · ${site.title}`,
    cssHref: rootRelativeUrl(site.baseUrl, ctx.css.path),
    headExtra: html`<meta name="robots" content="noindex">`,
    bodyClass: 'page-404',
    body: html`<section class="not-found"><h1>Page not found</h1><p>This page does not exist or is no longer published.</p><p><a href="${home}">Go to the front page</a></p></section>`,
    siteTitle: site.title,
    homeHref: home,
    ...(ctx.listing.logoPath ? { logoUrl: rootRelativeUrl(site.baseUrl, ctx.listing.logoPath) } : {}),
  });
  const files: PlannedFile[] = [
    { file: fileForPath(ctx.css.path), source: 'site', inputKey: '', content: ctx.css.css },
    { file: 'robots.txt', source: 'site', inputKey: '', content: renderRobots(site) },
    { file: '404.html', source: 'site', inputKey: '', content: notFound },
  ];
  if (site.logo) files.push(...assetFiles([site.logo]));
  return files;
}

export function assetFiles(srcs: Iterable<string>): PlannedFile[] {
  return [...srcs].flatMap((src) => {
    const path = publishedAssetPath(src);
    if (!path) return [];
    const hash = src.slice(src.lastIndexOf('/') + 1, src.lastIndexOf('.'));
    return [{ file: fileForPath(path), source: 'asset', inputKey: '', asset: { src, hash } }];
  });
}

/** The feeds' fingerprint: the newest FEED_SIZE items as listed, under the site key. */
export function feedInputKey(ctx: SiteContext, newest: readonly PublishedSummary[]): string {
  const feedKey = createHash('sha256').update(ctx.siteKey);
  for (const item of newest) feedKey.update(`${item.id}\t${item.revision}\t${item.updatedAt}\t${ctx.pathOf(item)}\n`);
  return feedKey.digest('hex');
}

/** RSS, Atom and JSON feeds of the newest items (rendered only if `previous` says they changed). */
export function feedFiles(ctx: SiteContext, newest: readonly PublishedSummary[], previous: (file: string) => ManifestEntry | undefined): PlannedFile[] {
  const inputKey = feedInputKey(ctx, newest);
  let feeds: ReturnType<typeof renderFeeds> | null = null;
  const feed = () => (feeds ??= renderFeeds(newest, ctx.site, ctx.pathOf));
  return (Object.keys(FEED_PATHS) as (keyof typeof FEED_PATHS)[]).map((kind) => {
    const file = fileForPath(FEED_PATHS[kind]);
    const before = previous(file);
    if (before && before.inputKey === inputKey && before.source === 'feed') return { file, source: 'feed', inputKey, keep: before };
    return { file, source: 'feed', inputKey, content: feed()[kind] };
  });
}

/** A sitemap part (urlset) as a planned file; its lastmod goes to the manifest for the index. */
export function sitemapPart(path: string, entries: readonly SitemapEntry[], ctx: SiteContext, extra: Record<string, unknown> = {}): PlannedFile {
  return { file: fileForPath(path), source: 'sitemap', inputKey: '', content: renderSitemap(entries, ctx.site), detail: JSON.stringify({ lastmod: newestOf(entries), ...extra }) };
}

export function sitemapIndexFile(parts: readonly SitemapEntry[], ctx: SiteContext): PlannedFile {
  return { file: fileForPath(SITEMAP_INDEX), source: 'sitemap', inputKey: '', content: renderSitemapIndex(parts, ctx.site) };
}

/**
 * Listing pages, feeds and the sitemap of a full build: every listing page is rendered (so a
 * layout change always reaches every page); feeds are kept when their inputs match the manifest.
 * Yielded one file at a time, so the caller can write them in batches instead of holding every
 * listing page of the site (3,200 pages at 16,000 articles) in memory at once.
 */
export function* derivedFiles(ctx: SiteContext): Generator<PlannedFile> {
  for (const page of listingPages(ctx.summaries, ctx.site.title)) {
    yield {
      file: fileForPath(page.path),
      source: page.key,
      inputKey: listingInputKey(page, ctx.siteKey, ctx.pathOf),
      content: renderListingPage(page, ctx.listing),
      // Page 1 remembers the heading, so a targeted build sees when a new spelling takes over.
      detail: page.page === 1 ? JSON.stringify({ heading: page.heading }) : '',
    };
  }
  // Rendered even when their inputs match the manifest (three small files): a full build also
  // repairs feeds that went missing from the folder, which a kept entry would not notice.
  yield* feedFiles(ctx, ctx.summaries.slice(0, FEED_SIZE), () => undefined);
  yield* sitemapFiles(ctx);
}

/** The sitemap index, the pages part (home + page 1 of each section and tag) and one part per month. */
function sitemapFiles(ctx: SiteContext): PlannedFile[] {
  const lastmods = new Map<string, string>();
  const months = new Map<string, SitemapEntry[]>();
  for (const s of ctx.summaries) {
    for (const prefix of ['/', `/section/${slugOf(s.section)}/`, ...s.tags.map((t) => `/tag/${slugOf(t)}/`)]) {
      const seen = lastmods.get(prefix);
      if (seen === undefined || s.updatedAt > seen) lastmods.set(prefix, s.updatedAt);
    }
    const month = monthOf(s.publishedAt);
    let entries = months.get(month);
    if (!entries) months.set(month, (entries = []));
    entries.push({ path: ctx.pathOf(s), lastmod: s.updatedAt });
  }
  const pages = sitemapPart(SITEMAP_PAGES, pagesPartEntries(lastmods), ctx, { terms: Object.fromEntries(lastmods) });
  const parts = [pages, ...[...months].map(([month, entries]) => sitemapPart(sitemapMonthPath(month), entries, ctx))];
  const index = sitemapIndexFile(parts.map((p) => ({ path: `/${p.file}`, lastmod: (JSON.parse(p.detail!) as { lastmod: string }).lastmod })), ctx);
  return [...parts, index];
}
