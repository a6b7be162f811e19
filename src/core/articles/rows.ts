import type { Article, ArticleStatus, ArticleSummary } from '../../shared/article';
import type { SerializedState } from '../../shared/lexical/schema';

/**
 * An articles row as SQLite returns it (documents still JSON text, tags as a JSON array or NULL),
 * and its mapping to the shared types. Type imports only: the publish worker bundle reads rows too.
 */
export interface ArticleRow {
  id: string;
  slug: string;
  section: string;
  headline: string;
  summary: string;
  byline: string;
  body: string;
  takeaways: string;
  questions: string;
  status: ArticleStatus;
  revision: number;
  created_at: string;
  updated_at: string;
  published_at: string | null;
  trashed_at: string | null;
  tags: string | null;
}

export function toSummary(row: Omit<ArticleRow, 'body' | 'takeaways' | 'questions'>): ArticleSummary {
  return {
    id: row.id,
    slug: row.slug,
    section: row.section,
    headline: row.headline,
    summary: row.summary,
    byline: JSON.parse(row.byline) as string[],
    tags: JSON.parse(row.tags ?? '[]') as string[],
    status: row.status,
    revision: row.revision,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    publishedAt: row.published_at,
    trashedAt: row.trashed_at,
  };
}

export function toArticle(row: ArticleRow): Article {
  return {
    ...toSummary(row),
    body: JSON.parse(row.body) as SerializedState,
    takeaways: JSON.parse(row.takeaways) as Article['takeaways'],
    questions: JSON.parse(row.questions) as Article['questions'],
  };
}
