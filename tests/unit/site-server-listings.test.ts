import { afterEach, describe, expect, it } from 'vitest';
import { useEngines } from '../site/engines';
import { siteArticle, startSite, type SiteUnderTest } from '../site/harness';
import type { SiteServerOptions } from '../../src/site/index';

/**
 * Issue 13 item 4: the site server's home, section and tag pages, at the static site's URLs and
 * in its markup (the shared listing renderer), paged, cacheable, on both engines.
 */

const ENGINES = useEngines();
const sites: SiteUnderTest[] = [];
afterEach(async () => {
  while (sites.length) await sites.pop()!.running.close();
});

const HOSTILE = '<script>alert(1)</script><img src=x onerror=alert(2)>';
const day = (n: number) => new Date(Date.UTC(2026, 0, 1 + n, 9)).toISOString();

/** Story n: published on day n; odd ones in "Local News", even ones in "World"; every one tagged water. */
const story = (n: number) =>
  siteArticle(`Story ${n}`, { slug: `story-${n}`, section: n % 2 ? 'Local News' : 'World', tags: n % 5 === 0 ? ['water', 'Energy'] : ['water'], publishedAt: day(n), updatedAt: day(n) });

const cards = (html: string) => [...html.matchAll(/<h2 class="listing-card__headline"><a href="([^"]+)">([^<]*)<\/a><\/h2>/g)].map((m) => ({ href: m[1]!, headline: m[2]! }));

