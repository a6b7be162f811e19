import { setImmediate as nextTurn } from 'node:timers/promises';
import { resolve } from 'node:path';
import type { Article } from '../../shared/article';
import { CopydeskError } from '../../shared/errors';
import { prepublishChecklist, type CheckIssue } from '../../shared/prepublish';
import type { PublishProgress, PublishSummary } from '../../shared/site';
import type { Database } from '../db/open';
import type { WorkspaceEvents } from '../events';
import type { ArticleService } from '../articles/service';
import type { ArticleJob } from './article-batch';
import { ARTICLES_PER_BATCH, runArticleJobs, startArticleRunner, type RenderWorkers } from './article-runner';
import { storeRenderedParts } from '../articles/parts-store';
import { assetFiles, derivedFiles, siteContext, staticFiles, type PlannedFile } from './build';
import { ListingSource } from './listing-source';
import { FileSink } from './sink';
import { SyncSiteWriter } from './sync-writer';
import { planTargeted } from './targeted';
import { ManifestStore, type ManifestEntry } from './manifest';
import { checkOutputFolder, MARKER_FILE, runLimited, SiteWriter, writeMarker } from './output';
import { SiteSettingsStore } from './settings';
import { fileForPath } from './paths';
import { engagementFor, PublishSource, type EngagementSource } from './source';

export interface PublishOptions {
  dryRun?: boolean;
  /** Publish into a folder without Copydesk's marker (the user confirmed). */
  force?: boolean;
  /** Overrides the output folder from the settings (the CLI's --out). */
  outDir?: string;
  onProgress?: (progress: PublishProgress) => void;
  /** Test hook: throw after this many files were written, as a crash would. */
  failAfterWrites?: number;
}

/** The folder a publish writes to, and what it held when checked (see checkOutputFolder). */
type OutputFolder = { outDir: string; state: 'new' | 'ours' | 'forced' };

/** SQLite cache_size during a full build: negative = KiB (8 MiB). */
const BUILD_CACHE_SIZE = -8192;

interface WorkspaceParts {
  dir: string;
  db: Database;
  events: WorkspaceEvents;
  articles: ArticleService;
}


/**
 * Publishes the static site: renders every output file (or, for one article, only the files its
 * change can affect), writes only those whose content hash differs from the manifest, deletes
 * files that are no longer produced, and only then moves the manifest forward in one transaction.
 * A crash at any point leaves complete files (each write is temp + rename) and the old manifest,
 * so the next run converges.
 */
export class Publisher {
  readonly settings: SiteSettingsStore;
  private readonly manifest: ManifestStore;
  private readonly source: PublishSource;
  private readonly listings: ListingSource;
  private running: AbortController | null = null;

  constructor(
    private readonly workspace: WorkspaceParts,
    private readonly engagement: EngagementSource = engagementFor(workspace.db),
    /** Render workers of a full build (tests point this at a built worker, or turn workers off). */
    private readonly workers: RenderWorkers = {},
  ) {
    this.settings = new SiteSettingsStore(workspace.db);
    this.manifest = new ManifestStore(workspace.db);
    this.source = new PublishSource(workspace.db);
    this.listings = new ListingSource(workspace.db);
  }

  get busy(): boolean {
    return this.running !== null;
  }

  /** Asks a running publish to stop at the next batch. Returns whether one was running. */
  cancel(): boolean {
    if (!this.running) return false;
    this.running.abort();
    return true;
  }

  /** The pre-publish checklist for one article, with links checked against the whole site. */
  checklist(articleId: string): CheckIssue[] {
    const article = this.workspace.articles.get(articleId);
    const site = this.settings.get();
    const others = this.source.summaries().filter((s) => s.id !== article.id);
    const self = { ...article, publishedAt: article.publishedAt ?? new Date().toISOString() };
    return prepublishChecklist(article, { baseUrl: site.baseUrl, urlPattern: site.urlPattern, published: [...others, self] });
  }

  publishSite(options: PublishOptions = {}): Promise<PublishSummary> {
    return this.run(options, null);
  }

  /**
   * Publishes one article: marks it published through ArticleService (so the revision and
   * publishedAt are recorded), then runs a targeted build. The two succeed or fail together:
   * the output folder is checked before the status changes, and if the build fails anyway the
   * status change is undone, so the article is published only when its site was written.
   */
  async publishArticle(articleId: string, options: PublishOptions = {}): Promise<PublishSummary & { article: Article }> {
    if (this.running) throw new CopydeskError('conflict', 'A publish is already running');
    let article = this.workspace.articles.get(articleId);
    if (article.trashedAt) throw new CopydeskError('conflict', 'This article is in the trash; restore it before publishing');
    // Checked before the status changes, and handed to the build (not read from disk again).
    const folder = await this.outputFolder(options);
    let undo: (() => boolean) | null = null;
    if (article.status !== 'published' && !options.dryRun) {
      const { revision, createdAt: _c, updatedAt: _u, publishedAt: _p, trashedAt: _t, ...fields } = article;
      const saved = this.workspace.articles.saveUndoable({ ...fields, status: 'published', expectedRevision: revision });
      article = saved.article;
      undo = saved.undo;
    }
    try {
      const summary = await this.run(options, article.id, folder);
      return { ...summary, article };
    } catch (error) {
      undo?.();
      throw error;
    }
  }

