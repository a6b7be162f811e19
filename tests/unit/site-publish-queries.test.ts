import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ListingSource } from '../../src/core/publish/listing-source';
import { absoluteUrl } from '../../src/core/publish/paths';
import { termSlug } from '../../src/shared/site';
import { expectFullBuildUnchanged, publishedArticle, type Site, siteWith } from './site-fixtures';

function edit(site: Site, id: string, changes: Record<string, unknown>) {
  const { revision, createdAt: _c, updatedAt: _u, publishedAt: _p, trashedAt: _t, ...fields } = site.ws.articles.get(id);
  return site.ws.articles.save({ ...fields, ...changes, expectedRevision: revision });
}

// Spellings that share a slug but not a first letter or a case: a listing found by index seeks
// from the slug's first character must still find them all (issue 4, covering-index queries).
const TAGS = ['agua', 'Água', 'AGUA', ' agua', '#agua', 'Agua!'];
const SECTIONS = ['Local News', 'local news', 'Local-News', '¡Local News!', ' Local News'];

function siteWithSpellings(): Site {
  const extra = Array.from({ length: 50 }, (_, i) =>
    publishedArticle(100 + i, { section: SECTIONS[i % SECTIONS.length]!, tags: [TAGS[i % TAGS.length]!, 'zebra'], slug: `spelling-${i}` }),
  );
  return siteWith(10, extra);
}

