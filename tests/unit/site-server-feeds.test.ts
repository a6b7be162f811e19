import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterEach, describe, expect, it } from 'vitest';
import { escapeHtml } from '../../src/shared/render/html';
import { useEngines } from '../site/engines';
import { siteArticle, startSite, type SiteUnderTest } from '../site/harness';

/** Issue 13 item 4: the site server's feeds, sitemap and robots.txt, on both engines. */

const ENGINES = useEngines();
const sites: SiteUnderTest[] = [];
afterEach(async () => {
  while (sites.length) await sites.pop()!.running.close();
});

const HOSTILE = `<script>alert("x")</script><img src=x onerror=alert(1)> & "quotes" 'single' ]]> <!--`;
/** Sections, tags and names are short (80 and fewer characters). */
const SHORT = `<script>x</script> & "q" 'a' ]]> <!--`;
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' });
const asArray = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

function parseXml(text: string): Record<string, unknown> {
  expect(XMLValidator.validate(text)).toBe(true);
  return parser.parse(text) as Record<string, unknown>;
}

/** Story n, published n * 2 days into 2026 (so January and February), updated an hour later. */
const story = (n: number) => {
  const at = Date.UTC(2026, 0, 1 + n * 2, 9);
  return siteArticle(`Story ${n}`, { slug: `story-${n}`, section: n % 2 ? 'Local News' : 'World', tags: ['water'], publishedAt: new Date(at).toISOString(), updatedAt: new Date(at + 3_600_000).toISOString() });
};

