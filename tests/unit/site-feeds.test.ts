import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../../src/shared/render/html';
import { HOSTILE, publishedArticle, read, siteWith } from './site-fixtures';

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' });

function parseXml(text: string): Record<string, unknown> {
  expect(XMLValidator.validate(text)).toBe(true);
  return parser.parse(text) as Record<string, unknown>;
}

const asArray = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

describe('feeds, sitemap and robots.txt', () => {
  it('RSS 2.0 parses back with the site and its newest 20 items', async () => {
    const { out, publisher } = siteWith(25);
    await publisher.publishSite();
    const rss = parseXml(read(out, 'feed.xml')) as { rss: { '@version': string; channel: { title: string; link: string; language: string; item: { title: string; link: string; guid: unknown; pubDate: string; description: string }[] } } };
    expect(rss.rss['@version']).toBe('2.0');
    expect(rss.rss.channel.title).toBe('The Harbor Ledger');
    expect(rss.rss.channel.link).toBe('https://news.example.org/ledger/');
    expect(rss.rss.channel.language).toBe('en');
    const items = asArray(rss.rss.channel.item);
    expect(items).toHaveLength(20);
    for (const item of items) {
      expect(item.title).toMatch(/^Story number \d+/);
      expect(item.link).toMatch(/^https:\/\/news\.example\.org\/ledger\/(world|local-news)\/story-\d+\/$/);
      expect(Number.isNaN(Date.parse(item.pubDate))).toBe(false);
    }
  });

  it('Atom parses back with feed id, updated and entries', async () => {
    const { out, publisher } = siteWith(3);
    await publisher.publishSite();
    const atom = parseXml(read(out, 'atom.xml')) as { feed: { '@xmlns': string; id: string; title: unknown; updated: string; entry: { id: string; title: unknown; updated: string; link: { '@href': string } }[] } };
    expect(atom.feed['@xmlns']).toBe('http://www.w3.org/2005/Atom');
    expect(atom.feed.id).toBe('https://news.example.org/ledger/');
    expect(Number.isNaN(Date.parse(atom.feed.updated))).toBe(false);
    const entries = asArray(atom.feed.entry);
    expect(entries).toHaveLength(3);
    for (const entry of entries) {
      expect(entry.id).toMatch(/^https:\/\/news\.example\.org\/ledger\//);
      expect(entry.link['@href']).toBe(entry.id);
      expect(Number.isNaN(Date.parse(entry.updated))).toBe(false);
    }
  });

  it('JSON Feed 1.1 has the required fields', async () => {
    const { out, publisher } = siteWith(3);
    await publisher.publishSite();
    const feed = JSON.parse(read(out, 'feed.json')) as { version: string; title: string; home_page_url: string; feed_url: string; language: string; items: Record<string, unknown>[] };
    expect(feed.version).toBe('https://jsonfeed.org/version/1.1');
    expect(feed.title).toBe('The Harbor Ledger');
    expect(feed.home_page_url).toBe('https://news.example.org/ledger/');
    expect(feed.feed_url).toBe('https://news.example.org/ledger/feed.json');
    expect(feed.language).toBe('en');
    expect(feed.items).toHaveLength(3);
    for (const item of feed.items) {
      expect(typeof item.id).toBe('string');
      // 1.1: every item has content_html or content_text, and authors (not author).
      expect(typeof item.content_html === 'string' || typeof item.content_text === 'string').toBe(true);
      expect(item.author).toBeUndefined();
      expect(item.authors).toEqual([{ name: 'Maya Okafor' }, { name: 'Daniel Reyes' }]);
      expect(item.url).toBe(item.id);
    }
  });

  it('sitemap.xml (an index of parts) lists every page with lastmod; robots.txt names it', async () => {
    const { out, publisher } = siteWith(3);
    await publisher.publishSite();
    const index = parseXml(read(out, 'sitemap.xml')) as { sitemapindex: { '@xmlns': string; sitemap: { loc: string; lastmod: string }[] } };
    expect(index.sitemapindex['@xmlns']).toBe('http://www.sitemaps.org/schemas/sitemap/0.9');
    const base = 'https://news.example.org/ledger/';
    const urls = asArray(index.sitemapindex.sitemap).flatMap((part) => {
      expect(part.loc.startsWith(base)).toBe(true);
      const map = parseXml(read(out, part.loc.slice(base.length))) as { urlset: { '@xmlns': string; url: { loc: string; lastmod: string }[] } };
      expect(map.urlset['@xmlns']).toBe('http://www.sitemaps.org/schemas/sitemap/0.9');
      return asArray(map.urlset.url);
    });
    const map = { urlset: { url: urls } };
    const locs = map.urlset.url.map((u) => u.loc);
    expect(locs).toContain('https://news.example.org/ledger/');
    expect(locs).toContain('https://news.example.org/ledger/world/story-1/');
    expect(locs).toContain('https://news.example.org/ledger/section/local-news/');
    expect(locs).toContain('https://news.example.org/ledger/tag/water/');
    for (const url of map.urlset.url) expect(Number.isNaN(Date.parse(url.lastmod))).toBe(false);
    expect(read(out, 'robots.txt')).toMatch(/^Sitemap: https:\/\/news\.example\.org\/ledger\/sitemap\.xml$/m);
  });

  it('hostile text stays text in every feed (HTML-escaped where readers parse HTML, raw in JSON text fields)', async () => {
    const { out, publisher } = siteWith(0, [publishedArticle(1, { headline: `H ${HOSTILE}`, summary: `S ${HOSTILE}`, byline: [`B ${HOSTILE}`], tags: [`T ${HOSTILE}`] })]);
    await publisher.publishSite();
    const rss = parseXml(read(out, 'feed.xml')) as { rss: { channel: { item: { title: string; description: string; category: string[] } } } };
    expect(rss.rss.channel.item.title).toBe(escapeHtml(`H ${HOSTILE}`));
    expect(rss.rss.channel.item.description).toBe(escapeHtml(`S ${HOSTILE}`));
    expect(rss.rss.channel.item.category).toContain(`T ${HOSTILE}`);
    const atom = parseXml(read(out, 'atom.xml')) as { feed: { entry: { title: { '#text': string; '@type': string }; summary: { '#text': string } } } };
    expect(atom.feed.entry.title['@type']).toBe('html');
    expect(atom.feed.entry.title['#text']).toBe(escapeHtml(`H ${HOSTILE}`));
    expect(atom.feed.entry.summary['#text']).toBe(escapeHtml(`S ${HOSTILE}`));
    const json = JSON.parse(read(out, 'feed.json')) as { items: { title: string; content_text: string; content_html?: string; authors: { name: string }[] }[] };
    expect(json.items[0]!.title).toBe(`H ${HOSTILE}`);
    expect(json.items[0]!.content_text).toBe(`S ${HOSTILE}`);
    expect(json.items[0]!.content_html).toBeUndefined();
    expect(json.items[0]!.authors[0]!.name).toBe(`B ${HOSTILE}`);
  });
});
