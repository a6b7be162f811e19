import type { Database } from '../db/open';
import { prepared } from '../db/statements';
import { articleFilterSql, type ArticleFilter } from './filter-sql';
import type { Article, ArticleSummary } from '../../shared/article';
import { toArticle, toSummary, type ArticleRow } from './rows';
import { hasCurrentParts, storeArticleParts } from './parts-store';
import { articleParts } from '../../shared/render/article-parts';
import type { ArticleFacets } from '../../shared/facets';


export interface ListFilter extends ArticleFilter {
  sort: 'updated' | 'created' | 'title';
  limit: number;
}

const TAGS = `(SELECT json_group_array(tag) FROM (SELECT tag FROM article_tags t WHERE t.article_id = a.id ORDER BY position)) AS tags`;
const SUMMARY_COLUMNS = `a.id, a.slug, a.section, a.headline, a.summary, a.byline, a.status, a.revision,
  a.created_at, a.updated_at, a.published_at, a.trashed_at, ${TAGS}`;

const GET_ARTICLE = `SELECT a.*, ${TAGS} FROM articles a WHERE a.id = ?`;

const ORDER: Record<ListFilter['sort'], string> = {
  updated: 'a.updated_at DESC, a.id',
  created: 'a.created_at DESC, a.id',
  title: "a.headline COLLATE NOCASE, a.id",
};

/** All SQL for articles. Callers own the transactions; every method here is one statement or a few. */
export class ArticleRepository {
  constructor(private readonly db: Database) {}

  get(id: string): Article | null {
    // Prepared once per connection: this runs per article when many are queued for a target.
    const row = prepared(this.db, GET_ARTICLE).get(id) as ArticleRow | undefined;
    return row ? toArticle(row) : null;
  }

  /** Summaries for the given ids, in the order given (missing ids are skipped). */
  summaries(ids: string[]): ArticleSummary[] {
    if (ids.length === 0) return [];
    const rows = this.db
      .prepare(`SELECT ${SUMMARY_COLUMNS} FROM articles a WHERE a.id IN (SELECT value FROM json_each(?))`)
      .all(JSON.stringify(ids)) as ArticleRow[];
    const byId = new Map(rows.map((r) => [r.id, toSummary(r)]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  idForSlug(slug: string): string | null {
    const row = this.db.prepare('SELECT id FROM articles WHERE slug = ?').get(slug) as { id: string } | undefined;
    return row?.id ?? null;
  }

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM articles WHERE trashed_at IS NULL').get() as { n: number }).n;
  }

  list(filter: ListFilter): ArticleSummary[] {
    const params: Record<string, string | number> = { limit: filter.limit };
    const where = articleFilterSql(filter, params);
    const sql = `SELECT ${SUMMARY_COLUMNS} FROM articles a WHERE ${where.join(' AND ')} ORDER BY ${ORDER[filter.sort]} LIMIT :limit`;
    return (this.db.prepare(sql).all(params) as ArticleRow[]).map(toSummary);
  }

  /**
   * Sections and tags of live articles with their counts, most used first. Values that differ
   * only in case are one facet (filters match them with NOCASE too); the spelling shown is the
   * most common one. The empty section is left out: "no section" is not something to filter by.
   */
  facets(): ArticleFacets {
    const sections = this.db
      .prepare(
        `WITH live AS (SELECT id, section AS value FROM articles WHERE trashed_at IS NULL AND section <> ''),
         spellings AS (SELECT value, COUNT(*) AS n FROM live GROUP BY value)
         SELECT (SELECT s.value FROM spellings s WHERE s.value = l.value COLLATE NOCASE ORDER BY s.n DESC, s.value LIMIT 1) AS name,
           COUNT(DISTINCT l.id) AS count
         FROM live l GROUP BY l.value COLLATE NOCASE ORDER BY count DESC, name COLLATE NOCASE`,
      )
      .all() as ArticleFacets['sections'];
    const tags = this.db
      .prepare(
        `WITH live AS (SELECT t.article_id AS id, t.tag AS value FROM article_tags t JOIN articles a ON a.id = t.article_id
           WHERE a.trashed_at IS NULL),
         spellings AS (SELECT value, COUNT(*) AS n FROM live GROUP BY value)
         SELECT (SELECT s.value FROM spellings s WHERE s.value = l.value COLLATE NOCASE ORDER BY s.n DESC, s.value LIMIT 1) AS name,
           COUNT(DISTINCT l.id) AS count
         FROM live l GROUP BY l.value COLLATE NOCASE ORDER BY count DESC, name COLLATE NOCASE`,
      )
      .all() as ArticleFacets['tags'];
    return { sections, tags };
  }

  /** Inserts or replaces the whole document, tags included, and a published article's rendered parts (see article-parts.ts). */
  write(article: Article): void {
    this.db
      .prepare(
        `INSERT INTO articles (id, slug, section, headline, summary, byline, body, takeaways, questions, status,
           revision, created_at, updated_at, published_at, trashed_at)
         VALUES (:id, :slug, :section, :headline, :summary, :byline, :body, :takeaways, :questions, :status,
           :revision, :createdAt, :updatedAt, :publishedAt, :trashedAt)
         ON CONFLICT (id) DO UPDATE SET slug = excluded.slug, section = excluded.section, headline = excluded.headline,
           summary = excluded.summary, byline = excluded.byline, body = excluded.body, takeaways = excluded.takeaways,
           questions = excluded.questions, status = excluded.status, revision = excluded.revision,
           created_at = excluded.created_at, updated_at = excluded.updated_at, published_at = excluded.published_at,
           trashed_at = excluded.trashed_at`,
      )
      .run({
        id: article.id,
        slug: article.slug,
        section: article.section,
        headline: article.headline,
        summary: article.summary,
        byline: JSON.stringify(article.byline),
        body: JSON.stringify(article.body),
        takeaways: JSON.stringify(article.takeaways),
        questions: JSON.stringify(article.questions),
        status: article.status,
        revision: article.revision,
        createdAt: article.createdAt,
        updatedAt: article.updatedAt,
        publishedAt: article.publishedAt,
        trashedAt: article.trashedAt,
      });
    this.db.prepare('DELETE FROM article_tags WHERE article_id = ?').run(article.id);
    const insertTag = this.db.prepare('INSERT INTO article_tags (article_id, position, tag) VALUES (?, ?, ?)');
    article.tags.forEach((tag, position) => insertTag.run(article.id, position, tag));
    // Parts are for site builds, which read published articles only: a draft's autosaves do not
    // render them (~3 ms at 20,000 words). Publishing is a save with the published status, and a
    // save whose documents did not change keeps the parts it has.
    if (article.status === 'published' && !hasCurrentParts(this.db, article.id)) storeArticleParts(this.db, article.id, articleParts(article));
  }

  setTrashed(id: string, trashedAt: string | null, updatedAt: string): void {
    this.db.prepare('UPDATE articles SET trashed_at = ?, updated_at = ?, revision = revision + 1 WHERE id = ?').run(trashedAt, updatedAt, id);
  }

  delete(id: string): void {
    this.db.prepare('DELETE FROM articles WHERE id = ?').run(id);
  }
}
