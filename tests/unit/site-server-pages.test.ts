import { readFileSync } from 'node:fs';
import { Window } from 'happy-dom';
import { afterEach, describe, expect, it } from 'vitest';
import { FeedStore } from '../../src/site/store/feeds';
import { useEngines } from '../site/engines';
import { readerComment, readerVote, siteArticle, startSite, type SiteUnderTest } from '../site/harness';

const ENGINES = useEngines();
const sites: SiteUnderTest[] = [];
afterEach(async () => {
  while (sites.length) await sites.pop()!.running.close();
});

const HOSTILE = '<script>alert(1)</script><img src=x onerror=alert(2)>';

describe.each(ENGINES)('reader pages on $name', (engine) => {
  async function publishedSite() {
    const s = await startSite({ storage: await engine.storage() });
    sites.push(s);
    expect((await s.call('PUT', 'articles/p1', { body: siteArticle('Bridge reopens', { slug: 'bridge-reopens' }) })).status).toBe(200);
    return s;
  }
  const page = (s: SiteUnderTest, path: string, headers: Record<string, string> = {}) => fetch(new URL(path, s.running.listening), { headers });

  it('issue 13.4: an article page from the shared renderer, cacheable (ETag, Last-Modified, s-maxage, 304), strict CSP, no inline script', async () => {
    const s = await publishedSite();
    const response = await page(s, 'bridge-reopens/');
    expect(response.status).toBe(200);
    const body = await response.text();
    expect(body).toContain('<h1 class="article-headline">Bridge reopens</h1>');
    expect(body).toContain('Interesting: <span class="vote-count">0/0</span>');
    expect(body).toContain(`<link rel="canonical" href="${s.running.listening}bridge-reopens/">`);
    // Every script is either ours by URL or JSON data; none is inline code.
    const scripts = [...body.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1]!);
    expect(scripts.length).toBeGreaterThan(0);
    for (const attrs of scripts) expect(attrs).toMatch(/src="\/assets\/live\.js"|type="application\/ld\+json"/);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(response.headers.get('content-security-policy')).not.toContain('unsafe-inline');
    expect(response.headers.get('cache-control')).toMatch(/s-maxage=\d+/);
    expect(new Date(response.headers.get('last-modified')!).getTime()).not.toBeNaN();
    const etag = response.headers.get('etag')!;
    const again = await page(s, 'bridge-reopens/', { 'if-none-match': etag });
    expect(again.status).toBe(304);

    // A comment approved and a vote cast change the page (new ETag) without republishing.
    const feeds = new FeedStore(s.running.site.db);
    await feeds.upsertComments([readerComment('c1', 'p1', HOSTILE)]);
    await feeds.upsertVotes([readerVote('v1', 'p1')]);
    expect((await s.call('POST', 'moderation', { body: { decisions: [{ action: 'approve', commentId: 'c1' }] } })).status).toBe(200);
    const changed = await page(s, 'bridge-reopens/', { 'if-none-match': etag });
    expect(changed.status).toBe(200);
    const html = await changed.text();
    expect(html).toContain('Support: <span class="vote-count">1/1</span>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain(HOSTILE);
  });

  it('issue 13.4: live parts JSON per article, the script that fills them in is under 10 KB, unknown pages 404 in HTML', async () => {
    const s = await publishedSite();
    const feeds = new FeedStore(s.running.site.db);
    await feeds.upsertComments([readerComment('c1', 'p1', HOSTILE), readerComment('c2', 'p1')]);
    await feeds.upsertVotes([readerVote('v1', 'p1'), { ...readerVote('v2', 'p1'), axis: 'interesting', value: false }]);
    await s.call('POST', 'moderation', { body: { decisions: [{ action: 'approve', commentId: 'c1' }] } });
    const live = await page(s, 'live/p1.json');
    expect(live.status).toBe(200);
    expect(live.headers.get('cache-control')).toMatch(/s-maxage=\d+/);
    const parts = (await live.json()) as { votes: unknown; comments: { id: string }[]; commentsHtml: string };
    expect(parts.votes).toEqual({ interesting: { yes: 0, total: 1 }, support: { yes: 1, total: 1 }, votingOpen: true });
    expect(parts.comments.map((c) => c.id)).toEqual(['c1']);
    expect(parts.commentsHtml).toContain('&lt;img src=x onerror=alert(2)&gt;');

    const script = await page(s, 'assets/live.js');
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toContain('text/javascript');
    const text = await script.text();
    // Served minified (vite.live-script.config.ts): under 10 KB as readers download it, and
    // smaller than the commented source it is built from.
    const source = readFileSync(new URL('../../src/site/pages/live.js', import.meta.url), 'utf8');
    expect(Buffer.byteLength(text)).toBeLessThan(10 * 1024);
    expect(Buffer.byteLength(text)).toBeLessThan(Buffer.byteLength(source));
    expect(text).not.toContain('textContent only');
    expect((await page(s, 'assets/site.css')).headers.get('content-type')).toContain('text/css');

    for (const path of ['no-such-story/', 'live/nope.json', 'live/p1.txt']) {
      const missing = await page(s, path);
      expect(missing.status, path).toBe(404);
      expect(missing.headers.get('content-type'), path).toContain('text/html');
    }
    // Unpublished: the page is gone.
    await s.call('DELETE', 'articles/p1');
    expect((await page(s, 'bridge-reopens/')).status).toBe(404);
  });
  it('issue 13.4: live.js fills a stale page with the current tallies and comments', async () => {
    const s = await publishedSite();
    // The page as a CDN cached it before any reader arrived.
    const stale = await (await page(s, 'bridge-reopens/')).text();
    const feeds = new FeedStore(s.running.site.db);
    await feeds.upsertComments([readerComment('c1', 'p1', HOSTILE)]);
    await feeds.upsertVotes([readerVote('v1', 'p1')]);
    await s.call('POST', 'moderation', { body: { decisions: [{ action: 'approve', commentId: 'c1' }] } });

    const window = new Window({ url: new URL('bridge-reopens/', s.running.listening).href });
    try {
      window.document.write(stale);
      expect(window.document.querySelectorAll('.vote-count')[1]!.textContent).toBe('0/0');
      // The script as the page loads it, run in the page's window (its fetch reaches the real server).
      const script = await (await page(s, 'assets/live.js')).text();
      new window.Function(script)();
      for (let i = 0; i < 200 && window.document.querySelectorAll('.vote-count')[1]!.textContent !== '1/1'; i++) await new Promise((r) => setTimeout(r, 20));
      expect(window.document.querySelectorAll('.vote-count')[1]!.textContent).toBe('1/1');
      expect(window.document.querySelector('.comments')!.textContent).toContain(HOSTILE);
      // Reader text arrives as text, never as elements.
      expect(window.document.querySelector('.comments script, .comments img')).toBeNull();
    } finally {
      await window.happyDOM.close();
    }
  });
});
