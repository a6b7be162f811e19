import { describe, expect, it } from 'vitest';
import { siteContext } from '../../src/core/publish/build';
import { ListingSource } from '../../src/core/publish/listing-source';
import { ManifestStore } from '../../src/core/publish/manifest';
import { articleJsonLd } from '../../src/core/publish/meta';
import { planTargeted } from '../../src/core/publish/targeted';
import { engagementFor, PublishSource } from '../../src/core/publish/source';
import { plainTextHtml } from '../../src/shared/render/comments';
import { DEFAULT_URL_SCHEMES, jsonForScript, safeHref } from '../../src/shared/render/html';
import { formatDate } from '../../src/shared/render/page-parts';
import { siteWith } from './site-fixtures';

/**
 * The shortcuts that make a full build fast (remembered safeHref answers, dates formatted once
 * per day, one-pass script escaping, one-line comments, kept feeds) must give exactly the
 * answers the slow paths give.
 */
describe('publish speed-ups keep their answers', () => {
  it('safeHref remembers answers per allow-list, so a URL allowed by one list is not allowed by another', () => {
    const dataOnly: readonly string[] = ['data:'];
    expect(safeHref('https://example.org/a')).toBe('https://example.org/a');
    expect(safeHref('https://example.org/a', dataOnly)).toBeNull();
    expect(safeHref('data:image/png;base64,AAAA')).toBeNull();
    expect(safeHref('data:image/png;base64,AAAA', dataOnly)).toBe('data:image/png;base64,AAAA');
    // Asked again (now from the cache): the same answers, and hostile input is still refused.
    for (let i = 0; i < 2; i += 1) {
      expect(safeHref('https://example.org/a', DEFAULT_URL_SCHEMES)).toBe('https://example.org/a');
      expect(safeHref('JaVa\tScRiPt:alert(1)')).toBeNull();
      expect(safeHref('../section/world/')).toBe('../section/world/');
    }
  });

  it('safeHref stays correct past its cache limit', () => {
    for (let i = 0; i < 6000; i += 1) expect(safeHref(`https://example.org/${i}`)).toBe(`https://example.org/${i}`);
    expect(safeHref('javascript:alert(1)')).toBeNull();
  });

  it('formatDate keys its cache by UTC day only for plain UTC timestamps', () => {
    expect(formatDate('2024-03-01T23:59:59.999Z', 'en')).toBe('March 1, 2024');
    expect(formatDate('2024-03-02T00:00:00.000Z', 'en')).toBe('March 2, 2024');
    // Same first ten characters, another day in UTC: must not reuse "March 1".
    expect(formatDate('2024-03-01T23:30:00-05:00', 'en')).toBe('March 2, 2024');
    expect(formatDate('2024-03-01T24:00:00Z', 'en')).not.toBe('March 1, 2024');
    expect(formatDate('2024-03-01T12:00:00Z', 'de')).toBe('1. März 2024');
    expect(formatDate('not a date', 'en')).toBe('not a date');
  });

  it('jsonForScript escapes every character that could end the script or confuse old parsers', () => {
    const text = jsonForScript({ a: '</script><!-- & \u2028\u2029 >' });
    expect(text).toBe('{"a":"\\u003c/script\\u003e\\u003c!-- \\u0026 \\u2028\\u2029 \\u003e"}');
    expect(JSON.parse(text)).toEqual({ a: '</script><!-- & \u2028\u2029 >' });
  });

  it('a one-line comment renders as the multi-line path would', () => {
    expect(plainTextHtml('  <b>hi</b> & "you"  ').value).toBe('<p><bdi>&lt;b&gt;hi&lt;/b&gt; &amp; &quot;you&quot;</bdi></p>');
    expect(plainTextHtml('   ').value).toBe('');
    expect(plainTextHtml('one\ntwo\n\nthree').value).toBe('<p><bdi>one<br>two</bdi></p><p><bdi>three</bdi></p>');
  });

  it('JSON-LD leaves absent fields out, as a JSON round trip did', () => {
    const site = siteWith(1);
    const article = site.ws.articles.get('article-1');
    const news = articleJsonLd({ article: { ...article, summary: '', section: '', tags: [] }, canonicalUrl: 'https://x.example/a/', siteTitle: 'X', siteUrl: 'https://x.example/', language: 'en', logoUrl: null, imageUrl: null });
    expect(Object.values(news)).not.toContain(undefined);
    expect(news).not.toHaveProperty('description');
    expect(news).not.toHaveProperty('image');
    expect(news).toHaveProperty('headline', article.headline);
  });

  it('a one-article publish keeps the feeds without rendering them when the newest items did not change', async () => {
    const site = siteWith(45);
    await site.publisher.publishSite();
    // article-2 is among the oldest: far below the newest items the feeds list.
    const { revision, createdAt: _c, updatedAt: _u, publishedAt: _p, trashedAt: _t, ...fields } = site.ws.articles.get('article-2');
    site.ws.articles.save({ ...fields, summary: 'A corrected summary.', expectedRevision: revision });
    const source = new PublishSource(site.ws.db);
    const ctx = siteContext(site.publisher.settings.get(), source, engagementFor(site.ws.db));
    const plan = planTargeted(ctx, new ManifestStore(site.ws.db), new ListingSource(site.ws.db), 'article-2', source.articles(['article-2'])[0] ?? null);
    const feeds = plan!.files.filter((f) => f.source === 'feed');
    expect(feeds).toHaveLength(3);
    for (const feed of feeds) {
      expect(feed.keep, feed.file).toBeDefined();
      expect(feed.content, feed.file).toBeUndefined();
    }
  });
});