describe('publish queries on covering indexes (issue 4)', () => {
  it('a listing finds every stored spelling of its slug: sections exactly, tags one per case-insensitive group', () => {
    const site = siteWithSpellings();
    const listings = new ListingSource(site.ws.db);
    // The oracle: every distinct stored name, slugified (what a scan of every row finds).
    const stored = (sql: string, slug: string) => (site.ws.db.prepare(sql).all() as { name: string }[]).map((r) => r.name).filter((name) => termSlug(name) === slug);
    const section = listings.filter('section:local-news');
    const sections = stored('SELECT DISTINCT section AS name FROM articles', 'local-news');
    expect(sections.length).toBeGreaterThanOrEqual(4);
    expect(section.kind === 'section' && [...section.spellings].sort()).toEqual(sections.sort());
    const tag = listings.filter('tag:agua');
    const groups = (names: string[]) => new Set(names.map((s) => s.toLowerCase()));
    const tags = stored('SELECT DISTINCT tag AS name FROM article_tags', 'agua');
    expect(groups(tags).size).toBeGreaterThanOrEqual(4);
    expect(tag.kind === 'tag' && groups(tag.spellings)).toEqual(groups(tags));
    expect(listings.count(tag)).toBe(50);
    expect(listings.count(section)).toBe(50 + 5); // siteWith's odd articles are in "Local News" too
  });

  it('a listing counts and ranks each article once, also one that carries a tag twice in two cases', () => {
    const site = siteWithSpellings();
    // One case-insensitive group ("zebra"), so one spelling; the article has it in two rows.
    edit(site, 'article-103', { tags: ['zebra', 'ZEBRA'] });
    const listings = new ListingSource(site.ws.db);
    const zebra = listings.filter('tag:zebra');
    expect(zebra.kind === 'tag' && zebra.spellings).toHaveLength(1);
    // The oracles: each listing read in order, page by page (ids are unique in it).
    for (const filter of [zebra, listings.filter('tag:agua'), { kind: 'home' as const }]) {
      const members = listings.page(filter, 0, 1000);
      expect(new Set(members.map((m) => m.id)).size).toBe(members.length);
      expect(new ListingSource(site.ws.db).count(filter.kind === 'home' ? filter : listings.filter(`tag:${filter.slug}`))).toBe(members.length);
      members.forEach((m, i) => {
        const { count, rank } = listings.placement(filter, m.publishedAt, m.id);
        expect({ count, rank }, m.id).toEqual({ count: members.length, rank: i });
      });
    }
    expect(listings.page(zebra, 0, 1000).map((m) => m.id)).toContain('article-103');
  });

  it('the page read outwards from an article is the page at its offset, ties in time included', () => {
    const site = siteWithSpellings();
    // Ties: several articles published at the same instant are ordered by id.
    site.ws.db.prepare("UPDATE articles SET published_at = '2025-03-03T03:00:00.000Z' WHERE id IN ('article-101', 'article-102', 'article-103', 'article-104', 'article-5')").run();
    const listings = new ListingSource(site.ws.db);
    for (const key of ['home', 'section:local-news', 'section:world', 'tag:agua', 'tag:zebra', 'tag:water']) {
      const filter = listings.filter(key);
      const all = listings.page(filter, 0, 1000);
      expect(all.length, key).toBe(listings.count(filter));
      for (const [i, item] of all.entries()) {
        const { count, rank } = listings.placement(filter, item.publishedAt, item.id);
        expect([count, rank], `${key} ${item.id}`).toEqual([all.length, i]);
        const start = Math.floor(rank / 20) * 20;
        expect(listings.pageAround(filter, item.publishedAt, item.id, rank, 20).map((s) => s.id), `${key} ${item.id}`).toEqual(all.slice(start, start + 20).map((s) => s.id));
      }
    }
  });

  it('a targeted publish of an article with odd spellings matches a full build', async () => {
    const site = siteWithSpellings();
    await site.publisher.publishSite();
    edit(site, 'article-117', { summary: 'A corrected summary.' });
    const targeted = await site.publisher.publishArticle('article-117');
    expect(targeted.errors).toEqual([]);
    expect(targeted.written.filter((f) => f.startsWith('tag/agua/'))).toHaveLength(1);
    expect(targeted.written.filter((f) => f.startsWith('section/local-news/'))).toHaveLength(1);
    await expectFullBuildUnchanged(site);
  });

  it('a targeted publish that takes an article out of a tag listing and into another matches a full build', async () => {
    const site = siteWithSpellings();
    await site.publisher.publishSite();
    edit(site, 'article-103', { tags: ['Zebra', 'brand new'] });
    const targeted = await site.publisher.publishArticle('article-103');
    expect(targeted.written).toEqual(expect.arrayContaining(['tag/brand-new/index.html']));
    await expectFullBuildUnchanged(site);
  });

  it('a full build looks for stale temp files only after a publish that did not finish', async () => {
    const site = siteWith(3);
    await site.publisher.publishSite();
    const stale = join(site.out, 'world', '.index.html.4242.0123456789ab.tmp');
    writeFileSync(stale, 'half');
    // The last publish finished: nothing can have been left behind, so the folder is not walked.
    await site.publisher.publishSite();
    expect(existsSync(stale)).toBe(true);
    // A publish killed while writing leaves its mark; the next full build cleans up after it.
    site.ws.db.prepare("INSERT INTO meta (key, value) VALUES ('publish_running', '1') ON CONFLICT (key) DO UPDATE SET value = '1'").run();
    await site.publisher.publishSite();
    expect(existsSync(stale)).toBe(false);
    expect(site.ws.db.prepare("SELECT value FROM meta WHERE key = 'publish_running'").get()).toBeUndefined();
  });

  it('absolute URLs built by concatenation equal what the URL parser resolves', () => {
    const segment = fc.stringMatching(/^[a-z0-9._-]{0,12}$/);
    const path = fc.array(segment, { maxLength: 5 }).map((parts) => `/${parts.join('/')}${parts.length > 0 ? '/' : ''}`);
    const base = fc.constantFrom('https://news.example.org/', 'https://News.Example.org:443/ledger/', 'http://localhost:8080/a/b/', 'https://x.test/site?q=1#f', 'https://x.test/no-slash');
    fc.assert(
      fc.property(base, path, fc.constantFrom('', 'feed.xml', 'page/2/'), (baseUrl, sitePath, tail) => {
        const full = `${sitePath}${tail}`;
        expect(absoluteUrl(baseUrl, full)).toBe(new URL(full.replace(/^\/+/, ''), baseUrl).href);
      }),
    );
  });
});
