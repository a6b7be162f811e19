import { createHash } from 'node:crypto';
import type { Article } from '../../shared/article';
import { html, renderDocumentShell } from '../../shared/render/html';
import { renderArticlePage } from '../../shared/render/article-page';
import { articlePath, termSlug, type SiteSettings } from '../../shared/site';
import { FEED_PATHS, renderFeeds } from './feeds';
import { listingInputKey, listingPages, renderListingPage, type ListingContext } from './listings';
import type { ManifestEntry } from './manifest';
import { articleJsonLd, firstImageSrc, imageSources, socialMeta } from './meta';
import { absoluteUrl, fileForPath, relativeHref, rootRelativeUrl } from './paths';
import { publishedAssetPath, sha256, siteStylesheet } from './site-assets';
import { renderRobots, renderSitemap } from './sitemap';
import type { EngagementSource, PublishedSummary, PublishSource } from './source';

/** Bumped when page layout code changes in a way the inputs would not show. */
const LAYOUT_VERSION = '1';
export const ARTICLES_PER_BATCH = 100;

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
}

export interface SiteContext {
  site: SiteSettings;
  engagement: EngagementSource;
  source: PublishSource;
  summaries: PublishedSummary[];
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
    if (path === undefined) paths.set(item.id, (path = articlePath(site.urlPattern, item)));
    return path;
  };
  const dates = new Intl.DateTimeFormat(site.language, { dateStyle: 'long', timeZone: 'UTC' });
  const logoPath = site.logo ? publishedAssetPath(site.logo) : null;
  return {
    site,
    engagement,
    source,
    summaries: source.summaries(),
    css,
    siteKey,
    pathOf,
    listing: { site, cssPath: css.path, logoPath, pathOf, formatDate: (iso) => dates.format(new Date(iso)) },
  };
}

/** Renders one article page at its pretty URL, with social meta and JSON-LD. */
export function renderArticle(article: Article, ctx: SiteContext): PlannedFile {
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
    comments: ctx.engagement.comments(article.id),
    votes: ctx.engagement.votes(article.id),
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
  return { file: fileForPath(path), source: `article:${article.id}`, inputKey: '', content };
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

/**
 * Listing pages, feeds and the sitemap. With `previous` (a targeted build) a page whose input
 * key matches the manifest is kept without rendering; a full build renders everything.
 */
export function derivedFiles(ctx: SiteContext, previous: Map<string, ManifestEntry> | null): PlannedFile[] {
  const files: PlannedFile[] = [];
  const plan = (file: string, source: string, inputKey: string, render: () => string) => {
    const before = previous?.get(file);
    if (before && before.inputKey === inputKey && before.source === source) files.push({ file, source, inputKey, keep: before });
    else files.push({ file, source, inputKey, content: render() });
  };
  for (const page of listingPages(ctx.summaries, ctx.site.title)) {
    plan(fileForPath(page.path), page.key, listingInputKey(page, ctx.siteKey, ctx.pathOf), () => renderListingPage(page, ctx.listing));
  }
  const feedKey = createHash('sha256').update(ctx.siteKey);
  for (const item of ctx.summaries.slice(0, 20)) feedKey.update(`${item.id}\t${item.revision}\t${item.updatedAt}\t${ctx.pathOf(item)}\n`);
  const feedInput = feedKey.digest('hex');
  let feeds: ReturnType<typeof renderFeeds> | null = null;
  const feed = () => (feeds ??= renderFeeds(ctx.summaries, ctx.site, ctx.pathOf));
  plan(fileForPath(FEED_PATHS.rss), 'feed', feedInput, () => feed().rss);
  plan(fileForPath(FEED_PATHS.atom), 'feed', feedInput, () => feed().atom);
  plan(fileForPath(FEED_PATHS.json), 'feed', feedInput, () => feed().json);
  files.push({ file: 'sitemap.xml', source: 'feed', inputKey: '', content: renderSitemap(sitemapEntries(ctx), ctx.site) });
  return files;
}

/** Home, every article, and every section and tag page 1, each with its newest change. */
function sitemapEntries(ctx: SiteContext): { path: string; lastmod: string }[] {
  const newest = ctx.summaries.reduce((max, s) => (s.updatedAt > max ? s.updatedAt : max), '');
  const entries = newest ? [{ path: '/', lastmod: newest }] : [];
  const terms = new Map<string, string>();
  for (const s of ctx.summaries) {
    entries.push({ path: ctx.pathOf(s), lastmod: s.updatedAt });
    for (const prefix of [`/section/${termSlug(s.section)}/`, ...s.tags.map((t) => `/tag/${termSlug(t)}/`)]) {
      const seen = terms.get(prefix);
      if (seen === undefined || s.updatedAt > seen) terms.set(prefix, s.updatedAt);
    }
  }
  for (const [path, lastmod] of [...terms].sort(([a], [b]) => a.localeCompare(b))) entries.push({ path, lastmod });
  return entries;
}

/** Image sources of an article (body and answers) for copying. */
export function articleImages(article: Article, into: Set<string>): void {
  imageSources(article.body, into);
  for (const q of article.questions) imageSources(q.answer, into);
}
