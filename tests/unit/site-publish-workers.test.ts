import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManifestStore } from '../../src/core/publish/manifest';
import { Publisher } from '../../src/core/publish/publisher';
import { RenderPool } from '../../src/core/publish/render-pool';
import { contents, filesUnder, read, siteWith, type Site } from './site-fixtures';
import { tempDir } from './helpers';

/**
 * Full builds through render workers (issue 4): the worker bundle is built here exactly as
 * `npm run build:cli` builds it, and the publisher is pointed at it (run from source, the
 * publisher finds no bundle and renders in its own thread, which the other site tests cover).
 */
let workerUrl: URL;
let bundleDir: string;

beforeAll(async () => {
  // Inside the project, as out/cli is: the bundle imports better-sqlite3 and feed by name, and from
  // a folder under /tmp they did not resolve, so every worker failed to start and these builds
  // quietly ran in the publisher's thread instead.
  mkdirSync(resolve('node_modules/.cache'), { recursive: true });
  bundleDir = mkdtempSync(resolve('node_modules/.cache/copydesk-worker-test-'));
  await build({ configFile: resolve('vite.publish-worker.config.ts'), logLevel: 'silent', build: { outDir: bundleDir, emptyOutDir: true } });
  workerUrl = pathToFileURL(join(bundleDir, 'publish-worker.js'));
  // The workers really start here (a pool that cannot start makes a build render in its own thread).
  const site = siteWith(1);
  const init = { dbFile: site.ws.db.name, outDir: tempDir(), fresh: true, dryRun: true, site: site.publisher.settings.get(), css: { path: '/a.css', hash: 'x' }, logoPath: null, engagement: 'none' as const, failAfterWrites: null, writes: new SharedArrayBuffer(4), articles: 1 };
  const pool = await RenderPool.start(workerUrl, 1, init);
  expect(pool).not.toBeNull();
  await pool!.close();
  // The worker graph stays small: SQLite and the feed writer, no Lexical, zod or yaml.
  const bundle = readFileSync(join(bundleDir, 'publish-worker.js'), 'utf8');
  expect(bundle.match(/^import .*$/gm)?.filter((line) => !line.includes('"node:')).sort()).toEqual(['import Sqlite from "better-sqlite3";', 'import { Feed } from "feed";']);
}, 60_000);

afterAll(() => rmSync(bundleDir, { recursive: true, force: true }));

function edit(site: Site, id: string, changes: Record<string, unknown>) {
  const { revision, createdAt: _c, updatedAt: _u, publishedAt: _p, trashedAt: _t, ...fields } = site.ws.articles.get(id);
  return site.ws.articles.save({ ...fields, ...changes, expectedRevision: revision });
}

const withWorkers = (site: Site) => new Publisher(site.ws, undefined, { url: workerUrl, count: 2, minArticles: 0 });
const manifestOf = (site: Site, out = site.out) => new ManifestStore(site.ws.db).load(out);

