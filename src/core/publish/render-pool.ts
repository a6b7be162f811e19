import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { SiteSettings } from '../../shared/site';
import type { ArticleJob, ArticleOutcome } from './article-batch';
import type { DerivedResult } from './derived-run';
import type { ManifestEntry } from './manifest';

/** What a render worker starts from (structured-cloned into its workerData). */
export interface RenderWorkerInit {
  dbFile: string;
  outDir: string;
  /** The output folder had no files when the build began (see SyncSiteWriter). */
  fresh: boolean;
  dryRun: boolean;
  site: SiteSettings;
  /** The stylesheet's path and hash (the site key of listing pages is made from it). */
  css: { path: string; hash: string };
  logoPath: string | null;
  /** 'database': engagementFor on the worker's own connection; 'none': no comments or votes. */
  engagement: 'database' | 'none';
  failAfterWrites: number | null;
  /** Files written by every thread of the build (see WriteBudget). */
  writes: SharedArrayBuffer;
  /** Published articles: sizes the worker heaps (see resourceLimits). */
  articles: number;
}

/** A batch of article pages, or the listing pages, feeds and sitemap (with their manifest entries). */
type Request = { kind: 'articles'; jobs: ArticleJob[] } | { kind: 'derived'; previous: [string, ManifestEntry][] };
export type RenderRequest = Request & { id: number };

export type RenderReply = { id: number; outcomes: ArticleOutcome[] } | { id: number; derived: DerivedResult } | { id: number; fatal: string };

/**
 * The render worker bundled beside the code that loads this module (the CLI build writes
 * out/cli/publish-worker.js next to out/cli/index.js), or null: run from source (tests, scripts)
 * there is no bundle, and the publisher renders in its own thread.
 */
export function bundledRenderWorker(): URL | null {
  const url = new URL('./publish-worker.js', import.meta.url);
  return url.protocol === 'file:' && existsSync(fileURLToPath(url)) ? url : null;
}

/**
 * Worker heap limits. A page's garbage (its parsed document and strings, ~2-3 MB) dies in the
 * young generation; the old generation holds little (the statement cache, one batch) except in
 * the worker that renders the listings, which reads every summary (~1 KB per article). The cap
 * is what keeps V8 from growing each worker's heap to whatever the machine allows; it grows with
 * the site so a large one never runs out. 16 MB young instead of 8: a scavenge every few pages
 * instead of about every page (each copies the page in progress), ~0.3 s less CPU at 4,000
 * articles for ~15 MB more peak RSS (the build peaks at ~200 MB since the CLI stopped loading
 * Lexical for publish).
 */
export function resourceLimits(articles: number): { maxOldGenerationSizeMb: number; maxYoungGenerationSizeMb: number } {
  return { maxOldGenerationSizeMb: 48 + Math.ceil(articles / 250), maxYoungGenerationSizeMb: 16 };
}

/**
 * Render workers of one full build. Each takes batches of article ids and answers with their
 * outcomes (one also takes the listing pages, feeds and sitemap); a request goes to the worker
 * with the fewest in flight.
 */
export class RenderPool {
  private nextId = 0;
  private readonly inFlight: number[];
  private readonly waiting = new Map<number, { worker: number; resolve: (reply: RenderReply) => void; reject: (error: Error) => void }>();

  private readonly stops: (() => void)[] = [];

  private constructor(private readonly workers: Worker[]) {
    this.inFlight = workers.map(() => 0);
    workers.forEach((worker, index) => {
      const message = (reply: RenderReply) => this.settle(reply);
      const lost = (error: Error) => {
        for (const [id, pending] of this.waiting) {
          if (pending.worker !== index) continue;
          this.waiting.delete(id);
          pending.reject(error);
        }
      };
      const exit = (code: number) => lost(new Error(`A render worker stopped (exit code ${code})`));
      worker.on('message', message).on('error', lost).on('exit', exit);
      this.stops.push(() => worker.off('message', message).off('error', lost).off('exit', exit));
    });
  }

  /** Starts `count` workers and waits until each has opened the database; null when any fails (the caller renders itself). */
  static async start(url: URL, count: number, init: RenderWorkerInit): Promise<RenderPool | null> {
    const workers = Array.from({ length: count }, () => new Worker(url, { workerData: init, resourceLimits: resourceLimits(init.articles) }));
    const cleanups: (() => void)[] = [];
    const ready = (worker: Worker) =>
      new Promise<void>((resolve, reject) => {
        const exit = (code: number) => reject(new Error(`A render worker stopped while starting (exit code ${code})`));
        const message = () => resolve();
        worker.once('message', message).once('error', reject).once('exit', exit);
        cleanups.push(() => worker.off('message', message).off('error', reject).off('exit', exit));
      });
    try {
      await Promise.all(workers.map(ready));
    } catch {
      await Promise.all(workers.map((worker) => worker.terminate()));
      return null;
    } finally {
      for (const cleanup of cleanups) cleanup();
    }
    return new RenderPool(workers);
  }

  get size(): number {
    return this.workers.length;
  }

  async articles(jobs: ArticleJob[]): Promise<ArticleOutcome[]> {
    const reply = await this.send({ kind: 'articles', jobs });
    return 'outcomes' in reply ? reply.outcomes : [];
  }

  async derived(previous: [string, ManifestEntry][]): Promise<DerivedResult> {
    const reply = await this.send({ kind: 'derived', previous });
    if (!('derived' in reply)) throw new Error('A render worker answered the listing pages with something else');
    return reply.derived;
  }

  /** Sends a request to the worker with the fewest in flight. */
  private send(request: Request): Promise<RenderReply> {
    const worker = this.inFlight.indexOf(Math.min(...this.inFlight));
    const id = this.nextId++;
    this.inFlight[worker]! += 1;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { worker, resolve, reject });
      this.workers[worker]!.postMessage({ ...request, id } satisfies RenderRequest);
    });
  }

  async close(): Promise<void> {
    for (const stop of this.stops) stop();
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }

  private settle(reply: RenderReply): void {
    const pending = this.waiting.get(reply.id);
    if (!pending) return;
    this.waiting.delete(reply.id);
    this.inFlight[pending.worker]! -= 1;
    if ('fatal' in reply) pending.reject(new Error(reply.fatal));
    else pending.resolve(reply);
  }
}
