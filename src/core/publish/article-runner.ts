import { availableParallelism } from 'node:os';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Database } from '../db/open';
import { ArticleBatch, type ArticleJob, type ArticleOutcome } from './article-batch';
import { storeRenderedParts, type RenderedParts } from '../articles/parts-store';
import type { SiteContext } from './build';
import type { DerivedResult } from './derived-run';
import type { ManifestEntry } from './manifest';
import { bundledRenderWorker, RenderPool } from './render-pool';
import { readsDatabase, type PublishSource } from './source';
import { SyncSiteWriter } from './sync-writer';

/** How the article pages of a full build are rendered: by worker threads when there is a bundled worker, else here. */
export interface RenderWorkers {
  /** The worker script; null renders in the publisher's thread. Default: bundledRenderWorker(). */
  url?: URL | null;
  /** Default: one per CPU (up to 4). */
  count?: number;
  /** Fewer published articles than this are rendered in the publisher's thread (starting workers costs ~0.1 s). */
  minArticles?: number;
}

/**
 * Documents read, rendered and written at a time (and listing pages handed to the sink). Small
 * enough that a batch dies young (at 100 the parsed documents and pages outlived V8's young
 * generation and the heap of a 4,000-article build grew to ~400 MB), large enough that the two
 * batch queries per round cost nothing next to rendering.
 */
export const ARTICLES_PER_BATCH = 25;

interface Runner {
  run(jobs: ArticleJob[]): Promise<ArticleOutcome[]>;
  /** The listing pages, feeds and sitemap, by a worker; null: the publisher renders them itself (runDerived). */
  derived: ((previous: [string, ManifestEntry][]) => Promise<DerivedResult>) | null;
  /** Batches kept in flight. */
  depth: number;
  close(): Promise<void>;
}

export interface ArticleRunOptions {
  db: Database;
  source: PublishSource;
  ctx: SiteContext;
  outDir: string;
  /** The output folder had no files when the build began (see SyncSiteWriter). */
  fresh: boolean;
  dryRun: boolean;
  failAfterWrites: number | null;
  /** Shared write count of the build (see WriteBudget). */
  writes: Int32Array;
  workers: RenderWorkers;
  articles: number;
}

/** COPYDESK_PUBLISH_WORKERS: how many render workers a full build starts (0 renders in the publisher's thread). */
function envCount(): number | null {
  const value = process.env.COPYDESK_PUBLISH_WORKERS;
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : null;
}

/**
 * Starts the article renderers of a full build: a pool of render workers (each with its own
 * database connection) when the build is large enough and everything a worker needs can cross
 * to it, otherwise an ArticleBatch in this thread that yields between batches.
 */
export async function startArticleRunner(options: ArticleRunOptions): Promise<Runner> {
  const { workers } = options;
  const url = workers.url === undefined ? bundledRenderWorker() : workers.url;
  const count = workers.count ?? envCount() ?? Math.min(4, availableParallelism());
  const engagement = readsDatabase(options.ctx.engagement);
  if (url && count > 0 && engagement && !options.db.memory && options.articles >= (workers.minArticles ?? 200)) {
    const pool = await RenderPool.start(url, count, {
      dbFile: options.db.name,
      outDir: options.outDir,
      fresh: options.fresh,
      dryRun: options.dryRun,
      site: options.ctx.site,
      css: { path: options.ctx.css.path, hash: options.ctx.css.hash },
      logoPath: options.ctx.logoPath,
      engagement: 'database',
      failAfterWrites: options.failAfterWrites,
      writes: options.writes.buffer as SharedArrayBuffer,
      articles: options.articles,
    });
    if (pool) {
      return {
        run: (jobs) => pool.articles(jobs),
        derived: (previous) => pool.derived(previous),
        depth: pool.size * 2,
        close: () => pool.close(),
      };
    }
  }
  const budget = options.failAfterWrites === null ? null : { limit: options.failAfterWrites, count: options.writes };
  const keepParts = options.dryRun ? null : (rendered: RenderedParts[]) => storeRenderedParts(options.db, rendered);
  const batch = new ArticleBatch(options.source, options.ctx, new SyncSiteWriter(options.outDir, options.fresh), options.dryRun, budget, keepParts);
  return {
    run: async (jobs) => {
      // Let I/O callbacks (and a cancel) in between batches.
      await nextTurn();
      return batch.run(jobs);
    },
    derived: null,
    depth: 1,
    close: async () => undefined,
  };
}

/**
 * Feeds the jobs to the runner in batches, `depth` at a time, handing every outcome to
 * `onOutcomes`. Stops dispatching when the signal aborts or a batch fails, and settles only
 * after every batch in flight has (so a pool is never closed under a running batch); rejects
 * with the first failure.
 */
export async function runArticleJobs(runner: Runner, jobs: readonly ArticleJob[], signal: AbortSignal, onOutcomes: (outcomes: ArticleOutcome[]) => void): Promise<void> {
  const inFlight = new Set<Promise<void>>();
  let failure: unknown = null;
  for (let i = 0; i < jobs.length && !signal.aborted && failure === null; i += ARTICLES_PER_BATCH) {
    const task: Promise<void> = runner
      .run(jobs.slice(i, i + ARTICLES_PER_BATCH))
      .then(onOutcomes, (error: unknown) => {
        failure ??= error;
      })
      .finally(() => inFlight.delete(task));
    inFlight.add(task);
    while (inFlight.size >= runner.depth) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  if (failure !== null) throw failure;
}
