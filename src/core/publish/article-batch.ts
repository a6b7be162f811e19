import { articleImages, renderArticle, type ArticleContext } from './article-file';
import { PageBytes, sha256 } from './page-bytes';
import { engagementOf, toPublishArticle, type PublishSource } from './source';
import type { RenderedParts } from '../articles/parts-store';
import type { SyncSiteWriter } from './sync-writer';

/** One article of a full build: its id, the file its summary says it goes to, and that file's manifest hash and size. */
export interface ArticleJob {
  id: string;
  file: string;
  hash: string | null;
  size: number | null;
}

/** What became of one article page (plain data: it crosses from a render worker to the publisher). */
export type ArticleOutcome =
  | { id: string; status: 'written' | 'unchanged'; file: string; hash: string; size: number; detail: string; images: string[] }
  | { id: string; status: 'write-failed'; file: string; message: string; images: string[] }
  | { id: string; status: 'render-failed'; message: string }
  /** No longer published (changed since the build read its summaries): no page. */
  | { id: string; status: 'missing' };

/** The test hook of PublishOptions.failAfterWrites, counted across threads. */
export interface WriteBudget {
  limit: number;
  /** Int32Array over a SharedArrayBuffer: files written so far by every thread of this build. */
  count: Int32Array;
}

/**
 * Reads, renders, encodes, hashes and writes a batch of article pages, synchronously: the body
 * of a render worker, and of the publisher itself when it runs without workers. A page whose
 * bytes hash to the manifest's hash and whose file on disk has the manifest's size is left alone.
 */
export class ArticleBatch {
  private readonly bytes = new PageBytes();

  constructor(
    private readonly source: PublishSource,
    private readonly ctx: ArticleContext,
    private readonly writer: SyncSiteWriter,
    /** Nothing is written; outcomes say what would have been. */
    private readonly dryRun: boolean,
    private readonly budget: WriteBudget | null,
    /**
     * Stores the parts of articles that had none and were rendered from their documents, so the
     * next build reads them (see storeRenderedParts); null in a dry run. Kept here, where they
     * were rendered: sent to the publisher, 4,000 articles' parts (~140 MB) piled up in its heap.
     */
    private readonly keepParts: ((rendered: RenderedParts[]) => void) | null = null,
  ) {}

  run(jobs: readonly ArticleJob[]): ArticleOutcome[] {
    const ids = jobs.map((job) => job.id);
    const engagement = engagementOf(this.ctx.engagement, ids);
    const byId = new Map(jobs.map((job) => [job.id, job]));
    const outcomes: ArticleOutcome[] = [];
    const found = new Set<string>();
    const rendered: RenderedParts[] = [];
    for (const row of this.source.eachRow(ids)) {
      found.add(row.id);
      let file: string;
      let content: string;
      let detail: string;
      const images = new Set<string>();
      try {
        const article = toPublishArticle(row);
        const page = renderArticle(article, this.ctx, engagement.get(article.id));
        [file, content, detail] = [page.file, page.content as string, page.detail ?? ''];
        articleImages(article, images);
        if (article.rendered) rendered.push(article);
      } catch (error) {
        outcomes.push({ id: row.id, status: 'render-failed', message: error instanceof Error ? error.message : String(error) });
        continue;
      }
      const { id } = row;
      const bytes = this.bytes.encode(content);
      const hash = sha256(bytes);
      const job = byId.get(id)!;
      // The summary and the row disagree only if the article changed since the build began.
      const before = job.file === file ? job : null;
      if (before?.hash === hash) {
        const onDisk = this.writer.size(file);
        if (onDisk !== null && onDisk === bytes.byteLength) {
          outcomes.push({ id, status: 'unchanged', file, hash, size: onDisk, detail, images: [...images] });
          continue;
        }
      }
      try {
        if (!this.dryRun) {
          if (this.budget && Atomics.add(this.budget.count, 0, 1) >= this.budget.limit) throw new InjectedFailure(this.budget.limit);
          this.writer.write(file, bytes);
        }
        outcomes.push({ id, status: 'written', file, hash, size: bytes.byteLength, detail, images: [...images] });
      } catch (error) {
        if (this.budget) throw error;
        outcomes.push({ id, status: 'write-failed', file, message: error instanceof Error ? error.message : String(error), images: [...images] });
      }
    }
    for (const id of ids) if (!found.has(id)) outcomes.push({ id, status: 'missing' });
    // Once the rows are read (the connection is free again): see keepParts.
    if (rendered.length > 0) this.keepParts?.(rendered);
    return outcomes;
  }
}

/** What the failAfterWrites test hook throws, as a crash would. */
export class InjectedFailure extends Error {
  constructor(limit: number) {
    super(`Injected failure after ${limit} files`);
  }
}
