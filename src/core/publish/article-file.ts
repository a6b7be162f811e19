import { assetFileOf } from '../../shared/assets';
import { renderArticlePage } from '../../shared/render/article-page';
import { withAssetUrls } from '../../shared/render/article-parts';
import { html } from '../../shared/render/html';
import { liveHead } from '../../shared/render/live-parts';
import { sitePageCsp } from '../../shared/render/page-csp';
import { articlePath, type SiteSettings } from '../../shared/site';
import { articleJsonLd, socialMeta } from './meta';
import { absoluteUrl, fileForPath, relativeHref } from './paths';
import type { Engagement, EngagementSource, PublishArticle } from './source';
import { slugOf } from '../../shared/render/term-slug';

// Moved to shared/render/term-slug.ts: the site server's listings slug sections and tags the same way.
export { slugOf };

/**
 * An article's page as a planned file. Kept apart from build.ts (listings, feeds, sitemap, the
 * bundled stylesheet) because the render workers load this module graph: it must stay free of
 * Vite-only imports and heavy packages (see vite.publish-worker.config.ts).
 */

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
  keep?: { hash: string; source: string; inputKey: string; size: number | null; detail: string };
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
  return [...new Set(['home', `section:${slugOf(item.section)}`, ...item.tags.map((t) => `tag:${slugOf(t)}`)])];
}


type PathItem = { id: string; slug: string; section: string; publishedAt: string | null; updatedAt: string };

/** What rendering an article page needs of the site (SiteContext has all of it). */
export interface ArticleContext {
  site: SiteSettings;
  engagement: EngagementSource;
  /** The stylesheet's site path ("/assets/site.<hash>.css"). */
  cssPath: string;
  logoPath: string | null;
  pathOf(item: PathItem): string;
}

/**
 * Where a workspace image is published: "/assets/<name>" (null when it is not one). Workspace
 * asset names are already the first 32 hex of the SHA-256 of their bytes, so the published name
 * keeps that content hash (and the bytes are checked against it when copied, so a tampered file
 * is not published under a false name).
 */
export function publishedAssetPath(src: string): string | null {
  const file = assetFileOf(src);
  return file ? `/assets/${file}` : null;
}

/** An article's site path, by id within one build (see cachedArticlePath). */
export function pathsFor(site: SiteSettings): (item: PathItem) => string {
  const paths = new Map<string, string>();
  return (item) => {
    let path = paths.get(item.id);
    if (path === undefined) paths.set(item.id, (path = cachedArticlePath(site.urlPattern, item)));
    return path;
  };
}

/**
 * articlePath, remembered across publishes by its inputs: a one-article publish lists a whole
 * month in its sitemap part (~700 URLs), and slugifying each section (NFKD) was most of that.
 */
function cachedArticlePath(pattern: string, item: PathItem): string {
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
export function renderArticle(article: PublishArticle, ctx: ArticleContext, engagement?: Engagement): PlannedFile {
  const { site } = ctx;
  const path = ctx.pathOf(article);
  const canonical = absoluteUrl(site.baseUrl, path);
  const rel = (to: string) => relativeHref(path, to);
  const asset = (src: string) => {
    const published = publishedAssetPath(src);
    return published ? rel(published) : '';
  };
  const image = article.parts.firstImage;
  const imageUrl = image && publishedAssetPath(image) ? absoluteUrl(site.baseUrl, publishedAssetPath(image)!) : null;
  const logoUrl = ctx.logoPath ? absoluteUrl(site.baseUrl, ctx.logoPath) : null;
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
  const parts = withAssetUrls(article.parts, asset);
  const content = renderArticlePage({
    article,
    parts,
    comments: engagement ? engagement.comments : ctx.engagement.comments(article.id),
    votes: engagement ? engagement.votes : ctx.engagement.votes(article.id),
    site: {
      title: site.title,
      baseUrl: site.baseUrl,
      language: site.language,
      description: site.description,
      loginUrl: site.loginUrl,
      ...(ctx.logoPath ? { logoUrl: rel(ctx.logoPath) } : {}),
    },
    urls: {
      canonical,
      home: rel('/'),
      section: rel(`/section/${slugOf(article.section)}/`),
      tag: (name: string) => rel(`/tag/${slugOf(name)}/`),
      css: rel(ctx.cssPath),
      asset,
    },
    jsonLd: articleJsonLd({ article, canonicalUrl: canonical, siteTitle: site.title, siteUrl: site.baseUrl, language: site.language, logoUrl, imageUrl }),
    // With a live-parts server set, the page loads that server's script, which fills in the
    // current tallies and comments; the CSP allows exactly that origin for the script and its fetch.
    headExtra: site.liveUrl ? html`${headExtra}\n${liveHead(site.liveUrl, article.id)}` : headExtra.value,
    ...(site.liveUrl ? { contentSecurityPolicy: sitePageCsp({ liveUrl: site.liveUrl }) } : {}),
  });
  const detail: ArticleDetail = { at: article.publishedAt ?? '', in: listingKeysOf(article) };
  return { file: fileForPath(path), source: `article:${article.id}`, inputKey: '', content, detail: JSON.stringify(detail) };
}

/** Image sources of an article (body and answers) for copying. */
export function articleImages(article: PublishArticle, into: Set<string>): void {
  for (const src of article.parts.images) into.add(src);
}
