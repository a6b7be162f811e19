import { randomUUID } from 'node:crypto';
import type { Database } from '../db/open';
import { ArticleRepository } from './repository';
import {
  ArticleImportSchema,
  ArticleListQuerySchema,
  ArticleSaveSchema,
  type Article,
  type ArticleFields,
  type ArticleImport,
  type ArticleListQuery,
  type ArticleSave,
  type ArticleSummary,
} from '../../shared/article';
import { ArticlePatchSchema, applyArticlePatch, type ArticlePatchInput } from '../../shared/article-patch';
import { emptyDoc } from '../../shared/lexical/build';
import { CopydeskError } from '../../shared/errors';
import { slugify, uniqueSlug } from '../../shared/slug';
import type { WorkspaceEvents } from '../events';
import { parseOrThrow } from '../validation';
import { RevisionService } from '../revisions/service';
import { SearchRepository, toFtsQuery, type SearchResult } from '../search/repository';
import { ArticleSearchQuerySchema, type ArticleSearchQuery } from '../../shared/search';
import type { ArticleFacets } from '../../shared/facets';

const now = (): string => new Date().toISOString();

/** An empty draft: what "New article" starts from, and what an import fills in. */
function blankArticle(id: string, slug: string, time: string, createdAt = time): Article {
  return {
    id,
    slug,
    section: '',
    headline: '',
    summary: '',
    byline: [],
    tags: [],
    body: emptyDoc(),
    takeaways: [],
    questions: [],
    status: 'draft',
    revision: 0,
    createdAt,
    updatedAt: time,
    publishedAt: null,
    trashedAt: null,
  };
}

/** Called inside the write's transaction after an article is stored (e.g. to queue remote publishing). */
export interface ArticleHooks {
  afterWrite?(previous: Article | null, next: Article): void;
  /** A mark taken before a write that may be undone (see ArticleService.saveUndoable). */
  mark?(): number;
  /** Takes back what afterWrite did for article `id` since `mark`, inside the caller's transaction. */
  undoSince?(mark: number, id: string): void;
}

/** A save that can still be taken back: `undo` returns whether it did (see saveUndoable). */
export interface UndoableSave {
  article: Article;
  undo(): boolean;
}

export interface ImportOptions {
  /** Create every item as a new article (new id, unique slug) instead of updating a match. */
  asNew?: boolean;
}

export interface ImportedArticleResult {
  article: Article;
  /** False when an existing article was updated. */
  created: boolean;
}

/** Article use cases. Every write is one SQLite transaction and announces `articles:changed`. */
export class ArticleService {
  private readonly repo: ArticleRepository;
  private readonly index: SearchRepository;
  readonly revisions: RevisionService;

  constructor(
    private readonly db: Database,
    private readonly events: WorkspaceEvents,
    private readonly hooks: ArticleHooks = {},
  ) {
    this.repo = new ArticleRepository(db);
    this.index = new SearchRepository(db);
    this.revisions = new RevisionService(db);
  }

  count(): number {
    return this.repo.count();
  }

  list(query?: ArticleListQuery): ArticleSummary[] {
    return this.repo.list(parseOrThrow(ArticleListQuerySchema, query, 'article query'));
  }

  get(id: string): Article {
    const article = this.repo.get(id);
    if (!article) throw new CopydeskError('not_found', `No article with id ${id}`);
    return article;
  }

  create(input: { headline?: string; section?: string } = {}): Article {
    const headline = input.headline?.trim() ?? '';
    const article = this.db.transaction(() => {
      const time = now();
      const slug = uniqueSlug(slugify(headline), (s) => this.repo.idForSlug(s) !== null);
      const created: Article = { ...blankArticle(randomUUID(), slug, time), section: input.section?.trim() ?? '', headline, revision: 1 };
      this.persist(null, created, time);
      return created;
    })();
    this.changed([article.id]);
    return article;
  }

  /** Saves the whole document. An empty slug is derived from the headline. */
  save(input: ArticleSave): Article {
    const data = parseOrThrow(ArticleSaveSchema, input, 'article');
    const saved = this.db.transaction(() => this.write(this.editable(data.id, data.expectedRevision), data))();
    this.changed([saved.id]);
    return saved;
  }

  /**
   * Saves a patch (only the changed blocks and lists, see shared/article-patch.ts) made against
   * revision `expectedRevision`: rebuilt over that stored revision and saved as the whole
   * document would be, in the same transaction. A patch that does not fit the stored body is
   * invalid input, and nothing is written.
   */
  savePatch(input: ArticlePatchInput): Article {
    const patch = parseOrThrow(ArticlePatchSchema, input, 'article');
    const saved = this.db.transaction(() => {
      const current = this.editable(patch.id, patch.expectedRevision);
      const data = parseOrThrow(ArticleSaveSchema, applyArticlePatch(current, patch), 'article');
      return this.write(current, data);
    })();
    this.changed([saved.id]);
    return saved;
  }