describe.each(ENGINES)('feeds, sitemap and robots.txt on $name', (engine) => {
  async function site(stories: number) {
    const s = await startSite({ storage: await engine.storage() });
    sites.push(s);
    for (let n = 1; n <= stories; n++) expect((await s.call('PUT', `articles/s${n}`, { body: story(n) })).status).toBe(200);
    return s;
  }
  const get = (s: SiteUnderTest, path: string, headers: Record<string, string> = {}) => fetch(new URL(path, s.running.listening), { headers });

  it('issue 13.4: RSS, Atom and JSON Feed list the newest 20 articles and validate; cacheable with 304', async () => {
    const s = await site(25);
    const base = s.running.listening;
    const rssResponse = await get(s, 'feed.xml');
    expect(rssResponse.headers.get('content-type')).toContain('application/rss+xml');
    expect(rssResponse.headers.get('cache-control')).toMatch(/\bs-maxage=\d+/);
    expect(rssResponse.headers.get('surrogate-key')).toBe('copydesk-site feeds');
    const rss = parseXml(await rssResponse.text()) as { rss: { channel: { title: string; link: string; item: { title: string; link: string; category: string[] }[] } } };
    expect(rss.rss.channel.title).toBe('Copydesk Site');
    expect(rss.rss.channel.link).toBe(base);
    const items = asArray(rss.rss.channel.item);
    expect(items.map((i) => i.title)).toEqual(Array.from({ length: 20 }, (_, i) => `Story ${25 - i}`));
    expect(items[0]!.link).toBe(`${base}story-25/`);
    expect(items[0]!.category).toEqual(['Local News', 'water']);
    expect((await get(s, 'feed.xml', { 'if-none-match': rssResponse.headers.get('etag')! })).status).toBe(304);

    const atomResponse = await get(s, 'atom.xml');
    expect(atomResponse.headers.get('content-type')).toContain('application/atom+xml');
    const atom = parseXml(await atomResponse.text()) as { feed: { id: string; updated: string; entry: { id: string }[] } };
    expect(atom.feed.id).toBe(base);
    expect(atom.feed.updated).toBe(story(25).updatedAt);
    expect(asArray(atom.feed.entry).map((e) => e.id)).toEqual(items.map((i) => i.link));

    const jsonResponse = await get(s, 'feed.json');
    expect(jsonResponse.headers.get('content-type')).toContain('application/feed+json');
    const json = (await jsonResponse.json()) as { version: string; feed_url: string; items: { url: string }[] };
    expect(json.version).toBe('https://jsonfeed.org/version/1.1');
    expect(json.feed_url).toBe(`${base}feed.json`);
    expect(json.items.map((i) => i.url)).toEqual(items.map((i) => i.link));
  });

  it('issue 13.4: the sitemap index names the pages part and one part per month; every URL in them is served; robots.txt names the index', async () => {
    const s = await site(20);
    const base = s.running.listening;
    const indexResponse = await get(s, 'sitemap.xml');
    expect(indexResponse.headers.get('content-type')).toContain('application/xml');
    const index = parseXml(await indexResponse.text()) as { sitemapindex: { '@xmlns': string; sitemap: { loc: string; lastmod: string }[] } };
    expect(index.sitemapindex['@xmlns']).toBe('http://www.sitemaps.org/schemas/sitemap/0.9');
    const parts = asArray(index.sitemapindex.sitemap);
    expect(parts.map((p) => p.loc)).toEqual([`${base}sitemap-2026-01.xml`, `${base}sitemap-2026-02.xml`, `${base}sitemap-pages.xml`]);
    expect(parts.find((p) => p.loc.endsWith('2026-01.xml'))!.lastmod).toBe(story(15).updatedAt);

    const urls = new Map<string, string>();
    for (const part of parts) {
      const response = await fetch(part.loc);
      expect(response.status, part.loc).toBe(200);
      const map = parseXml(await response.text()) as { urlset: { url: { loc: string; lastmod: string }[] } };
      for (const url of asArray(map.urlset.url)) urls.set(url.loc, url.lastmod);
    }
    expect(urls.size).toBe(20 + 4);
    expect(urls.get(`${base}story-20/`)).toBe(story(20).updatedAt);
    expect(urls.get(base)).toBe(story(20).updatedAt);
    expect(urls.get(`${base}section/local-news/`)).toBe(story(19).updatedAt);
    expect(urls.has(`${base}section/world/`) && urls.has(`${base}tag/water/`)).toBe(true);
    for (const loc of urls.keys()) expect((await fetch(loc)).status, loc).toBe(200);

    for (const path of ['sitemap-2025-12.xml', 'sitemap-2026-13.xml', 'sitemap-x.xml', 'favicon.ico']) {
      const missing = await get(s, path);
      expect(missing.status, path).toBe(404);
      expect(missing.headers.get('content-type'), path).toContain('text/html');
    }

    const robots = await get(s, 'robots.txt');
    expect(robots.headers.get('content-type')).toContain('text/plain');
    expect(await robots.text()).toBe(`User-agent: *\nAllow: /\n\nSitemap: ${base}sitemap.xml\n`);
  });

  it('issue 13.4: hostile headline, summary, byline, section and tag text stays text in the feeds and the sitemap', async () => {
    const s = await site(0);
    const hostile = siteArticle('Hostile', { slug: 'hostile', headline: `H ${HOSTILE}`, summary: `S ${HOSTILE}`, byline: [`B ${SHORT}`], section: `C ${SHORT}`, tags: [`T ${SHORT}`] });
    expect((await s.call('PUT', 'articles/h1', { body: hostile })).status).toBe(200);
    const rss = parseXml(await (await get(s, 'feed.xml')).text()) as { rss: { channel: { item: { title: string; description: string; category: string[]; 'dc:creator': string } } } };
    expect(rss.rss.channel.item.title).toBe(escapeHtml(`H ${HOSTILE}`));
    expect(rss.rss.channel.item.description).toBe(escapeHtml(`S ${HOSTILE}`));
    expect(rss.rss.channel.item.category).toEqual([`C ${SHORT}`, `T ${SHORT}`]);
    expect(rss.rss.channel.item['dc:creator']).toBe(`B ${SHORT}`);
    const atom = parseXml(await (await get(s, 'atom.xml')).text()) as { feed: { entry: { title: { '#text': string }; category: { '@term': string }[] } } };
    expect(atom.feed.entry.title['#text']).toBe(escapeHtml(`H ${HOSTILE}`));
    expect(atom.feed.entry.category.map((c) => c['@term'])).toEqual([`C ${SHORT}`, `T ${SHORT}`]);
    const json = (await (await get(s, 'feed.json')).json()) as { items: { title: string }[] };
    expect(json.items[0]!.title).toBe(`H ${HOSTILE}`);
    for (const path of ['sitemap.xml', 'sitemap-pages.xml', 'sitemap-2026-01.xml']) parseXml(await (await get(s, path)).text());
  });
});
