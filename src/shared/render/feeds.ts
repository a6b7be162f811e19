import { Feed } from 'feed';
import { escapeHtml } from './html';
import type { SiteIdentity } from '../site';
import { atomXml, rssXml, type FeedChannel, type FeedEntry } from './feed-xml';
import { absoluteUrl } from './site-paths';
import type { ListingItem } from './listing-page';

export const FEED_SIZE = 20;
export const FEED_PATHS = { rss: '/feed.xml', atom: '/atom.xml', json: '/feed.json' } as const;

/**
 * RSS 2.0, Atom 1.0 and JSON Feed 1.1 of the newest articles. Dates come from the articles,
 * never from the clock, so an unchanged site produces byte-identical feeds and a republish does
 * not rewrite them.
 *
 * RSS and Atom are written here (feed-xml.ts) rather than by the `feed` package, which left a
 * raw `<` in Atom's category attributes and passed control characters through, so hostile text
 * made both feeds invalid XML. Readers treat RSS descriptions and Atom's `type="html"` titles and
 * summaries as HTML, so the editors' plain text is HTML-escaped first: after XML decoding a
 * reader sees `&lt;script&gt;`, text, never an element. JSON Feed (still built with `feed`)
 * keeps title and content_text as plain text.
 */
export function renderFeeds<T extends ListingItem>(items: readonly T[], site: SiteIdentity, pathOf: (item: T) => string): Record<keyof typeof FEED_PATHS, string> {
  const newest = items.slice(0, FEED_SIZE);
  const updated = newest.reduce((max, item) => (item.updatedAt > max ? item.updatedAt : max), newest[0]?.updatedAt ?? '1970-01-01T00:00:00.000Z');
  const links = {
    rss: absoluteUrl(site.baseUrl, FEED_PATHS.rss),
    atom: absoluteUrl(site.baseUrl, FEED_PATHS.atom),
    json: absoluteUrl(site.baseUrl, FEED_PATHS.json),
  };
  const entries: FeedEntry[] = newest.map((item) => ({
    url: absoluteUrl(site.baseUrl, pathOf(item)),
    titleHtml: escapeHtml(item.headline),
    summaryHtml: escapeHtml(item.summary),
    authors: item.byline,
    categories: [...(item.section ? [item.section] : []), ...item.tags],
    updatedAt: item.updatedAt,
    publishedAt: item.publishedAt,
  }));
  const channel: FeedChannel = { site, updatedAt: updated, selfRss: links.rss, selfAtom: links.atom };

  const feed = new Feed({
    id: site.baseUrl,
    title: site.title,
    description: site.description,
    link: site.baseUrl,
    language: site.language,
    updated: new Date(updated),
    generator: 'Copydesk',
    copyright: '',
    feedLinks: links,
  });
  for (const [i, item] of newest.entries()) {
    const url = entries[i]!.url;
    feed.addItem({ title: item.headline, id: url, guid: url, link: url, date: new Date(item.updatedAt), published: new Date(item.publishedAt) });
  }
  return { rss: rssXml(channel, entries), atom: atomXml(channel, entries), json: toJsonFeed11(feed.json1(), site.language, newest) };
}

/**
 * The `feed` package writes JSON Feed 1.0 (`author`); 1.1 wants `authors` arrays and allows a
 * `language`. Converting its output keeps the package doing the item mapping.
 */
function toJsonFeed11(json: string, language: string, items: readonly ListingItem[]): string {
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
