import { createHash } from 'node:crypto';
import type { Article } from '../../shared/article';
import { html, renderDocumentShell } from '../../shared/render/html';
import { renderArticlePage } from '../../shared/render/article-page';
import { articlePath, termSlug, type SiteSettings } from '../../shared/site';
import { FEED_PATHS, FEED_SIZE, renderFeeds } from './feeds';
import { listingInputKey, listingPages, renderListingPage, type ListingContext } from './listings';
import type { ManifestEntry } from './manifest';
import { articleJsonLd, firstImageSrc, imageSources, socialMeta } from './meta';
import { absoluteUrl, fileForPath, relativeHref, rootRelativeUrl } from './paths';
import { publishedAssetPath, sha256, siteStylesheet } from './site-assets';
import { monthOf, newestOf, pagesPartEntries, renderRobots, renderSitemap, renderSitemapIndex, SITEMAP_INDEX, SITEMAP_PAGES, sitemapMonthPath, type SitemapEntry } from './sitemap';
import type { Engagement, EngagementSource, PublishedSummary, PublishSource } from './source';

/** Bumped when page layout code changes in a way the inputs would not show. */
const LAYOUT_VERSION = '2';
/**
 * Documents read, rendered and handed to the writer at a time. Small enough that a batch dies
 * young (at 100 the parsed documents and pages outlived V8's young generation and the heap of a
 * 4,000-article build grew to ~400 MB; at 25 it stays under 200 MB), large enough that the two
 * batch queries per round cost nothing next to rendering.
 */
export const ARTICLES_PER_BATCH = 25;

/** One file of the site, as planned: rendered content, a lazily read asset, or kept as is. */
export interface PlannedFile {
  file: string;
  source: string;
  inputKey: string;
  /** Rendered text or bytes. Absent when `keep` or `asset` says where the content comes from. */
  content?: string | Uint8Array;
  /** A workspace image (`assets/...`), read only if the published copy is missing or different. */
  asset?: { src: string; hash: string };
  /** A targeted build found this file's inputs unchanged: it stays exactly as the manifest says. */
  keep?: ManifestEntry;
  /** Recorded in the manifest for the next targeted build (see ManifestEntry.detail). */
  detail?: string;
}

/** What an article page's manifest entry remembers: where the article sat in the listings. */
export interface ArticleDetail {
  /** publishedAt, which orders every listing. */
  at: string;
  /** Listing keys the article is on ('home', 'section:<slug>', 'tag:<slug>'). */
  in: string[];
}

export function listingKeysOf(item: { section: string; tags: readonly string[] }): string[] {
  return [...new Set(['home', `section:${termSlug(item.section)}`, ...item.tags.map((t) => `tag:${termSlug(t)}`)])];
}

export interface SiteContext {
  site: SiteSettings;
  engagement: EngagementSource;
  source: PublishSource;
  /** Every published summary, newest first: read on first use (a targeted build never does). */
  readonly summaries: PublishedSummary[];
  css: { path: string; css: string; hash: string };
  /** Settings + layout + stylesheet: when it changes, every page may change. */
  siteKey: string;
  pathOf(item: { id: string; slug: string; section: string; publishedAt: string | null; updatedAt: string }): string;
  listing: ListingContext;
}

export function siteContext(site: SiteSettings, source: PublishSource, engagement: EngagementSource): SiteContext {
  const css = siteStylesheet();
  const siteKey = sha256(JSON.stringify({ site, css: css.hash, LAYOUT_VERSION }));
  const paths = new Map<string, string>();
  const pathOf: SiteContext['pathOf'] = (item) => {
    let path = paths.get(item.id);
    if (path === undefined) paths.set(item.id, (path = cachedArticlePath(site.urlPattern, item)));
    return path;
  };
  const dates = new Intl.DateTimeFormat(site.language, { dateStyle: 'long', timeZone: 'UTC' });
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
    listing: { site, cssPath: css.path, logoPath, pathOf, formatDate: (iso) => dates.format(new Date(iso)) },
  };
}

