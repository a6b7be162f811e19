import Sqlite from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { ArticleBatch } from './article-batch';
import { pathsFor } from './article-file';
import { siteContextWith } from './build';
import { runDerived } from './derived-run';
import type { RenderReply, RenderRequest, RenderWorkerInit } from './render-pool';
import { FileSink } from './sink';
import { engagementFor, NO_ENGAGEMENT, PublishSource } from './source';
import { SyncSiteWriter } from './sync-writer';
import { storeRenderedParts, type RenderedParts } from '../articles/parts-store';

/**
 * A render worker of a full build (entry of out/cli/publish-worker.js, see
 * vite.publish-worker.config.ts): its own read-only use of the workspace database (WAL lets it
 * read beside the app's connection); article batches (or the listing pages, feeds and sitemap)
 * in, outcomes out. Everything it needs arrives in workerData; the only thing it writes to the
 * database is the parts of articles that had none (keepParts below).
 */
const init = workerData as RenderWorkerInit;
const port = parentPort!;
const db = new Sqlite(init.dbFile, { fileMustExist: true });
db.pragma('query_only = ON');
db.pragma('busy_timeout = 5000');
// Each document is read once: a small page cache is enough.
db.pragma('cache_size = -2048');
const source = new PublishSource(db);
const engagement = init.engagement === 'database' ? engagementFor(db) : NO_ENGAGEMENT;
const ctx = { site: init.site, engagement, cssPath: init.css.path, logoPath: init.logoPath, pathOf: pathsFor(init.site) };
const writer = new SyncSiteWriter(init.outDir, init.fresh);
const writes = new Int32Array(init.writes);
const budget = init.failAfterWrites === null ? null : { limit: init.failAfterWrites, count: writes };
const batch = new ArticleBatch(source, ctx, writer, init.dryRun, budget, init.dryRun ? null : keepParts);

/**
 * The one write a worker makes: parts it rendered from documents (see ArticleBatch's keepParts),
 * through a second connection opened on first need (the first build after an upgrade), so the
 * reading one stays query_only. Parts only save the next build some work: failing to store them
 * (the database busy past the timeout, a full disk) must not fail this one.
 */
let partsDb: Sqlite.Database | null = null;
function keepParts(rendered: RenderedParts[]): void {
  try {
    if (!partsDb) {
      partsDb = new Sqlite(init.dbFile, { fileMustExist: true });
      partsDb.pragma('busy_timeout = 5000');
      // As every Copydesk connection (see openDatabase): in WAL mode the default (FULL) syncs
      // the log on every commit, one per batch of 25 articles, which is safety parts (always
      // rendered again when missing) do not need.
      partsDb.pragma('synchronous = NORMAL');
    }
    storeRenderedParts(partsDb, rendered);
  } catch {
    // The next build renders these articles again and retries.
  }
}

function answer(request: RenderRequest): RenderReply {
  if (request.kind === 'articles') return { id: request.id, outcomes: batch.run(request.jobs) };
  const previous = new Map(request.previous);
  const sink = new FileSink({
    writer,
    workspaceDir: '',
    dryRun: init.dryRun,
    previous: (file) => previous.get(file),
    failAfterWrites: init.failAfterWrites ?? undefined,
    writes,
  });
  const site = siteContextWith(init.site, source, engagement, { ...init.css, css: '' });
  return { id: request.id, derived: runDerived(site, sink) };
}

port.on('message', (request: RenderRequest) => {
  let reply: RenderReply;
  try {
    reply = answer(request);
  } catch (error) {
    reply = { id: request.id, fatal: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(reply);
});
port.postMessage({ ready: true });