  /** The output folder a publish writes to and its state; throws (changing nothing) when it cannot be used. */
  private async outputFolder(options: PublishOptions): Promise<OutputFolder> {
    const chosen = options.outDir ?? this.settings.get().outputDir;
    if (chosen === '') {
      throw new CopydeskError('invalid_input', 'Choose an output folder in Settings before publishing', { outputDir: 'Choose a folder' });
    }
    const outDir = resolve(chosen);
    return { outDir, state: await checkOutputFolder(outDir, options.force === true) };
  }

  private async run(options: PublishOptions, articleId: string | null, folder?: OutputFolder): Promise<PublishSummary> {
    if (this.running) throw new CopydeskError('conflict', 'A publish is already running');
    const controller = new AbortController();
    this.running = controller;
    // A full build reads every document exactly once, so SQLite's page cache (sized for ingest
    // elsewhere) would only fill with pages nobody reads again: cap it while the build runs.
    const db = this.workspace.db;
    const cacheSize = articleId === null ? (db.pragma('cache_size', { simple: true }) as number) : null;
    if (cacheSize !== null) db.pragma(`cache_size = ${BUILD_CACHE_SIZE}`);
    try {
      return await this.build(options, articleId, controller.signal, folder);
    } finally {
      if (cacheSize !== null) db.pragma(`cache_size = ${Math.trunc(cacheSize)}`);
      this.running = null;
    }
  }

