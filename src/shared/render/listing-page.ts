import { listingPath, type SiteIdentity } from '../site';
import { html, joinHtml, renderDocumentShell, type SafeHtml } from './html';
import { absoluteUrl, relativeHref } from './site-paths';
import { socialMeta } from './social-meta';
import { slugOf } from './term-slug';

/**
 * Listing pages (home, a section, a tag) as complete HTML. The static publisher renders them to
 * files and Copydesk Site serves them from its database; both use this one renderer, so the
 * markup and links are the same.
 */

export const PAGE_SIZE = 20;

/** What a listing card and a feed entry show of an article. */
export interface ListingItem {
  id: string;
  slug: string;
  section: string;
  headline: string;
  summary: string;
  byline: string[];
  tags: string[];
  updatedAt: string;
  publishedAt: string;
}

/** One page of a listing: the home page, a section or a tag. */
export interface ListingPage<T extends ListingItem = ListingItem> {
  /** 'home', 'section:<slug>' or 'tag:<slug>': the manifest's source for the page. */
  key: string;
  heading: string;
  /** Site path of page 1 ("/", "/section/world/"). */
  prefix: string;
  page: number;
  pages: number;
  items: T[];
  path: string;
}

export interface ListingContext<T extends ListingItem = ListingItem> {
  site: SiteIdentity;
  cssPath: string;
  logoPath: string | null;
  pathOf(item: T): string;
  formatDate(iso: string): string;
}

function pageTitle(page: ListingPage, site: SiteIdentity): string {
  const base = page.key === 'home' ? site.title : `${page.heading} · ${site.title}`;
  return page.page > 1 ? `${base} (page ${page.page})` : base;
}

function card<T extends ListingItem>(item: T, page: ListingPage<T>, ctx: ListingContext<T>): SafeHtml {
  const href = relativeHref(page.path, ctx.pathOf(item));
  const sectionHref = relativeHref(page.path, `/section/${slugOf(item.section)}/`);
  const byline = item.byline.length > 0 ? html` · By ${item.byline.join(', ')}` : '';
  return html`<li class="listing-card">
<p class="listing-card__section"><a href="${sectionHref}">${item.section.trim() || 'News'}</a></p>
<h2 class="listing-card__headline"><a href="${href}">${item.headline}</a></h2>
${item.summary ? html`<p class="listing-card__summary">${item.summary}</p>\n` : ''}<p class="listing-card__meta"><time datetime="${item.publishedAt}">${ctx.formatDate(item.publishedAt)}</time>${byline}</p>
</li>`;
}

function pagination(page: ListingPage): SafeHtml | string {
  if (page.pages <= 1) return '';
  const link = (n: number) => relativeHref(page.path, listingPath(page.prefix, n));
  const prev = page.page > 1 ? html`<a class="pagination__prev" rel="prev" href="${link(page.page - 1)}">Newer</a>` : '';
  const next = page.page < page.pages ? html`<a class="pagination__next" rel="next" href="${link(page.page + 1)}">Older</a>` : '';
  return html`<nav class="pagination" aria-label="Pages">${prev}<span class="pagination__status">Page ${page.page} of ${page.pages}</span>${next}</nav>`;
}

/** The full HTML of a listing page; every untrusted string goes through the `html` tag. */
export function renderListingPage<T extends ListingItem>(page: ListingPage<T>, ctx: ListingContext<T>): string {
  const { site } = ctx;
  const canonical = absoluteUrl(site.baseUrl, page.path);
  const title = pageTitle(page, site);
  const description = page.key === 'home' ? site.description : `${page.heading}: latest articles from ${site.title}`;
  const relLinks = [
    page.page > 1 ? html`<link rel="prev" href="${absoluteUrl(site.baseUrl, listingPath(page.prefix, page.page - 1))}">` : '',
    page.page < page.pages ? html`<link rel="next" href="${absoluteUrl(site.baseUrl, listingPath(page.prefix, page.page + 1))}">` : '',
    html`<link rel="alternate" type="application/rss+xml" title="${site.title}" href="${relativeHref(page.path, '/feed.xml')}">`,
  ];
  const head = joinHtml([socialMeta({ type: 'website', title, description, url: canonical, siteName: site.title, language: site.language }), ...relLinks], '\n');
  const label = page.key === 'home' ? 'Latest articles' : page.key.startsWith('tag:') ? 'Tag' : 'Section';
  const body = html`<section class="listing" aria-labelledby="listing-heading">
<p class="listing__label">${label}</p>
<h1 id="listing-heading" class="listing__heading">${page.key === 'home' ? site.title : page.heading}</h1>
${page.items.length === 0 ? html`<p class="listing__empty">Nothing has been published yet.</p>` : html`<ol class="listing__items">
${joinHtml(page.items.map((item) => card(item, page, ctx)), '\n')}
</ol>`}
${pagination(page)}
</section>`;
  return renderDocumentShell({
    lang: site.language,
    title,
    ...(description ? { description } : {}),
    canonicalUrl: canonical,
    cssHref: relativeHref(page.path, ctx.cssPath),
    headExtra: head,
    bodyClass: 'page-listing',
    body,
    siteTitle: site.title,
    homeHref: relativeHref(page.path, '/'),
    ...(ctx.logoPath ? { logoUrl: relativeHref(page.path, ctx.logoPath) } : {}),
  });
}