describe.each(ENGINES)('listing pages on $name', (engine) => {
  async function site(options: Partial<SiteServerOptions> = {}, stories = 23) {
    const s = await startSite({ storage: await engine.storage(), ...options });
    sites.push(s);
    for (let n = 1; n <= stories; n++) expect((await s.call('PUT', `articles/s${n}`, { body: story(n) })).status).toBe(200);
    return s;
  }
  const get = (s: SiteUnderTest, path: string, headers: Record<string, string> = {}) => fetch(new URL(path, s.running.listening), { headers });

  it("issue 13.4: home, section and tag pages in the static site's shape, newest first, 20 a page", async () => {
    const s = await site();
    const home = await (await get(s, '')).text();
    expect(home).toContain('<body class="page-listing">');
    expect(home).toContain('<p class="listing__label">Latest articles</p>');
    const first = cards(home);
    expect(first).toHaveLength(20);
    expect(first[0]).toEqual({ href: 'story-23/', headline: 'Story 23' });
    expect(first[19]!.headline).toBe('Story 4');
    expect(home).toContain('<span class="pagination__status">Page 1 of 2</span>');
    expect(home).toContain('<a class="pagination__next" rel="next" href="page/2/">Older</a>');
    expect(home).toContain(`<link rel="next" href="${s.running.listening}page/2/">`);
    expect(home).toContain('<link rel="alternate" type="application/rss+xml" title="Copydesk Site" href="feed.xml">');
    expect(home).toContain('<p class="listing-card__section"><a href="section/local-news/">Local News</a></p>');

    const second = await (await get(s, 'page/2/')).text();
    expect(cards(second).map((c) => c.headline)).toEqual(['Story 3', 'Story 2', 'Story 1']);
    expect(second).toContain('<a class="pagination__prev" rel="prev" href="../../">Newer</a>');
    expect(second).toContain(`<link rel="canonical" href="${s.running.listening}page/2/">`);

    const local = await (await get(s, 'section/local-news/')).text();
    expect(local).toContain('<p class="listing__label">Section</p>');
    expect(local).toContain('<h1 id="listing-heading" class="listing__heading">Local News</h1>');
    expect(cards(local).map((c) => c.headline)).toEqual([23, 21, 19, 17, 15, 13, 11, 9, 7, 5, 3, 1].map((n) => `Story ${n}`));
    expect(cards(local)[0]!.href).toBe('../../story-23/');

    const energy = await (await get(s, 'tag/energy/')).text();
    expect(energy).toContain('<p class="listing__label">Tag</p>');
    expect(energy).toContain('<h1 id="listing-heading" class="listing__heading">Energy</h1>');
    expect(cards(energy).map((c) => c.headline)).toEqual(['Story 20', 'Story 15', 'Story 10', 'Story 5']);
    const water2 = await (await get(s, 'tag/water/page/2/')).text();
    expect(cards(water2)).toHaveLength(3);

    // An update moves nothing but its own card; an unpublished article leaves every listing.
    expect((await s.call('PUT', 'articles/s23', { body: { ...story(23), headline: 'Story 23, corrected' }, headers: { 'if-match': '"1"' } })).status).toBe(200);
    expect(cards(await (await get(s, '')).text())[0]!.headline).toBe('Story 23, corrected');
    expect((await s.call('DELETE', 'articles/s20')).status).toBe(204);
    expect(cards(await (await get(s, 'tag/energy/')).text()).map((c) => c.headline)).toEqual(['Story 15', 'Story 10', 'Story 5']);
  });

  it('issue 13.4: every link on the listings and on an article page leads to a page the site serves', async () => {
    const s = await site();
    const seen = new Set<string>();
    const origin = new URL(s.running.listening).origin;
    const queue = ['', 'page/2/', 'story-20/'].map((p) => new URL(p, s.running.listening).href);
    while (queue.length > 0) {
      const url = queue.shift()!;
      if (seen.has(url)) continue;
      seen.add(url);
      const response = await fetch(url);
      expect(response.status, url).toBe(200);
      // Follow links from listing pages and one article page; count the rest (articles, feeds) as leaves.
      if (!(response.headers.get('content-type') ?? '').startsWith('text/html') || (/story-\d+\/$/.test(url) && !url.endsWith('story-20/'))) continue;
      const html = await response.text();
      for (const [, href] of html.matchAll(/href="([^"]+)"/g)) {
        const target = new URL(href!.replaceAll('&amp;', '&'), url);
        target.hash = '';
        if (target.origin === origin && !target.pathname.startsWith('/login')) queue.push(target.href);
      }
    }
    const paths = [...seen].map((u) => new URL(u).pathname);
    // The article page's section and tag links reach the listings (same slugs as the static site).
    expect(paths).toEqual(expect.arrayContaining(['/', '/page/2/', '/section/world/', '/section/local-news/', '/tag/water/', '/tag/water/page/2/', '/tag/energy/', '/feed.xml', '/assets/site.css']));
    expect(paths.filter((p) => /^\/story-\d+\/$/.test(p))).toHaveLength(23);
  });

  it('issue 13.4: pages past the last, /page/1/ and unknown sections or tags are the HTML 404 page', async () => {
    const s = await site({}, 3);
    for (const path of ['page/2/', 'page/1/', 'page/0/', 'page/x/', 'section/nowhere/', 'section/Local%20News/', 'tag/water/page/2/', 'section/world/page/1/']) {
      const response = await get(s, path);
      expect(response.status, path).toBe(404);
      expect(response.headers.get('content-type'), path).toContain('text/html');
    }
    // An empty site still has a home page.
    const empty = await startSite({ storage: await engine.storage() });
    sites.push(empty);
    const home = await get(empty, '');
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('<p class="listing__empty">Nothing has been published yet.</p>');
  });

  it('issue 13.4: listing pages are cacheable (ETag and 304, Last-Modified, s-maxage), carry surrogate keys, a strict CSP, no script, HSTS behind https', async () => {
    const s = await site({ publicUrl: 'https://news.example.org/' }, 3);
    const response = await get(s, 'section/local-news/');
    expect(response.status).toBe(200);
    const body = await response.text();
    expect(body).not.toMatch(/<script\b/);
    expect(body).toContain('<link rel="canonical" href="https://news.example.org/section/local-news/">');
    expect(response.headers.get('cache-control')).toMatch(/\bs-maxage=\d+/);
    expect(response.headers.get('last-modified')).toBe(new Date(day(3)).toUTCString());
    expect(response.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    expect(response.headers.get('content-security-policy')).not.toContain('unsafe-inline');
    expect(response.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    expect(response.headers.get('surrogate-key')).toBe('copydesk-site listing:section:local-news:1');
    expect(response.headers.get('cache-tag')).toBe('copydesk-site,listing:section:local-news:1');
    const etag = response.headers.get('etag')!;
    expect((await get(s, 'section/local-news/', { 'if-none-match': etag })).status).toBe(304);
    // A new article in the section changes the page: the old ETag no longer matches.
    await s.call('PUT', 'articles/s5', { body: story(5) });
    expect((await get(s, 'section/local-news/', { 'if-none-match': etag })).status).toBe(200);
    // Without https in the public URL there is no HSTS.
    const plain = await site({}, 1);
    expect((await get(plain, '')).headers.get('strict-transport-security')).toBeNull();
  });

  it('issue 13.4: hostile headline, summary, section and tag text is escaped on listing pages', async () => {
    const s = await site({}, 0);
    const hostile = siteArticle('Hostile', { slug: 'hostile', headline: HOSTILE, summary: HOSTILE, section: HOSTILE, tags: [HOSTILE], byline: [HOSTILE] });
    expect((await s.call('PUT', 'articles/h1', { body: hostile })).status).toBe(200);
    // The section's slug is what the static site makes of the same name.
    const pages = ['', 'section/script-alert-1-script-img-src-x-onerror-alert-2/', 'tag/script-alert-1-script-img-src-x-onerror-alert-2/'];
    for (const path of pages) {
      const html = await (await get(s, path)).text();
      expect(html, path).not.toContain(HOSTILE);
      expect(html, path).not.toMatch(/<script\b|<img src=x/);
      expect(html, path).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    }
  });

  it('issue 13.4: articles stored before the listing index existed are listed once the server starts', async () => {
    const storage = await engine.storage();
    const first = await startSite({ storage });
    for (let n = 1; n <= 3; n++) await first.call('PUT', `articles/s${n}`, { body: story(n) });
    // As a database from before migration 0002 holds them: articles, no listing rows.
    await first.running.site.db.deleteFrom('listings').execute();
    expect(cards(await (await get(first, '')).text())).toHaveLength(0);
    await first.running.close();
    const second = await startSite({ storage });
    sites.push(second);
    expect(cards(await (await get(second, '')).text()).map((c) => c.headline)).toEqual(['Story 3', 'Story 2', 'Story 1']);
    expect(cards(await (await get(second, 'section/local-news/')).text()).map((c) => c.headline)).toEqual(['Story 3', 'Story 1']);
  });
});