  private async build(options: PublishOptions, articleId: string | null, signal: AbortSignal, folder?: OutputFolder): Promise<PublishSummary> {
    const started = performance.now();
    const dryRun = options.dryRun === true;
    const site = this.settings.get();
    const progress = (done: number, total: number, phase: PublishProgress['phase']) => {
      const p = { done, total, phase };
      options.onProgress?.(p);
      this.workspace.events.emit('publish:progress', p);
    };
    progress(0, 0, 'checking');
    const { outDir, state } = folder ?? (await this.outputFolder(options));
    const replaceAll = this.manifest.dir() !== outDir;
    const writer = new SiteWriter(outDir);
    // Whether a successful finish may record that no publish is left unfinished (see startRun).
    let endRun = false;
    if (!dryRun) {
      if (state !== 'ours') await writeMarker(outDir);
      // Temp files are only left behind by a publish that was killed before it finished, so a
      // full build walks the folder for them (~20,000 folders at 16,000 articles) only then.
      const interrupted = this.manifest.startRun();
      if (articleId === null && (interrupted || replaceAll)) await writer.removeStaleTemps();
      endRun = articleId === null || !interrupted;
    }
    const ctx = siteContext(site, this.source, this.engagement);
    const sinkOptions = { writer: new SyncSiteWriter(outDir, state === 'new'), workspaceDir: this.workspace.dir, dryRun, failAfterWrites: options.failAfterWrites };
    const cancelled = () => {
      if (!signal.aborted) return;
      throw new CopydeskError('conflict', 'Publishing was cancelled. Every file already written is complete; publish again to finish.');
    };

    // One article: only the files its change can reach (see targeted.ts), unless the manifest
    // describes another folder or predates what a targeted build needs.
    // The article and the plan are read in one read transaction: one snapshot for the ~70 queries
    // of the plan, and one WAL read lock taken instead of one per query.
    const { target, plan } =
      articleId !== null && !replaceAll
        ? this.workspace.db.transaction(() => {
            const target = this.source.articles([articleId])[0] ?? null;
            return { target, plan: planTargeted(ctx, this.manifest, this.listings, articleId, target) };
          })()
        : { target: undefined, plan: null };
    if (plan && target?.rendered && !dryRun) storeRenderedParts(this.workspace.db, [target]);
    if (plan) {
      const sink = new FileSink({ ...sinkOptions, previous: (file) => plan.previous.get(file) });
      const total = plan.files.length;
      progress(0, total, 'writing');
      sink.add(plan.files);
      const deleted = [...new Set(plan.deletions)].filter((path) => !sink.seen.has(path) && path !== MARKER_FILE);
      return this.finish({ dryRun, outDir, sink, deleted, replaceAll: false, writer, progress, total, started, articles: plan.articles, endRun });
    }

    const previous = replaceAll ? new Map<string, ManifestEntry>() : this.manifest.load(outDir);
    // The test hook's count, shared with the render workers.
    const writes = new Int32Array(new SharedArrayBuffer(4));
    const sink = new FileSink({ ...sinkOptions, previous: (file) => previous.get(file), writes });
    // This thread keeps to the article order and the bookkeeping: render workers read the
    // documents and summaries themselves (so the heap here stays small at any site size).
    const order = this.source.order();
    // Render workers take ~0.1-0.2 s to start (each loads its bundle and opens the database):
    // meanwhile this thread claims the article paths and writes the static files (below).
    const starting = startArticleRunner({
      db: this.workspace.db,
      source: this.source,
      ctx,
      outDir,
      fresh: state === 'new',
      dryRun,
      failAfterWrites: options.failAfterWrites ?? null,
      writes,
      workers: this.workers,
      articles: order.length,
    });
    // Its failure is thrown where it is awaited, after the static files.
    starting.catch(() => undefined);
    // Listing pages come in after the articles; until then the progress counts them as the last publish did.
    let derivedFilesCount = [...previous.values()].filter((e) => !e.source.startsWith('article:') && e.source !== 'site' && e.source !== 'asset').length;
    let total = 3 + order.length + derivedFilesCount;
    let done = 0;
    const step = async (files: PlannedFile[]) => {
      sink.add(files);
      done += files.length;
      progress(Math.min(done, total), total, 'writing');
      cancelled();
      // Worker outcomes (and a cancel) are handled between steps.
      await nextTurn();
    };
    // Article pages are rendered, hashed and written by the runner (render workers, or this
    // thread in batches); only their outcomes come back. Their paths are claimed up front.
    const jobs: ArticleJob[] = [];
    let failed = false;
    let failure: unknown;
    try {
      for (const item of order) {
        const file = fileForPath(ctx.pathOf(item));
        if (!sink.claim(file, `article:${item.id}`)) continue;
        const before = previous.get(file);
        jobs.push({ id: item.id, file, hash: before?.hash ?? null, size: before?.size ?? null });
      }
      await step(staticFiles(ctx));
    } catch (error) {
      [failed, failure] = [true, error];
    }
    const runner = await starting;
    if (failed) {
      await runner.close();
      throw failure;
    }
    const images = new Set<string>();
    let articles: Promise<void> = Promise.resolve();
    let derived: Promise<void> = Promise.resolve();
    try {
      const countDerived = (files: number) => {
        total += files - derivedFilesCount;
        derivedFilesCount = files;
        done += files;
        progress(Math.min(done, total), total, 'writing');
      };
      if (runner.derived) {
        // One worker takes the listing pages, feeds and sitemap first; the articles share out.
        const entries = [...previous].filter(([, e]) => !e.source.startsWith('article:'));
        derived = runner.derived(entries).then((result) => {
          sink.merge(result);
          countDerived(result.files.length + result.errors.length);
        });
        derived.catch(() => undefined);
      }
      articles = runArticleJobs(runner, jobs, signal, (outcomes) => {
        for (const outcome of outcomes) {
          sink.record(outcome, previous);
          if ('images' in outcome) for (const src of outcome.images) images.add(src);
        }
        done += outcomes.length;
        progress(Math.min(done, total), total, 'rendering');
      });
      articles.catch(() => undefined);
      await articles;
      await derived;
      if (!runner.derived) {
        // No workers: the listing pages here, 25 at a time, with a cancel check and a yield between.
        let count = 0;
        let batch: PlannedFile[] = [];
        for (const file of derivedFiles(ctx)) {
          batch.push(file);
          count += 1;
          if (batch.length === ARTICLES_PER_BATCH) {
            await step(batch);
            batch = [];
          }
        }
        total += count - derivedFilesCount;
        await step(batch);
      }
    } finally {
      // Never leave a worker running: wait out requests in flight (after a failure or a cancel).
      await Promise.allSettled([articles, derived]);
      await runner.close();
    }
    cancelled();
    const assets = assetFiles(images);
    total += assets.length;
    await step(assets);
    // Deletions come last, so a crash before this point never leaves a link to a missing page.
    const deleted = [...previous.keys()].filter((path) => !sink.seen.has(path) && path !== MARKER_FILE);
    return this.finish({ dryRun, outDir, sink, deleted, replaceAll, writer, progress, total, started, articles: order.length, endRun });
  }

  private async finish(run: {
    dryRun: boolean;
    outDir: string;
    sink: FileSink;
    deleted: string[];
    replaceAll: boolean;
    writer: SiteWriter;
    progress: (done: number, total: number, phase: PublishProgress['phase']) => void;
    total: number;
    started: number;
    articles: number | null;
    endRun: boolean;
  }): Promise<PublishSummary> {
    const { sink, deleted } = run;
    if (!run.dryRun) {
      run.progress(run.total, run.total, 'deleting');
      await runLimited(deleted.map((path) => () => run.writer.remove(path)), 8);
      this.manifest.commit(run.outDir, run.replaceAll ? sink.seen : sink.upserts, deleted, run.replaceAll, run.endRun);
    }
    run.progress(run.total, run.total, 'done');
    return {
      dryRun: run.dryRun,
      outDir: run.outDir,
      written: sink.written.sort(),
      unchanged: sink.unchanged,
      deleted: deleted.sort(),
      errors: sink.errors,
      articles: run.articles ?? this.source.count(),
      ms: Math.round(performance.now() - run.started),
    };
  }
}

const publishers = new WeakMap<object, Publisher>();

/** One publisher per open workspace, so every host shares its "already running" guard and cancel. */
export function publisherFor(workspace: WorkspaceParts): Publisher {
  let publisher = publishers.get(workspace);
  if (!publisher) publishers.set(workspace, (publisher = new Publisher(workspace)));
  return publisher;
}
