import type { Database } from '../db/open';
import type { Article } from '../../shared/article';
import type { SerializedState } from '../../shared/lexical/schema';
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

/** Readers' contributions to a page. Injected so publishing works before (or without) moderation. */
export interface EngagementSource {
  comments(articleId: string): PublishedComment[];
  votes(articleId: string): VoteTallies;
}

/** No comments and no votes: workspaces whose database has no moderation tables. */
export const NO_ENGAGEMENT: EngagementSource = { comments: () => [], votes: () => NO_VOTES };

/** The moderation area's approved comments and counted votes, when its tables exist. */
export function engagementFor(db: Database): EngagementSource {
  const has = (name: string) => db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
  if (!has('comments') || !has('votes') || !has('article_voting')) return NO_ENGAGEMENT;
  return { comments: (id) => approvedComments(db, id), votes: (id) => voteTallies(db, id) };
}

const LIVE = "a.status = 'published' AND a.trashed_at IS NULL AND a.published_at IS NOT NULL";
// Tags in one GROUP BY pass instead of a subquery per row: this query runs on every publish.
const TAGS_CTE = `WITH tag_lists AS (SELECT article_id, json_group_array(tag) AS tags FROM
  (SELECT article_id, tag FROM article_tags ORDER BY article_id, position) GROUP BY article_id)`;

interface SummaryRow {
  id: string;
  slug: string;
  section: string;
  headline: string;
  summary: string;
  byline: string;
  tags: string | null;
  revision: number;
  updated_at: string;
  published_at: string;
}

/** Read-only queries the publisher runs (SQL lives here, not in the build). */
export class PublishSource {
  constructor(private readonly db: Database) {}

  /** Every published article, newest first (ties broken by id so the order is stable). */
  summaries(): PublishedSummary[] {
    const rows = this.db
      .prepare(
        `${TAGS_CTE} SELECT a.id, a.slug, a.section, a.headline, a.summary, a.byline, t.tags, a.revision, a.updated_at, a.published_at
         FROM articles a LEFT JOIN tag_lists t ON t.article_id = a.id WHERE ${LIVE} ORDER BY a.published_at DESC, a.id`,
      )
      .all() as SummaryRow[];
    return rows.map((r) => ({
      id: r.id,
      slug: r.slug,
      section: r.section,
      headline: r.headline,
      summary: r.summary,
      byline: JSON.parse(r.byline) as string[],
      tags: r.tags ? (JSON.parse(r.tags) as string[]) : [],
      revision: r.revision,
      updatedAt: r.updated_at,
      publishedAt: r.published_at,
    }));
  }

  /** Full documents for the given ids (published ones only), in the order given. */
  articles(ids: readonly string[]): Article[] {
    if (ids.length === 0) return [];
    const rows = this.db
      .prepare(
        `SELECT a.*, (SELECT json_group_array(tag) FROM (SELECT tag FROM article_tags t WHERE t.article_id = a.id ORDER BY position)) AS tags
         FROM articles a WHERE ${LIVE} AND a.id IN (SELECT value FROM json_each(?))`,
      )
      .all(JSON.stringify(ids)) as (SummaryRow & { body: string; takeaways: string; questions: string; status: 'published'; created_at: string; trashed_at: null })[];
    const byId = new Map(
      rows.map((r): [string, Article] => [
        r.id,
        {
          id: r.id,
          slug: r.slug,
          section: r.section,
          headline: r.headline,
          summary: r.summary,
          byline: JSON.parse(r.byline) as string[],
          tags: r.tags ? (JSON.parse(r.tags) as string[]) : [],
          body: JSON.parse(r.body) as SerializedState,
          takeaways: JSON.parse(r.takeaways) as Article['takeaways'],
          questions: JSON.parse(r.questions) as Article['questions'],
          status: r.status,
          revision: r.revision,
          createdAt: r.created_at,
          updatedAt: r.updated_at,
          publishedAt: r.published_at,
          trashedAt: null,
        },
      ]),
    );
    return ids.flatMap((id) => byId.get(id) ?? []);
  }
}
