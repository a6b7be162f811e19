import type { Statement } from 'better-sqlite3';
import type { Database } from '../db/open';
import type { Article } from '../../shared/article';
import { articleParts, type ArticleParts } from '../../shared/render/article-parts';
import type { ArticleRow as StoredArticleRow } from '../articles/rows';
import { PARTS_COLUMNS, partsJoin, partsOfRow, type StoredPartsColumns } from '../articles/parts-store';
import { NO_VOTES, type PublishedComment, type VoteTallies } from '../../shared/engagement';
import { approvedComments, voteTallies } from '../moderation/public';

/** What a listing, a feed and the sitemap need of a published article (no document bodies). */
export interface PublishedSummary {
  id: string;
  slug: string;
  section: string;
  headline: string;
  summary: string;
  byline: string[];
  tags: string[];
  revision: number;
  updatedAt: string;
  publishedAt: string;
}

export interface Engagement {
  comments: PublishedComment[];
  votes: VoteTallies;
}

/** Readers' contributions to a page. Injected so publishing works before (or without) moderation. */
export interface EngagementSource {
  comments(articleId: string): PublishedComment[];
  votes(articleId: string): VoteTallies;
  /** A batch of articles at once (a full build asks per 100 articles); falls back to the two above. */
  many?(articleIds: readonly string[]): Map<string, Engagement>;
}

/** No comments and no votes: workspaces whose database has no moderation tables. */
export const NO_ENGAGEMENT: EngagementSource = { comments: () => [], votes: () => NO_VOTES };

/** Engagement of each id, batched when the source can. */
export function engagementOf(source: EngagementSource, ids: readonly string[]): Map<string, Engagement> {
  if (source.many) return source.many(ids);
  return new Map(ids.map((id) => [id, { comments: source.comments(id), votes: source.votes(id) }]));
}

/**
 * The moderation area's approved comments and counted votes, when its tables exist. Single
 * articles go through moderation/public.ts; `many` is the same selection for a batch, in three
 * statements prepared once (one per table) instead of three per article.
 * tests/unit/site-engagement.test.ts holds the two to the same answers.
 */
export function engagementFor(db: Database): EngagementSource {
  const has = (name: string) => db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
  if (!has('comments') || !has('votes') || !has('article_voting')) return remember({ ...NO_ENGAGEMENT });
  const commentsOf = db.prepare(
    `SELECT c.article_id, c.id, c.parent_id, a.display_name AS author_name, c.body, c.created_at
       FROM comments c JOIN comment_authors a ON a.id = c.author_id
      WHERE c.article_id IN (SELECT value FROM json_each(?)) AND c.status = 'approved'
      ORDER BY c.article_id, c.created_at, c.id`,
  );
  const votesOf = db.prepare(
    `SELECT article_id, axis, SUM(value = 'yes') AS yes, COUNT(*) AS total FROM votes
      WHERE article_id IN (SELECT value FROM json_each(?)) AND state = 'counted' GROUP BY article_id, axis`,
  );
  const locksOf = db.prepare('SELECT article_id, locked FROM article_voting WHERE article_id IN (SELECT value FROM json_each(?))');
  const many = (ids: readonly string[]): Map<string, Engagement> => {
    const json = JSON.stringify(ids);
    const result = new Map<string, Engagement>(
      ids.map((id) => [id, { comments: [], votes: { interesting: { yes: 0, total: 0 }, support: { yes: 0, total: 0 }, votingOpen: true } }]),
    );
    const rows = commentsOf.all(json) as { article_id: string; id: number; parent_id: number | null; author_name: string; body: string; created_at: string }[];
    const approved = new Set(rows.map((r) => `${r.article_id}\t${r.id}`));
    for (const r of rows) {
      result.get(r.article_id)?.comments.push({
        id: String(r.id),
        // A reply whose parent is not approved (on this article) is shown at the top level.
        parentId: r.parent_id !== null && approved.has(`${r.article_id}\t${r.parent_id}`) ? String(r.parent_id) : null,
        authorName: r.author_name,
        body: r.body,
        createdAt: r.created_at,
      });
    }
    for (const r of votesOf.all(json) as { article_id: string; axis: 'interesting' | 'support'; yes: number; total: number }[]) {
      const entry = result.get(r.article_id);
      if (entry) entry.votes[r.axis] = { yes: r.yes, total: r.total };
    }
    for (const r of locksOf.all(json) as { article_id: string; locked: number }[]) {
      const entry = result.get(r.article_id);
      if (entry) entry.votes.votingOpen = r.locked !== 1;
    }
    return result;
  };
  return remember({ comments: (id) => approvedComments(db, id), votes: (id) => voteTallies(db, id), many });
}