/**
 * articlePath, remembered across publishes by its inputs: a one-article publish lists a whole
 * month in its sitemap part (~700 URLs), and slugifying each section (NFKD) was most of that.
 */
function cachedArticlePath(pattern: string, item: { slug: string; section: string; publishedAt: string | null; updatedAt: string }): string {
  const key = `${pattern}\n${item.slug}\n${item.section}\n${item.publishedAt ?? item.updatedAt}`;
  let path = articlePaths.get(key);
  if (path === undefined) {
    if (articlePaths.size >= 50_000) articlePaths.clear();
    articlePaths.set(key, (path = articlePath(pattern, item)));
  }
  return path;
}

const articlePaths = new Map<string, string>();

/** Renders one article page at its pretty URL, with social meta and JSON-LD. */
export function renderArticle(article: Article, ctx: SiteContext, engagement?: Engagement): PlannedFile {
  const { site } = ctx;
  const path = ctx.pathOf(article);
  const canonical = absoluteUrl(site.baseUrl, path);
  const rel = (to: string) => relativeHref(path, to);
  const asset = (src: string) => {
    const published = publishedAssetPath(src);
    return published ? rel(published) : '';
  };
  const image = firstImageSrc(article.body);
  const imageUrl = image && publishedAssetPath(image) ? absoluteUrl(site.baseUrl, publishedAssetPath(image)!) : null;
  const logoUrl = ctx.listing.logoPath ? absoluteUrl(site.baseUrl, ctx.listing.logoPath) : null;
  const headExtra = socialMeta({
    type: 'article',
    title: article.headline,
    description: article.summary,
    url: canonical,
    siteName: site.title,
    language: site.language,
    image: imageUrl ?? undefined,
    publishedAt: article.publishedAt ?? undefined,
    modifiedAt: article.updatedAt,
    section: article.section || undefined,
    tags: article.tags,
  });
  const content = renderArticlePage({
    article,
    comments: engagement ? engagement.comments : ctx.engagement.comments(article.id),
    votes: engagement ? engagement.votes : ctx.engagement.votes(article.id),
    site: {
      title: site.title,
      baseUrl: site.baseUrl,
      language: site.language,
      description: site.description,
      loginUrl: site.loginUrl,
      ...(ctx.listing.logoPath ? { logoUrl: rel(ctx.listing.logoPath) } : {}),
    },
    urls: {
      canonical,
      home: rel('/'),
      section: rel(`/section/${termSlug(article.section)}/`),
      tag: (name: string) => rel(`/tag/${termSlug(name)}/`),
      css: rel(ctx.css.path),
      asset,
    },
    jsonLd: articleJsonLd({ article, canonicalUrl: canonical, siteTitle: site.title, siteUrl: site.baseUrl, language: site.language, logoUrl, imageUrl }),
    headExtra: headExtra.value,
  });
  const detail: ArticleDetail = { at: article.publishedAt ?? '', in: listingKeysOf(article) };
  return { file: fileForPath(path), source: `article:${article.id}`, inputKey: '', content, detail: JSON.stringify(detail) };
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
export function* derivedFiles(ctx: SiteContext, previous: Map<string, ManifestEntry>): Generator<PlannedFile> {
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
  yield* feedFiles(ctx, ctx.summaries.slice(0, FEED_SIZE), (file) => previous.get(file));
  yield* sitemapFiles(ctx);
}

/** The sitemap index, the pages part (home + page 1 of each section and tag) and one part per month. */
function sitemapFiles(ctx: SiteContext): PlannedFile[] {
  const lastmods = new Map<string, string>();
  const months = new Map<string, SitemapEntry[]>();
  for (const s of ctx.summaries) {
    for (const prefix of ['/', `/section/${termSlug(s.section)}/`, ...s.tags.map((t) => `/tag/${termSlug(t)}/`)]) {
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

/** Image sources of an article (body and answers) for copying. */
export function articleImages(article: Article, into: Set<string>): void {
  imageSources(article.body, into);
  for (const q of article.questions) imageSources(q.answer, into);
}
