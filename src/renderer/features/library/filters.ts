import { ARTICLE_STATUSES, STATUS_LABELS, type ArticleListQuery, type ArticleStatus } from '../../../shared/article';

export type LibraryFilter = 'all' | ArticleStatus | 'trash';

export const FILTER_OPTIONS: readonly { value: LibraryFilter; label: string }[] = [
  { value: 'all', label: 'All' },
  ...ARTICLE_STATUSES.map((status) => ({ value: status, label: STATUS_LABELS[status] })),
  { value: 'trash', label: 'Trash' },
];

export function isLibraryFilter(value: string): value is LibraryFilter {
  return FILTER_OPTIONS.some((option) => option.value === value);
}

export function queryFor(filter: LibraryFilter): ArticleListQuery {
  if (filter === 'all') return { trashed: false };
  if (filter === 'trash') return { trashed: true };
  return { trashed: false, status: filter };
}
