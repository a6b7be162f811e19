import type { SiteIdentity } from '../site';
import { absoluteUrl } from './site-paths';

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
const xml = (text: string) => text.replace(/[&<>"']/g, (c) => XML_ESCAPES[c]!);

export interface SitemapEntry {
  path: string;
  lastmod: string;
}

/**
 * The sitemap is split so that publishing one article rewrites one small part, not a file that
 * lists every page: /sitemap.xml is a sitemap index (what robots.txt announces) pointing at
 * /sitemap-pages.xml (home, and page 1 of every section and tag) and one part per month of
 * publication (/sitemap-2025-01.xml), which an edit only touches for its own month. A month holds
 * far fewer than the protocol's 50,000 URLs at any newsroom's pace.
 */
export const SITEMAP_INDEX = '/sitemap.xml';
export const SITEMAP_PAGES = '/sitemap-pages.xml';
export const sitemapMonthPath = (month: string) => `/sitemap-${month}.xml`;
/** "2025-01" of an ISO date (published_at is stored as UTC ISO 8601). */
export const monthOf = (iso: string) => iso.slice(0, 7);
/** The ISO prefix range [from, to) of a month, for an index range query. */
export function monthRange(month: string): [string, string] {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${String(y + 1).padStart(4, '0')}-01` : `${String(y).padStart(4, '0')}-${String(m + 1).padStart(2, '0')}`;
  return [month, next];
}

/** The newest lastmod of some entries ('' when none). */
export const newestOf = (entries: readonly SitemapEntry[]) => entries.reduce((max, e) => (e.lastmod > max ? e.lastmod : max), '');

/** One sitemap part (sitemaps.org 0.9 urlset): one <url> per page with its last modification time. */
export function renderSitemap(entries: readonly SitemapEntry[], site: SiteIdentity): string {
  const urls = entries.map((e) => `<url><loc>${xml(absoluteUrl(site.baseUrl, e.path))}</loc><lastmod>${xml(e.lastmod)}</lastmod></url>`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls.join('\n')}\n</urlset>\n`;
}

/** The sitemap index: one <sitemap> per part (sorted by path, so the output is stable). */
export function renderSitemapIndex(parts: readonly SitemapEntry[], site: SiteIdentity): string {
  const items = [...parts]
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .map((p) => `<sitemap><loc>${xml(absoluteUrl(site.baseUrl, p.path))}</loc>${p.lastmod ? `<lastmod>${xml(p.lastmod)}</lastmod>` : ''}</sitemap>`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${items.join('\n')}\n</sitemapindex>\n`;
}

/** The pages part from each listing's lastmod: home first, then the rest by path. */
export function pagesPartEntries(lastmods: ReadonlyMap<string, string>): SitemapEntry[] {
  const home = lastmods.get('/');
  const rest = [...lastmods].filter(([path]) => path !== '/').sort(([a], [b]) => a.localeCompare(b));
  return [...(home ? [{ path: '/', lastmod: home }] : []), ...rest.map(([path, lastmod]) => ({ path, lastmod }))];
}

/** robots.txt: everything may be crawled; the sitemap's absolute URL is announced. */
export function renderRobots(site: SiteIdentity): string {
  return `User-agent: *\nAllow: /\n\nSitemap: ${absoluteUrl(site.baseUrl, SITEMAP_INDEX)}\n`;
}