  /**
   * Saves like `save`, and returns a way to take the save back completely: the article row,
   * its search entry, the revisions and the remote publishes the save added. Publishing uses it
   * so that a site write that fails leaves the article exactly as it was (status, revision,
   * history). Undo does nothing once another save has built on this one.
   */
  saveUndoable(input: ArticleSave): UndoableSave {
    const previous = this.get(input.id);
    const revisionMark = this.revisions.latestId(input.id);
    const hookMark = this.hooks.mark?.() ?? 0;
    const article = this.save(input);
    const undo = (): boolean => {
      const undone = this.db.transaction(() => {
        const current = this.repo.get(article.id);
        if (!current || current.revision !== article.revision) return false;
        this.repo.write(previous);
        this.index.index(previous);
        this.revisions.dropAfter(article.id, revisionMark);
        this.hooks.undoSince?.(hookMark, article.id);
        return true;
      })();
      if (undone) this.changed([article.id]);
      return undone;
    };
    return { article, undo };
  }

  trash(id: string): Article {
    return this.setTrashed(id, true);
  }

  restore(id: string): Article {
    return this.setTrashed(id, false);
  }

  /** Deletes for good; only articles already in the trash, so one click never destroys work. */
  purge(id: string): { id: string } {
    this.db.transaction(() => {
      const article = this.get(id);
      if (!article.trashedAt) throw new CopydeskError('conflict', 'Move the article to the trash before deleting it for good');
      this.index.remove(id);
      this.repo.delete(id);
    })();
    this.changed([id]);
    return { id };
  }

  /** Creates or updates articles from import data (see importArticles); returns the articles. */
  importMany(items: ArticleImport[], options: ImportOptions = {}): Article[] {
    return this.importArticles(items, options).map((r) => r.article);
  }

  /**
   * Creates or updates articles from import data, in one transaction. An article that already
   * exists (the item's id, or when the item has no id, its slug: the one given or the one the
   * headline makes) is updated through the editor's save path, so it gets a revision and its
   * stored parts like any edit; anything else is created. `asNew` always creates, with a new id
   * and the slug made unique (`slug-2`). A slug owned by a different article, or by an article
   * created earlier in the same batch, is an error rather than a silent merge.
   */
  importArticles(items: ArticleImport[], options: ImportOptions = {}): ImportedArticleResult[] {
    const createdHere = new Set<string>();
    const seenIds = new Map<string, number>();
    const results = this.db.transaction(() =>
      items.map((raw, index): ImportedArticleResult => {
        const item = parseOrThrow(ArticleImportSchema, raw, `article #${index + 1}`);
        if (item.id && seenIds.has(item.id) && !options.asNew) {
          // Otherwise the second item would quietly overwrite the first (issue 18.6).
          const problem = `the id "${item.id}" is used twice (articles #${seenIds.get(item.id)! + 1} and #${index + 1})`;
          throw new CopydeskError('invalid_input', `Article #${index + 1}: ${problem}`, { [`${index}.id`]: problem });
        }
        if (item.id) seenIds.set(item.id, index);
        const existing = options.asNew ? null : this.existingFor(item, createdHere);
        if (existing?.trashedAt) {
          throw new CopydeskError('invalid_input', `"${existing.headline || existing.slug}" is in the trash; restore it before importing over it`, {
            [`${index}.${item.id ? 'id' : 'slug'}`]: `"${existing.headline || existing.slug}" is in the trash; restore it before importing over it`,
          });
        }
        const time = now();
        const id = options.asNew || !item.id ? randomUUID() : item.id;
        const base: Article = existing ?? blankArticle(id, 'untitled', time, item.createdAt ?? time);
        let slug = item.slug ?? '';
        if (options.asNew && slug !== '') slug = uniqueSlug(slug, (s) => this.repo.idForSlug(s) !== null);
        const fields: ArticleFields = {
          slug,
          section: item.section ?? base.section,
          headline: item.headline,
          summary: item.summary ?? base.summary,
          byline: item.byline ?? base.byline,
          tags: item.tags ?? base.tags,
          body: item.body ?? base.body,
          takeaways: item.takeaways ?? base.takeaways,
          questions: item.questions ?? base.questions,
          status: item.status ?? base.status,
        };
        const next = this.apply({ ...base, publishedAt: item.publishedAt ?? base.publishedAt }, fields, item.updatedAt ?? time, index);
        this.persist(existing, next, time);
        if (!existing) createdHere.add(next.id);
        return { article: next, created: existing === null };
      }),
    )();
    if (results.length > 0) this.changed(results.map((r) => r.article.id));
    return results;
  }

