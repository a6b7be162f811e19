import { Feed } from 'feed';
import { escapeHtml } from '../../shared/render/html';
import type { SiteSettings } from '../../shared/site';
import { absoluteUrl } from './paths';
import type { PublishedSummary } from './source';

export const FEED_SIZE = 20;
export const FEED_PATHS = { rss: '/feed.xml', atom: '/atom.xml', json: '/feed.json' } as const;

/**
 * RSS 2.0, Atom 1.0 and JSON Feed 1.1 of the newest articles, built with the `feed` package
 * (which escapes text for XML). Dates come from the articles, never from the clock, so an
 * unchanged site produces byte-identical feeds and a republish does not rewrite them.
 *
 * Readers treat RSS descriptions and Atom's `type="html"` titles and summaries as HTML, so the
 * editors' plain text is HTML-escaped first: after XML decoding a reader sees `&lt;script&gt;`,
 * text, never an element. JSON Feed's title and content_text are plain text and stay raw.
 */
export function renderFeeds(items: readonly PublishedSummary[], site: SiteSettings, pathOf: (item: PublishedSummary) => string): Record<keyof typeof FEED_PATHS, string> {
  const newest = items.slice(0, FEED_SIZE);
  const updated = newest.reduce((max, item) => (item.updatedAt > max ? item.updatedAt : max), newest[0]?.updatedAt ?? '1970-01-01T00:00:00.000Z');
  const feed = new Feed({
    id: site.baseUrl,
    title: site.title,
    description: escapeHtml(site.description),
    link: site.baseUrl,
    language: site.language,
    updated: new Date(updated),
    generator: 'Copydesk',
    copyright: '',
    feedLinks: {
      rss: absoluteUrl(site.baseUrl, FEED_PATHS.rss),
      atom: absoluteUrl(site.baseUrl, FEED_PATHS.atom),
      json: absoluteUrl(site.baseUrl, FEED_PATHS.json),
    },
  });
  for (const item of newest) {
    const url = absoluteUrl(site.baseUrl, pathOf(item));
    feed.addItem({
      title: escapeHtml(item.headline),
      id: url,
      guid: url,
      link: url,
      date: new Date(item.updatedAt),
      published: new Date(item.publishedAt),
      description: escapeHtml(item.summary),
      ...(item.byline.length > 0 ? { author: item.byline.map((name) => ({ name })) } : {}),
      category: [...(item.section ? [item.section] : []), ...item.tags].map((name) => ({ name })),
    });
  }
  return { rss: feed.rss2(), atom: feed.atom1(), json: toJsonFeed11(feed.json1(), site.language, newest) };
}

/**
 * The `feed` package writes JSON Feed 1.0 (`author`); 1.1 wants `authors` arrays and allows a
 * `language`. Converting its output keeps the package doing the item mapping.
 */
function toJsonFeed11(json: string, language: string, items: readonly PublishedSummary[]): string {
  const data = JSON.parse(json) as Record<string, unknown> & { items: Record<string, unknown>[] };
  data.version = 'https://jsonfeed.org/version/1.1';
  data.language = language;
  delete data.author;
  data.items.forEach((entry, i) => {
    delete entry.author;
    const names = items[i]?.byline ?? [];
    if (names.length > 0) entry.authors = names.map((name) => ({ name }));
    const item = items[i];
    if (!item) return;
    // Plain text fields get the editors' text back, not the HTML-escaped form made for XML readers.
    entry.title = item.headline;
    delete entry.content_html;
    delete entry.summary;
    entry.content_text = item.summary || item.headline;
  });
  return `${JSON.stringify(data, null, 2)}\n`;
}
