import { statSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { approvedComments, voteTallies } from '../../src/core/moderation/public';
import { ManifestStore } from '../../src/core/publish/manifest';
import { engagementFor } from '../../src/core/publish/source';
import { contents, expectFullBuildUnchanged, filesUnder, read, type Site, siteWith } from './site-fixtures';

function edit(site: Site, id: string, changes: Record<string, unknown>) {
  const { revision, createdAt: _c, updatedAt: _u, publishedAt: _p, trashedAt: _t, ...fields } = site.ws.articles.get(id);
  return site.ws.articles.save({ ...fields, ...changes, expectedRevision: revision });
}

const changed = (before: Map<string, string>, after: Map<string, string>) =>
  [...new Set([...before.keys(), ...after.keys()])].filter((p) => before.get(p) !== after.get(p)).sort();

const parser = new XMLParser();
const asArray = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** Every <loc> of every part the sitemap index lists, and the parts themselves. */
function sitemapUrls(out: string): { parts: string[]; urls: string[] } {
  const base = 'https://news.example.org/ledger/';
  const index = parser.parse(read(out, 'sitemap.xml')) as { sitemapindex: { sitemap: { loc: string }[] | { loc: string } } };
  const parts = asArray(index.sitemapindex.sitemap).map((s) => s.loc.slice(base.length));
  const urls = parts.flatMap((part) => asArray((parser.parse(read(out, part)) as { urlset: { url?: { loc: string }[] | { loc: string } } }).urlset.url).map((u) => u.loc));
  return { parts: parts.sort(), urls: urls.sort() };
}

describe('publishing at scale (issue: full build and one-article republish targets)', () => {
  it('a truncated output file (size differs from the manifest) is rewritten on the next publish', async () => {
    const site = siteWith(3);
    await site.publisher.publishSite();
    const file = 'world/story-1/index.html';
    const whole = read(site.out, file);
    const manifest = new ManifestStore(site.ws.db).load(site.out);
    expect(manifest.get(file)!.size).toBe(Buffer.byteLength(whole));
    // What a power loss can leave behind: output is renamed into place without fsync.
    truncateSync(join(site.out, file), 100);
    const again = await site.publisher.publishSite();
    expect(again.written).toEqual([file]);
    expect(read(site.out, file)).toBe(whole);
    // A targeted publish checks the files it plans too.
    truncateSync(join(site.out, file), 10);
    const targeted = await site.publisher.publishArticle('article-1');
    expect(targeted.written).toContain(file);
    expect(read(site.out, file)).toBe(whole);
  });

  it('publishing one edited article of 300 touches only its page, one page per listing it is on, the feeds and its sitemap parts', async () => {
    const site = siteWith(300);
    await site.publisher.publishSite();
    const before = contents(site.out);
    const mtimes = new Map(filesUnder(site.out).map((f) => [f, statSync(join(site.out, f)).mtimeMs]));
    // article-150: Local News, tagged water; deep inside every listing (not in the newest 20).
    edit(site, 'article-150', { summary: 'A corrected summary.' });
    const result = await site.publisher.publishArticle('article-150');
    const diff = changed(before, contents(site.out));
    expect(result.written.sort()).toEqual(diff);
    expect(diff.filter((f) => f === 'index.html' || f.startsWith('page/'))).toHaveLength(1);
    expect(diff.filter((f) => f.startsWith('section/'))).toHaveLength(1);
    expect(diff.filter((f) => f.startsWith('section/'))[0]).toMatch(/^section\/local-news\//);
    expect(diff.filter((f) => f.startsWith('tag/'))).toHaveLength(1);
    expect(diff.filter((f) => f.startsWith('tag/'))[0]).toMatch(/^tag\/water\//);
    expect(diff).toContain('local-news/story-150/index.html');
    expect(diff.filter((f) => f.startsWith('sitemap'))).toEqual(expect.arrayContaining(['sitemap-pages.xml', 'sitemap.xml']));
    expect(diff.filter((f) => /^sitemap-\d{4}-\d{2}\.xml$/.test(f))).toHaveLength(1);
    expect(diff.length).toBeLessThanOrEqual(8);
    for (const file of filesUnder(site.out).filter((f) => !diff.includes(f))) expect(statSync(join(site.out, file)).mtimeMs, file).toBe(mtimes.get(file));
    await expectFullBuildUnchanged(site);
  });

  it('a targeted publish that moves an article to another section and date matches a full build', async () => {
    const site = siteWith(300);
    await site.publisher.publishSite();
    edit(site, 'article-40', { section: 'Science', tags: ['space'], headline: 'Moved story' });
    site.ws.db.prepare("UPDATE articles SET published_at = '2024-06-01T00:00:00.000Z' WHERE id = 'article-40'").run();
    const targeted = await site.publisher.publishArticle('article-40');
    expect(targeted.errors).toEqual([]);
    expect(targeted.deleted).toContain('local-news/story-40/index.html');
    expect(targeted.written).toEqual(expect.arrayContaining(['science/story-40/index.html', 'section/science/index.html', 'tag/space/index.html', 'sitemap-2024-06.xml']));
    await expectFullBuildUnchanged(site);
  });

  it('the sitemap index lists the pages part and one part per publication month, covering every page exactly once', async () => {
    const site = siteWith(60);
    await site.publisher.publishSite();
    const { parts, urls } = sitemapUrls(site.out);
    const months = new Set(site.ws.db.prepare("SELECT substr(published_at, 1, 7) AS m FROM articles WHERE status = 'published'").all().map((r) => (r as { m: string }).m));
    expect(parts).toEqual(['sitemap-pages.xml', ...[...months].sort().map((m) => `sitemap-${m}.xml`)].sort());
    expect(new Set(urls).size).toBe(urls.length);
    expect(urls.filter((u) => /\/story-\d+\/$/.test(u))).toHaveLength(60);
    expect(urls).toEqual(expect.arrayContaining(['https://news.example.org/ledger/', 'https://news.example.org/ledger/section/world/', 'https://news.example.org/ledger/tag/energy/']));
    // Unpublishing every article of one month removes its part from the index and the folder.
    const month = [...months].sort()[0]!;
    const ids = site.ws.db.prepare('SELECT id FROM articles WHERE substr(published_at, 1, 7) = ?').all(month).map((r) => (r as { id: string }).id);
    for (const id of ids) edit(site, id, { status: 'unpublished' });
    const after = await site.publisher.publishSite();
    expect(after.deleted).toContain(`sitemap-${month}.xml`);
    expect(sitemapUrls(site.out).parts).not.toContain(`sitemap-${month}.xml`);
    expect(filesUnder(site.out)).not.toContain(`sitemap-${month}.xml`);
  });

  it('batched engagement (one query per batch) gives the same comments and votes as the per-article queries', () => {
    const site = siteWith(3);
    const db = site.ws.db;
    db.prepare("INSERT INTO comment_authors (id, source, remote_id, display_name, first_seen_at) VALUES (1, 't', 'a', 'Reader', '2025-01-01T00:00:00.000Z')").run();
    const comment = db.prepare("INSERT INTO comments (id, source, remote_id, article_id, parent_id, author_id, body, body_hash, created_at, ingested_at, status) VALUES (?, 't', ?, ?, ?, 1, ?, 'h', ?, ?, ?)");
    comment.run(1, 'c1', 'article-1', null, 'first', '2025-01-02T00:00:00.000Z', '2025-01-02T00:00:00.000Z', 'approved');
    comment.run(2, 'c2', 'article-1', 1, 'reply', '2025-01-03T00:00:00.000Z', '2025-01-03T00:00:00.000Z', 'approved');
    comment.run(3, 'c3', 'article-1', null, 'held', '2025-01-03T00:00:00.000Z', '2025-01-03T00:00:00.000Z', 'pending');
    comment.run(4, 'c4', 'article-2', 3, 'reply to held', '2025-01-04T00:00:00.000Z', '2025-01-04T00:00:00.000Z', 'approved');
    const engagement = engagementFor(db);
    const ids = ['article-1', 'article-2', 'article-3'];
    const batch = engagement.many!(ids);
    for (const id of ids) {
      expect(batch.get(id)!.comments, id).toEqual(approvedComments(db, id));
      expect(batch.get(id)!.votes, id).toEqual(voteTallies(db, id));
    }
    expect(batch.get('article-1')!.comments.map((c) => c.body)).toEqual(['first', 'reply']);
    expect(batch.get('article-2')!.comments[0]!.parentId).toBeNull();
  });
});
