import { createHash } from 'node:crypto';
import { html, joinHtml, renderDocumentShell, type SafeHtml } from '../../shared/render/html';
import { listingPath, type SiteSettings } from '../../shared/site';
import { slugOf } from './article-file';
import { absoluteUrl, relativeHref } from './paths';
import { socialMeta } from './meta';
import type { PublishedSummary } from './source';

export const PAGE_SIZE = 20;

/** One page of a listing: the home page, a section or a tag. */
export interface ListingPage {
  /** 'home', 'section:<slug>' or 'tag:<slug>': the manifest's source for the page. */
  key: string;
  heading: string;
  /** Site path of page 1 ("/", "/section/world/"). */
  prefix: string;
  page: number;
  pages: number;
  items: PublishedSummary[];
  path: string;
}

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

export interface ListingContext {
  site: SiteSettings;
  cssPath: string;
  logoPath: string | null;
  pathOf(item: PublishedSummary): string;
  formatDate(iso: string): string;
}

function pageTitle(page: ListingPage, site: SiteSettings): string {
  const base = page.key === 'home' ? site.title : `${page.heading} · ${site.title}`;
  return page.page > 1 ? `${base} (page ${page.page})` : base;
}

function card(item: PublishedSummary, page: ListingPage, ctx: ListingContext): SafeHtml {
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
export function renderListingPage(page: ListingPage, ctx: ListingContext): string {
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