describe('full builds through render workers (issue 4)', () => {
  it('write the same files, bytes and manifest as a build in the publisher thread', async () => {
    const site = siteWith(60);
    const here = await new Publisher(site.ws, undefined, { url: null }).publishSite();
    const hereFiles = contents(site.out);
    const hereManifest = manifestOf(site);
    const out = join(tempDir(), 'site');
    const workers = await withWorkers(site).publishSite({ outDir: out });
    expect(workers.errors).toEqual([]);
    expect(workers.written).toEqual(here.written);
    expect(contents(out)).toEqual(hereFiles);
    // The same entries (the order rows were written in differs: workers answer batches as they finish).
    const strip = (m: Map<string, { hash: string; size: number | null; detail: string; source: string }>) => [...m].map(([p, e]) => [p, e.hash, e.size, e.detail, e.source]).sort();
    expect(strip(manifestOf(site, out))).toEqual(strip(hereManifest));
  });

  it('rewrite only what changed, and delete unpublished pages', async () => {
    const site = siteWith(45);
    const publisher = withWorkers(site);
    await publisher.publishSite();
    expect((await publisher.publishSite()).written).toEqual([]);
    edit(site, 'article-2', { summary: 'A corrected summary.' });
    edit(site, 'article-5', { status: 'unpublished' });
    const second = await publisher.publishSite();
    expect(second.written).toContain('local-news/story-2/index.html');
    expect(second.written.filter((f) => /^(world|local-news)\/story-/.test(f))).toEqual(['local-news/story-2/index.html']);
    expect(second.deleted).toContain('world/story-5/index.html');
    expect(existsSync(join(site.out, 'world/story-5'))).toBe(false);
    const dry = await publisher.publishSite({ dryRun: true });
    expect(dry.written).toEqual([]);
  });

  it('a dry run through workers lists the pages and writes nothing', async () => {
    const site = siteWith(30);
    const dry = await withWorkers(site).publishSite({ dryRun: true });
    expect(dry.written).toContain('world/story-1/index.html');
    expect(existsSync(join(site.out, 'world/story-1/index.html'))).toBe(false);
  });

  it('a failure half-way (counted across workers) leaves the manifest and complete files, and a re-run converges', async () => {
    const site = siteWith(60);
    const publisher = withWorkers(site);
    await publisher.publishSite();
    const before = manifestOf(site);
    for (let n = 1; n <= 60; n += 1) edit(site, `article-${n}`, { summary: `Revised ${n}` });
    await expect(publisher.publishSite({ failAfterWrites: 10 })).rejects.toThrow(/Injected failure/);
    expect(manifestOf(site)).toEqual(before);
    expect(filesUnder(site.out).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    for (const file of filesUnder(site.out).filter((f) => f.endsWith('.html'))) expect(read(site.out, file).trimEnd().endsWith('</html>'), file).toBe(true);
    const rerun = await publisher.publishSite();
    expect(rerun.errors).toEqual([]);
    expect((await publisher.publishSite({ dryRun: true })).written).toEqual([]);
  });

  it('an article that cannot be rendered is reported and keeps its published page', async () => {
    const site = siteWith(30);
    const publisher = withWorkers(site);
    await publisher.publishSite();
    site.ws.db.prepare("UPDATE articles SET body = '{not json' WHERE id = 'article-3'").run();
    const summary = await publisher.publishSite();
    expect(summary.errors).toEqual([{ path: 'world/story-3/index.html', message: expect.stringMatching(/^Could not render: /) }]);
    expect(summary.deleted).toEqual([]);
    expect(existsSync(join(site.out, 'world/story-3/index.html'))).toBe(true);
    expect(manifestOf(site).has('world/story-3/index.html')).toBe(true);
  });

  it('cancel stops dispatching and the pool is closed', async () => {
    const site = siteWith(120);
    const publisher = withWorkers(site);
    const running = publisher.publishSite();
    expect(publisher.cancel()).toBe(true);
    await expect(running).rejects.toThrow(/cancelled/);
    const after = await publisher.publishSite();
    expect(after.errors).toEqual([]);
  });

  it('without a worker bundle (run from source) the build renders in its own thread', async () => {
    const site = siteWith(3);
    const summary = await new Publisher(site.ws).publishSite();
    expect(summary.errors).toEqual([]);
    expect(existsSync(join(site.out, 'world/story-1/index.html'))).toBe(true);
  });
  it('store the parts they rendered from documents, for the next build', async () => {
    const site = siteWith(30);
    const partsCount = () => site.ws.db.prepare('SELECT COUNT(*) FROM article_parts').pluck().get();
    site.ws.db.prepare('DELETE FROM article_parts').run();
    const first = await withWorkers(site).publishSite();
    expect(first.errors).toEqual([]);
    expect(partsCount()).toBe(30);
    // The next build reads them (and writes nothing: same bytes).
    expect((await withWorkers(site).publishSite()).written).toEqual([]);
  });
});