/** Sources made by engagementFor: a render worker makes the same from its own connection. */
const fromDatabase = new WeakSet<EngagementSource>();
const remember = (source: EngagementSource) => (fromDatabase.add(source), source);

/** Whether the source is engagementFor's (so a render worker, reading the same file, gives the same answers). */
export const readsDatabase = (source: EngagementSource): boolean => fromDatabase.has(source);

/** The test for a published article (the condition of the live indexes of migration 0008), on table alias `a` unless told. */
export const live = (alias: string) => `${alias}.status = 'published' AND ${alias}.trashed_at IS NULL AND ${alias}.published_at IS NOT NULL`;
export const LIVE = live('a');

/** The summary columns of articles_live_listing (migration 0008): read without touching a row. */
export type SummaryRow = Pick<StoredArticleRow, 'id' | 'slug' | 'section' | 'headline' | 'summary' | 'byline' | 'revision' | 'updated_at'> & { published_at: string };

/** Read-only queries the publisher runs (SQL lives here, not in the build). */
export class PublishSource {
  private readonly articlesOf: Statement<[string]>;

  constructor(private readonly db: Database) {
    // An article's row holds its documents (~40 KB in overflow pages) before status and dates, so
    // reading any of those walks the overflow chain. The two covering indexes of migration 0008 give
    // every summary column instead, and the row itself (`d`) is read only for an article without
    // stored parts.
    this.articlesOf = db.prepare<[string]>(
      `SELECT a.id, a.slug, a.section, a.headline, a.summary, a.byline, a.revision, a.updated_at, a.published_at,
         d.body, d.takeaways, d.questions, ${PARTS_COLUMNS},
         (SELECT json_group_array(tag) FROM (SELECT tag FROM article_tags t WHERE t.article_id = a.id ORDER BY position)) AS tags
       FROM json_each(?) AS j
       JOIN articles k INDEXED BY articles_live_ids ON k.id = j.value
       JOIN articles a INDEXED BY articles_live_listing ON a.published_at = k.published_at AND a.id = k.id
       LEFT JOIN article_parts p ON ${partsJoin('a')}
       LEFT JOIN articles d ON p.article_id IS NULL AND d.id = a.id
       WHERE ${live('k')} AND ${LIVE}`,
    );
  }

  /**
   * Every published article, newest first (ties broken by id so the order is stable): one scan
   * of the covering index, and every tag in one scan of article_tags (small rows) joined here.
   */
  summaries(): PublishedSummary[] {
    // Rows are streamed as arrays, not collected as objects first: at 16,000 articles the row
    // objects and the summaries made from them were both alive at once, and that survival is
    // what makes V8 double the main thread's young generation (another 64 MB of RSS).
    const tags = tagsById(this.db.prepare('SELECT article_id, tag FROM article_tags ORDER BY article_id, position').raw().iterate() as Iterable<[string, string]>);
    const rows = this.db
      .prepare(
        `SELECT a.id, a.slug, a.section, a.headline, a.summary, a.byline, a.revision, a.updated_at, a.published_at
         FROM articles a INDEXED BY articles_live_listing WHERE ${LIVE} ORDER BY a.published_at DESC, a.id`,
      )
      .iterate() as Iterable<SummaryRow>;
    const summaries: PublishedSummary[] = [];
    for (const r of rows) summaries.push(summaryOf(r, tags.get(r.id) ?? []));
    return summaries;
  }

