import { resolve } from 'node:path';
import type { Article } from '../../shared/article';
import { CopydeskError } from '../../shared/errors';
import { prepublishChecklist, type CheckIssue } from '../../shared/prepublish';
import type { PublishProgress, PublishSummary } from '../../shared/site';
import type { Database } from '../db/open';
import type { WorkspaceEvents } from '../events';
import type { ArticleService } from '../articles/service';
import { ARTICLES_PER_BATCH, articleImages, assetFiles, derivedFiles, renderArticle, siteContext, staticFiles, type PlannedFile, type SiteContext } from './build';
import { ManifestStore, type ManifestEntry } from './manifest';
import { checkOutputFolder, MARKER_FILE, runLimited, SiteWriter, writeMarker } from './output';
import { SiteSettingsStore } from './settings';
import { readWorkspaceAsset, sha256 } from './site-assets';
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

interface WorkspaceParts {
  dir: string;
  db: Database;
  events: WorkspaceEvents;
  articles: ArticleService;
}

/** How many file writes are in flight at once: enough to overlap fsyncs, few enough to bound memory. */
const WRITE_CONCURRENCY = 8;
/** Listing and feed sources a targeted build fully recomputes (so it may delete their stale pages). */
const LISTING_SOURCE = /^(home|section:.+|tag:.+|feed)$/;

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
  private running: AbortController | null = null;

  constructor(
    private readonly workspace: WorkspaceParts,
    private readonly engagement: EngagementSource = engagementFor(workspace.db),
  ) {
    this.settings = new SiteSettingsStore(workspace.db);
    this.manifest = new ManifestStore(workspace.db);
    this.source = new PublishSource(workspace.db);
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
   * Publishes one article: marks it published through ArticleService.save if needed (so the
   * revision and publishedAt are recorded), then runs a targeted build.
   */
  async publishArticle(articleId: string, options: PublishOptions = {}): Promise<PublishSummary & { article: Article }> {
    if (this.running) throw new CopydeskError('conflict', 'A publish is already running');
    let article = this.workspace.articles.get(articleId);
    if (article.trashedAt) throw new CopydeskError('conflict', 'This article is in the trash; restore it before publishing');
    if (article.status !== 'published' && !options.dryRun) {
      const { revision, createdAt: _c, updatedAt: _u, publishedAt: _p, trashedAt: _t, ...fields } = article;
      article = this.workspace.articles.save({ ...fields, status: 'published', expectedRevision: revision });
    }
    const summary = await this.run(options, article.id);
    return { ...summary, article };
  }

  private async run(options: PublishOptions, articleId: string | null): Promise<PublishSummary> {
    if (this.running) throw new CopydeskError('conflict', 'A publish is already running');
    const controller = new AbortController();
    this.running = controller;
    try {
      return await this.build(options, articleId, controller.signal);
    } finally {
      this.running = null;
    }
  }

  private async build(options: PublishOptions, articleId: string | null, signal: AbortSignal): Promise<PublishSummary> {
    const started = performance.now();
    const dryRun = options.dryRun === true;
    const site = this.settings.get();
    const outDir = resolve(options.outDir ?? site.outputDir);
    if ((options.outDir ?? site.outputDir) === '') {
      throw new CopydeskError('invalid_input', 'Choose an output folder in Settings before publishing', { outputDir: 'Choose a folder' });
    }
    const progress = (done: number, total: number, phase: PublishProgress['phase']) => {
      const p = { done, total, phase };
      options.onProgress?.(p);
      this.workspace.events.emit('publish:progress', p);
    };
    progress(0, 0, 'checking');
    const state = await checkOutputFolder(outDir, options.force === true);
    const replaceAll = this.manifest.dir() !== outDir;
    const previous = this.manifest.load(outDir);
    const writer = new SiteWriter(outDir);
    if (!dryRun) {
      if (state !== 'ours') await writeMarker(outDir);
      if (articleId === null) await writer.removeStaleTemps();
    }
    const ctx = siteContext(site, this.source, this.engagement);
    const targeted = articleId !== null && !replaceAll;

    const seen = new Map<string, ManifestEntry>();
    const upserts = new Map<string, ManifestEntry>();
    const written: string[] = [];
    const errors: { path: string; message: string }[] = [];
    let unchanged = 0;
    let done = 0;
    let writes = 0;
    const listingCount = derivedCount(ctx);
    let total = 3 + (targeted ? 1 : ctx.summaries.length) + listingCount;

    const handle = async (files: PlannedFile[]) => {
      const tasks: (() => Promise<void>)[] = [];
      for (const planned of files) {
        if (seen.has(planned.file)) {
          errors.push({ path: planned.file, message: `Two outputs want the same path (${seen.get(planned.file)!.source} and ${planned.source}); check the URL pattern and slugs` });
          continue;
        }
        if (planned.keep) {
          seen.set(planned.file, planned.keep);
          unchanged += 1;
          continue;
        }
        const hash = planned.asset ? planned.asset.hash : sha256(planned.content!);
        const entry = { hash, source: planned.source, inputKey: planned.inputKey };
        seen.set(planned.file, entry);
        const before = previous.get(planned.file);
        tasks.push(async () => {
          const same = before?.hash === hash && (targeted || (await writer.exists(planned.file)));
          if (same) {
            unchanged += 1;
            if (before.inputKey !== entry.inputKey || before.source !== entry.source) upserts.set(planned.file, entry);
            return;
          }
          try {
            if (!dryRun) {
              const data = planned.asset ? await readWorkspaceAsset(this.workspace.dir, planned.asset.src) : planned.content!;
              if (options.failAfterWrites !== undefined && writes >= options.failAfterWrites) throw new Error(`Injected failure after ${writes} files`);
              writes += 1;
              await writer.write(planned.file, data);
            }
            written.push(planned.file);
            upserts.set(planned.file, entry);
          } catch (error) {
            if (options.failAfterWrites !== undefined) throw error;
            errors.push({ path: planned.file, message: error instanceof Error ? error.message : String(error) });
            // Keep the previous entry: the old file is still in place and must not be deleted.
            if (before) seen.set(planned.file, before);
            else seen.delete(planned.file);
          }
        });
      }
      await runLimited(tasks, WRITE_CONCURRENCY);
      done += files.length;
      progress(Math.min(done, total), total, 'writing');
      if (signal.aborted) throw new CopydeskError('conflict', 'Publishing was cancelled. Every file already written is complete; publish again to finish.');
    };

    await handle(staticFiles(ctx));
    const images = new Set<string>();
    const ids = targeted ? ctx.summaries.filter((s) => s.id === articleId).map((s) => s.id) : ctx.summaries.map((s) => s.id);
    for (let i = 0; i < ids.length; i += ARTICLES_PER_BATCH) {
      const batch: PlannedFile[] = [];
      for (const article of this.source.articles(ids.slice(i, i + ARTICLES_PER_BATCH))) {
        try {
          batch.push(renderArticle(article, ctx));
          articleImages(article, images);
        } catch (error) {
          errors.push({ path: ctx.pathOf(article), message: `Could not render: ${error instanceof Error ? error.message : String(error)}` });
          for (const [path, entry] of previous) if (entry.source === `article:${article.id}`) seen.set(path, entry);
        }
      }
      progress(done, total, 'rendering');
      await handle(batch);
    }
    const assets = assetFiles(images);
    total += assets.length;
    await handle(assets);
    await handle(derivedFiles(ctx, targeted ? previous : null));

    // Deletions come last, so a crash before this point never leaves a link to a missing page.
    const owned = (entry: ManifestEntry) =>
      !targeted || entry.source === `article:${articleId}` || LISTING_SOURCE.test(entry.source) || entry.source === 'site';
    const deleted = [...previous].filter(([path, entry]) => !seen.has(path) && path !== MARKER_FILE && owned(entry)).map(([path]) => path);
    if (!dryRun) {
      progress(done, total, 'deleting');
      await runLimited(deleted.map((path) => () => writer.remove(path)), WRITE_CONCURRENCY);
      this.manifest.commit(outDir, replaceAll ? seen : upserts, deleted, replaceAll);
    }
    progress(total, total, 'done');
    return {
      dryRun,
      outDir,
      written: written.sort(),
      unchanged,
      deleted: deleted.sort(),
      errors,
      articles: ctx.summaries.length,
      ms: Math.round(performance.now() - started),
    };
  }
}

/** Listing pages + feeds + sitemap, for the progress total. */
function derivedCount(ctx: SiteContext): number {
  const terms = new Set<string>();
  for (const s of ctx.summaries) {
    terms.add(`s:${s.section.toLowerCase()}`);
    for (const t of s.tags) terms.add(`t:${t.toLowerCase()}`);
  }
  return Math.ceil(ctx.summaries.length / 20) + terms.size + 4;
}

const publishers = new WeakMap<object, Publisher>();

/** One publisher per open workspace, so every host shares its "already running" guard and cancel. */
export function publisherFor(workspace: WorkspaceParts): Publisher {
  let publisher = publishers.get(workspace);
  if (!publisher) publishers.set(workspace, (publisher = new Publisher(workspace)));
  return publisher;
}
