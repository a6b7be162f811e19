import type { ArticleStatus } from '../../shared/article';

export interface ArticleFilter {
  status?: ArticleStatus | undefined;
  section?: string | undefined;
  tag?: string | undefined;
  trashed: boolean;
}

/**
 * WHERE clauses (on `articles a`) and named parameters for the library filters, shared by the
 * list and the full-text search so both narrow results the same way.
 */
export function articleFilterSql(filter: ArticleFilter, params: Record<string, string | number>): string[] {
  const where = [filter.trashed ? 'a.trashed_at IS NOT NULL' : 'a.trashed_at IS NULL'];
  if (filter.status) {
    where.push('a.status = :status');
    params.status = filter.status;
  }
  if (filter.section !== undefined) {
    where.push('a.section = :section COLLATE NOCASE');
    params.section = filter.section;
  }
  if (filter.tag !== undefined) {
    where.push('EXISTS (SELECT 1 FROM article_tags t WHERE t.article_id = a.id AND t.tag = :tag COLLATE NOCASE)');
    params.tag = filter.tag;
  }
  return where;
}