  /**
   * What the publisher itself needs of every published article in a full build (listing order,
   * and what its URL is made of): the render workers read the rest.
   */
  order(): { id: string; slug: string; section: string; publishedAt: string; updatedAt: string }[] {
    return this.db
      .prepare(`SELECT a.id, a.slug, a.section, a.published_at AS publishedAt, a.updated_at AS updatedAt FROM articles a INDEXED BY articles_live_listing WHERE ${LIVE} ORDER BY a.published_at DESC, a.id`)
      .all() as { id: string; slug: string; section: string; publishedAt: string; updatedAt: string }[];
  }

  /** How many articles are published (the live-order index answers it without reading rows). */
  count(): number {
    return (this.db.prepare(`SELECT COUNT(*) AS n FROM articles a INDEXED BY articles_live_ids WHERE ${LIVE}`).get() as { n: number }).n;
  }

  /** The given articles (published ones only) ready to render, in the order given. */
  articles(ids: readonly string[]): PublishArticle[] {
    if (ids.length === 0) return [];
    const byId = new Map((this.articlesOf.all(JSON.stringify(ids)) as ArticleRow[]).map((r) => [r.id, toPublishArticle(r)]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  /**
   * The stored rows of `articles(ids)` (see toPublishArticle), one at a time, in no
   * particular order. A full build renders each before the next is read: a batch of 25 rows held
   * at once (~1 MB of document text) outlived several young-generation collections, each copying
   * all of it again. The connection is busy until the iteration ends, so the caller runs no other
   * statement on it meanwhile.
   */
  eachRow(ids: readonly string[]): IterableIterator<ArticleRow> {
    return this.articlesOf.iterate(JSON.stringify(ids)) as IterableIterator<ArticleRow>;
  }
}

/** An article row of a build: its summary, and its stored parts or (when it has none of this version) its documents as JSON text. */
export type ArticleRow = SummaryRow & StoredPartsColumns & { tags: string; body: string | null; takeaways: string | null; questions: string | null };

/**
 * What a build renders an article page from: the article's summary, and the parts of its
 * documents. `rendered` is set when they had no stored parts and were rendered from the documents
 * just now (the build stores them for the next one, see storeRenderedParts).
 */
export type PublishArticle = PublishedSummary & { parts: ArticleParts; rendered?: true };

/**
 * A build's article: the parts stored when it was saved, else (saved by an older version, or
 * written by something other than the save path) rendered from its documents now, the same way.
 */
export function toPublishArticle(row: ArticleRow): PublishArticle {
  const summary = summaryOf(row, JSON.parse(row.tags) as string[]);
  const stored = partsOfRow(row);
  if (stored) return { ...summary, parts: stored };
  const { body, takeaways, questions } = row;
  if (body === null || takeaways === null || questions === null) throw new Error(`article ${row.id} has neither parts nor documents`);
  const parts = articleParts({
    body: JSON.parse(body) as Article['body'],
    takeaways: JSON.parse(takeaways) as Article['takeaways'],
    questions: JSON.parse(questions) as Article['questions'],
  });
  return { ...summary, parts, rendered: true };
}

/** Each article's tags, from (article id, tag) rows in position order. */
export function tagsById(rows: Iterable<readonly [string, string]>): Map<string, string[]> {
  const tags = new Map<string, string[]>();
  for (const [id, tag] of rows) {
    const list = tags.get(id);
    if (list) list.push(tag);
    else tags.set(id, [tag]);
  }
  return tags;
}

export function summaryOf(r: SummaryRow, tags: string[]): PublishedSummary {
  return {
    id: r.id,
    slug: r.slug,
    section: r.section,
    headline: r.headline,
    summary: r.summary,
    byline: JSON.parse(r.byline) as string[],
    tags,
    revision: r.revision,
    updatedAt: r.updated_at,
    publishedAt: r.published_at,
  };
}
