import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { SiteSettings } from '../../shared/site';
import type { ArticleJob, ArticleOutcome } from './article-batch';

/** What a render worker starts from (structured-cloned into its workerData). */
export interface RenderWorkerInit {
  dbFile: string;
  outDir: string;
  dryRun: boolean;
  site: SiteSettings;
  cssPath: string;
  logoPath: string | null;
  /** 'database': engagementFor on the worker's own connection; 'none': no comments or votes. */
  engagement: 'database' | 'none';
  failAfterWrites: number | null;
  /** Files written by every thread of the build (see WriteBudget). */
  writes: SharedArrayBuffer;
}

export interface RenderRequest {
  id: number;
  jobs: ArticleJob[];
}

/** `cpu`: the worker thread's CPU time so far, in ms. */
export type RenderReply = ({ id: number; outcomes: ArticleOutcome[] } | { id: number; fatal: string }) & { cpu: number };

/**
 * The render worker bundled beside the code that loads this module (the CLI build writes
 * out/cli/publish-worker.js next to out/cli/index.js), or null: run from source (tests, scripts)
 * there is no bundle, and the publisher renders in its own thread.
 */
export function bundledRenderWorker(): URL | null {
  const url = new URL('./publish-worker.js', import.meta.url);
  return url.protocol === 'file:' && existsSync(fileURLToPath(url)) ? url : null;
}

/** Worker heap limits: a batch of 25 pages needs a few MB; the cap keeps a build inside its memory budget. */
const RESOURCE_LIMITS = { maxOldGenerationSizeMb: 96, maxYoungGenerationSizeMb: 16 };

/**
 * Render workers of one full build. Each takes batches of article ids and answers with their
 * outcomes; a batch goes to the worker with the fewest batches in flight.
 */
export class RenderPool {
  private nextId = 0;
  private readonly inFlight: number[];
  private readonly cpu: number[];
  private readonly waiting = new Map<number, { worker: number; resolve: (outcomes: ArticleOutcome[]) => void; reject: (error: Error) => void }>();

  private readonly stops: (() => void)[] = [];

  private constructor(private readonly workers: Worker[]) {
    this.inFlight = workers.map(() => 0);
    this.cpu = workers.map(() => 0);
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
    const workers = Array.from({ length: count }, () => new Worker(url, { workerData: init, resourceLimits: RESOURCE_LIMITS }));
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

  run(jobs: ArticleJob[]): Promise<ArticleOutcome[]> {
    const worker = this.inFlight.indexOf(Math.min(...this.inFlight));
    const id = this.nextId++;
    this.inFlight[worker]! += 1;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { worker, resolve, reject });
      this.workers[worker]!.postMessage({ id, jobs } satisfies RenderRequest);
    });
  }

  /** CPU time the workers have used (ms, as of their last answers). */
  cpuMs(): number {
    return this.cpu.reduce((sum, ms) => sum + ms, 0);
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
    this.cpu[pending.worker] = Math.max(this.cpu[pending.worker]!, reply.cpu);
    if ('outcomes' in reply) pending.resolve(reply.outcomes);
    else pending.reject(new Error(reply.fatal));
  }
}
