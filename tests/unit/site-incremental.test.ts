import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManifestStore } from '../../src/core/publish/manifest';
import { MARKER_FILE } from '../../src/core/publish/output';
import { contents, expectFullBuildUnchanged, filesUnder, read, type Site, siteWith } from './site-fixtures';
import { tempDir } from './helpers';

function edit(site: Site, id: string, changes: Record<string, unknown>) {
  const { revision, createdAt: _c, updatedAt: _u, publishedAt: _p, trashedAt: _t, ...fields } = site.ws.articles.get(id);
  return site.ws.articles.save({ ...fields, ...changes, expectedRevision: revision });
}

const manifest = (site: Site) => new ManifestStore(site.ws.db).load(site.out);

function changedFiles(before: Map<string, string>, after: Map<string, string>): string[] {
  const paths = new Set([...before.keys(), ...after.keys()]);
  return [...paths].filter((p) => before.get(p) !== after.get(p)).sort();
}

describe('incremental, safe publishing', () => {
  it('a second publish with nothing changed writes nothing', async () => {
    const site = siteWith(5);
    const first = await site.publisher.publishSite();
    expect(first.written.length).toBe(filesUnder(site.out).length - 1); // all but the marker
    const second = await site.publisher.publishSite();
    expect(second.written).toEqual([]);
    expect(second.deleted).toEqual([]);
    expect(second.unchanged).toBe(first.written.length);
  });

  it('editing one article rewrites only its page, the listings it is on, the feeds and the sitemap', async () => {
    const site = siteWith(45);
    await site.publisher.publishSite();
    const before = contents(site.out);
    const manifestBefore = manifest(site);
    const mtimes = new Map(filesUnder(site.out).map((f) => [f, statSync(join(site.out, f)).mtimeMs]));
    // article-2 is in "Local News", tagged water only; it is on home page 3 (oldest dates come last).
    edit(site, 'article-2', { summary: 'A corrected summary.' });
    const summary = await site.publisher.publishSite();
    const after = contents(site.out);
    const changed = changedFiles(before, after);
    expect(summary.written.sort()).toEqual(changed);
    const homePage = changed.filter((f) => f === 'index.html' || f.startsWith('page/'));
    expect(homePage).toHaveLength(1);
    expect(changed.filter((f) => f.startsWith('section/'))).toHaveLength(1);
    expect(changed.filter((f) => f.startsWith('section/'))[0]).toMatch(/^section\/local-news\//);
    expect(changed.filter((f) => f.startsWith('tag/'))).toHaveLength(1);
    expect(changed.filter((f) => f.startsWith('tag/'))[0]).toMatch(/^tag\/water\//);
    expect(changed).toContain('local-news/story-2/index.html');
    expect(changed.filter((f) => /^(world|local-news)\//.test(f))).toEqual(['local-news/story-2/index.html']);
    expect(changed).toEqual(expect.arrayContaining(['sitemap.xml']));
    // Untouched files keep their mtime; the manifest moved only for changed paths.
    for (const file of filesUnder(site.out).filter((f) => !changed.includes(f))) {
      expect(statSync(join(site.out, file)).mtimeMs, file).toBe(mtimes.get(file));
    }
    const manifestAfter = manifest(site);
    const moved = [...manifestAfter].filter(([path, e]) => manifestBefore.get(path)?.hash !== e.hash).map(([p]) => p).sort();
    expect(moved).toEqual(changed);
  });

  it('publishArticle does a targeted build with the same result as a full one', async () => {
    const site = siteWith(45);
    await site.publisher.publishSite();
    edit(site, 'article-7', { headline: 'Story seven, rewritten' });
    const targeted = await site.publisher.publishArticle('article-7');
    expect(targeted.written).toContain('world/story-7/index.html');
    expect(targeted.written.length).toBeLessThan(12);
    await expectFullBuildUnchanged(site);
  });

  it('publishArticle publishes a draft through ArticleService.save (status, publishedAt, revision)', async () => {
    const site = siteWith(2);
    await site.publisher.publishSite();
    const draft = site.ws.articles.create({ headline: 'Fresh draft', section: 'World' });
    const result = await site.publisher.publishArticle(draft.id);
    expect(result.article.status).toBe('published');
    expect(result.article.publishedAt).not.toBeNull();
    expect(site.ws.articles.revisions.list(draft.id).length).toBeGreaterThan(0);
    expect(existsSync(join(site.out, 'world/fresh-draft/index.html'))).toBe(true);
    expect(read(site.out, 'index.html')).toContain('Fresh draft');
  });

  it('unpublishing or trashing an article removes its page and empty listing pages', async () => {
    const site = siteWith(21);
    await site.publisher.publishSite();
    expect(existsSync(join(site.out, 'page/2/index.html'))).toBe(true);
    expect(existsSync(join(site.out, 'tag/energy/index.html'))).toBe(true);
    edit(site, 'article-1', { status: 'unpublished' });
    site.ws.articles.trash('article-4');
    const summary = await site.publisher.publishSite();
    expect(summary.deleted).toEqual(expect.arrayContaining(['world/story-1/index.html', 'local-news/story-4/index.html', 'page/2/index.html']));
    expect(existsSync(join(site.out, 'world/story-1'))).toBe(false);
    expect(existsSync(join(site.out, 'page/2'))).toBe(false);
    expect(read(site.out, 'index.html')).not.toContain('Story number 1:');
    expect(manifest(site).has('world/story-1/index.html')).toBe(false);
  });

  it('a dry run lists what would change and touches nothing', async () => {
    const site = siteWith(3);
    const dry = await site.publisher.publishSite({ dryRun: true });
    expect(dry.written.length).toBeGreaterThan(5);
    expect(existsSync(site.out)).toBe(false);
    await site.publisher.publishSite();
    edit(site, 'article-3', { summary: 'Changed' });
    site.ws.articles.trash('article-2');
    const before = contents(site.out);
    const dry2 = await site.publisher.publishSite({ dryRun: true });
    expect(dry2.written).toContain('world/story-3/index.html');
    expect(dry2.deleted).toContain('local-news/story-2/index.html');
    expect(dry2.unchanged).toBeGreaterThan(0);
    expect(contents(site.out)).toEqual(before);
  });

  it('a publish that fails half-way leaves the previous site intact, and a re-run converges', async () => {
    const site = siteWith(30);
    await site.publisher.publishSite();
    const manifestBefore = manifest(site);
    for (let n = 1; n <= 30; n += 1) edit(site, `article-${n}`, { summary: `Revised ${n}` });
    site.ws.articles.trash('article-30');
    await expect(site.publisher.publishSite({ failAfterWrites: 10 })).rejects.toThrow(/Injected failure/);
    // Nothing was deleted, every page is complete HTML, no temp file is left visible, manifest unchanged.
    expect(existsSync(join(site.out, 'world/story-29/index.html'))).toBe(true);
    expect(existsSync(join(site.out, 'local-news/story-30/index.html'))).toBe(true);
    for (const file of filesUnder(site.out).filter((f) => f.endsWith('.html'))) expect(read(site.out, file).trimEnd().endsWith('</html>'), file).toBe(true);
    expect(filesUnder(site.out).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(manifest(site)).toEqual(manifestBefore);
    const rerun = await site.publisher.publishSite();
    expect(rerun.errors).toEqual([]);
    expect(rerun.deleted).toContain('local-news/story-30/index.html');
    const settled = await site.publisher.publishSite({ dryRun: true });
    expect(settled.written).toEqual([]);
    expect(settled.deleted).toEqual([]);
  });

  it('refuses a folder with foreign files and no marker, unless forced; never deletes foreign files', async () => {
    const site = siteWith(1);
    mkdirSync(site.out, { recursive: true });
    writeFileSync(join(site.out, 'precious.txt'), 'not ours');
    await expect(site.publisher.publishSite()).rejects.toThrow(/did not write/);
    expect(filesUnder(site.out)).toEqual(['precious.txt']);
    const forced = await site.publisher.publishSite({ force: true });
    expect(forced.errors).toEqual([]);
    expect(existsSync(join(site.out, MARKER_FILE))).toBe(true);
    expect(read(site.out, 'precious.txt')).toBe('not ours');
    // Now it is ours: no force needed, and the foreign file still survives a publish that deletes pages.
    site.ws.articles.trash('article-1');
    await site.publisher.publishSite();
    expect(read(site.out, 'precious.txt')).toBe('not ours');
  });

  it('publishing to a new folder starts a fresh manifest', async () => {
    const site = siteWith(2);
    await site.publisher.publishSite();
    const other = join(tempDir(), 'elsewhere');
    const summary = await site.publisher.publishSite({ outDir: other });
    expect(summary.written.length).toBe(filesUnder(other).length - 1);
    expect(new ManifestStore(site.ws.db).dir()).toBe(other);
  });

  it('refuses to run two publishes at once, and cancel stops a running one', async () => {
    const site = siteWith(120);
    const running = site.publisher.publishSite();
    await expect(site.publisher.publishSite()).rejects.toThrow(/already running/);
    expect(site.publisher.cancel()).toBe(true);
    await expect(running).rejects.toThrow(/cancelled/);
    expect(site.publisher.cancel()).toBe(false);
    const after = await site.publisher.publishSite();
    expect(after.errors).toEqual([]);
  });
});