  /** The stored article an import item means: by id, or with no id, by its slug (given or derived). */
  private existingFor(item: ArticleImport, createdHere: ReadonlySet<string>): Article | null {
    if (item.id) return this.repo.get(item.id);
    const slug = item.slug || slugify(item.headline);
    const owner = this.repo.idForSlug(slug);
    // Two items of one batch with the same slug are two articles, not an update of the first.
    return owner === null || createdHere.has(owner) ? null : this.repo.get(owner);
  }

  /** Full-text search with highlighted snippets, best match first. */
  search(query: ArticleSearchQuery): SearchResult[] {
    const q = parseOrThrow(ArticleSearchQuerySchema, query, 'search');
    const fts = toFtsQuery(q.text);
    if (fts === null) return [];
    const hits = this.index.search(fts, q);
    const snippets = new Map(hits.map((h) => [h.id, h.snippet]));
    return this.repo.summaries(hits.map((h) => h.id)).map((summary) => ({ ...summary, snippet: snippets.get(summary.id) ?? '' }));
  }

  /** Sections and tags in use by live articles, with counts, for the library's filters. */
  facets(): ArticleFacets {
    return this.repo.facets();
  }

  /** "Save version": a named revision of the current document. */
  saveVersion(id: string, label: string): Article {
    const article = this.get(id);
    this.db.transaction(() => this.revisions.snapshot(article, 'manual', label, now()))();
    return article;
  }

  /**
   * Makes an old revision the current document. The newest edits are already the newest
   * revision, and the restore itself becomes a new one, so nothing is ever lost.
   */
  restoreRevision(id: string, revisionId: number): Article {
    const restored = this.db.transaction(() => {
      const current = this.get(id);
      if (current.trashedAt) throw new CopydeskError('conflict', 'This article is in the trash; restore it before editing');
      const old = this.revisions.document(id, revisionId);
      const time = now();
      // The old slug may have been taken by another article since; then keep the current one.
      const owner = this.repo.idForSlug(old.slug);
      const slug = owner === null || owner === id ? old.slug : current.slug;
      const next = this.apply(current, { ...old, slug }, time);
      this.repo.write(next);
      this.index.index(next);
      const when = this.revisions.list(id).find((r) => r.id === revisionId)?.createdAt ?? '';
      this.revisions.snapshot(next, 'restore', `Restored version from ${when}`, time);
      this.hooks.afterWrite?.(current, next);
      return next;
    })();
    this.changed([id]);
    return restored;
  }

  /** The stored article a save may change: not in the trash, and still at the revision the edit was based on. */
  private editable(id: string, expectedRevision: number | undefined): Article {
    const current = this.get(id);
    if (current.trashedAt) throw new CopydeskError('conflict', 'This article is in the trash; restore it before editing');
    if (expectedRevision !== undefined && expectedRevision !== current.revision) {
      throw new CopydeskError('conflict', `This article was changed elsewhere (revision ${current.revision}, this edit was based on ${expectedRevision})`);
    }
    return current;
  }

  /** Stores a checked save over `current`, inside the caller's transaction. */
  private write(current: Article, data: ArticleSave): Article {
    const { expectedRevision: _ignored, id: _id, ...fields } = data;
    const time = now();
    const next = this.apply(current, fields, time);
    this.persist(current, next, time);
    return next;
  }

  /** Writes the article, its index row and its revision, inside the caller's transaction. */
  private persist(previous: Article | null, next: Article, time: string): void {
    this.repo.write(next);
    this.index.index(next);
    this.revisions.recordSave(previous, next, time);
    this.hooks.afterWrite?.(previous, next);
  }

  private apply(current: Article, fields: ArticleFields, time: string, index?: number): Article {
    const taken = (slug: string): boolean => {
      const owner = this.repo.idForSlug(slug);
      return owner !== null && owner !== current.id;
    };
    let slug = fields.slug;
    if (slug === '') {
      slug = uniqueSlug(slugify(fields.headline), taken);
    } else if (taken(slug)) {
      const where = index === undefined ? 'slug' : `${index}.slug`;
      throw new CopydeskError('invalid_input', `The slug "${slug}" is already used by another article`, {
        [where]: `"${slug}" is already used by another article`,
      });
    }
    const publishedAt = fields.status === 'published' && !current.publishedAt ? time : current.publishedAt;
    return { ...current, ...fields, slug, publishedAt, revision: current.revision + 1, updatedAt: time };
  }

  private setTrashed(id: string, trashed: boolean): Article {
    const article = this.db.transaction(() => {
      const previous = this.get(id);
      const time = now();
      this.repo.setTrashed(id, trashed ? time : null, time);
      const next = this.get(id);
      // A published article in the trash is no longer live: the hooks take it down remotely
      // (and put it back on restore) in this same transaction.
      this.hooks.afterWrite?.(previous, next);
      return next;
    })();
    this.changed([id]);
    return article;
  }

  private changed(ids: string[]): void {
    this.events.emit('articles:changed', { ids });
  }
}
