import type { SiteSettings } from '../../shared/site';
import { absoluteUrl } from './paths';

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
const xml = (text: string) => text.replace(/[&<>"']/g, (c) => XML_ESCAPES[c]!);

export interface SitemapEntry {
  path: string;
  lastmod: string;
}

/** sitemap.xml (sitemaps.org 0.9): one <url> per page with its last modification time. */
export function renderSitemap(entries: readonly SitemapEntry[], site: SiteSettings): string {
  const urls = entries.map((e) => `<url><loc>${xml(absoluteUrl(site.baseUrl, e.path))}</loc><lastmod>${xml(e.lastmod)}</lastmod></url>`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls.join('\n')}\n</urlset>\n`;
}

/** robots.txt: everything may be crawled; the sitemap's absolute URL is announced. */
export function renderRobots(site: SiteSettings): string {
  return `User-agent: *\nAllow: /\n\nSitemap: ${absoluteUrl(site.baseUrl, '/sitemap.xml')}\n`;
}
