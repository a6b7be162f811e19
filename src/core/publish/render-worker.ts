import Sqlite from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { ArticleBatch } from './article-batch';
import { pathsFor } from './article-file';
import type { RenderReply, RenderRequest, RenderWorkerInit } from './render-pool';
import { engagementFor, NO_ENGAGEMENT, PublishSource } from './source';
import { SyncSiteWriter } from './sync-writer';

/**
 * A render worker of a full build (entry of out/cli/publish-worker.js, see
 * vite.publish-worker.config.ts): its own read-only use of the workspace database (WAL lets it
 * read beside the app's connection), and article batches in, outcomes out. Everything it needs
 * arrives in workerData; it never writes to the database.
 */
const init = workerData as RenderWorkerInit;
const port = parentPort!;
const db = new Sqlite(init.dbFile, { fileMustExist: true });
db.pragma('query_only = ON');
db.pragma('busy_timeout = 5000');
// Each document is read once: a small page cache is enough.
db.pragma('cache_size = -2048');
const ctx = {
  site: init.site,
  engagement: init.engagement === 'database' ? engagementFor(db) : NO_ENGAGEMENT,
  cssPath: init.cssPath,
  logoPath: init.logoPath,
  pathOf: pathsFor(init.site),
};
const budget = init.failAfterWrites === null ? null : { limit: init.failAfterWrites, count: new Int32Array(init.writes) };
const batch = new ArticleBatch(new PublishSource(db), ctx, new SyncSiteWriter(init.outDir), init.dryRun, budget);

/** This thread's CPU time so far (ms): the bench adds it up to see where a build's CPU goes. */
function threadCpuMs(): number {
  const { user, system } = process.threadCpuUsage();
  return (user + system) / 1000;
}

port.on('message', (request: RenderRequest) => {
  let reply: RenderReply;
  try {
    reply = { id: request.id, outcomes: batch.run(request.jobs), cpu: threadCpuMs() };
  } catch (error) {
    reply = { id: request.id, fatal: error instanceof Error ? error.message : String(error), cpu: threadCpuMs() };
  }
  port.postMessage(reply);
});
port.postMessage({ ready: true });
