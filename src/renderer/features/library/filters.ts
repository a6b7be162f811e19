import { ARTICLE_STATUSES, STATUS_LABELS, type ArticleListQuery, type ArticleStatus, type ArticleSummary } from '../../../shared/article';
import type { ArticleSearchQuery } from '../../../shared/search';

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

/**
 * `relevance` is "the default order": best match while searching, newest update otherwise,
 * so typing a query never leaves the results in an order the person did not ask for.
 */
export type LibrarySort = 'relevance' | 'updated' | 'created' | 'title';

/** What narrows the library beyond the status filter. Empty strings mean "any". */
export interface LibraryRefine {
  text: string;
  section: string;
  tag: string;
  sort: LibrarySort;
}

export const DEFAULT_REFINE: LibraryRefine = { text: '', section: '', tag: '', sort: 'relevance' };

export function isSearching(refine: LibraryRefine): boolean {
  return refine.text.trim() !== '';
}

/** True when a search, section or tag hides some articles (sorting hides nothing). */
export function isNarrowed(refine: LibraryRefine): boolean {
  return isSearching(refine) || refine.section !== '' || refine.tag !== '';
}

export function sortOptions(searching: boolean): { value: LibrarySort; label: string }[] {
  return [
    ...(searching ? [{ value: 'relevance' as const, label: 'Best match' }] : []),
    { value: 'updated', label: 'Last updated' },
    { value: 'created', label: 'Date created' },
    { value: 'title', label: 'Title' },
  ];
}

/** The sort actually applied: `relevance` means newest update when there is no search. */
export function effectiveSort(refine: LibraryRefine): LibrarySort {
  return refine.sort === 'relevance' && !isSearching(refine) ? 'updated' : refine.sort;
}

export function listQueryFor(filter: LibraryFilter, refine: LibraryRefine): ArticleListQuery {
  const sort = effectiveSort(refine);
  return {
    ...queryFor(filter),
    ...(refine.section ? { section: refine.section } : {}),
    ...(refine.tag ? { tag: refine.tag } : {}),
    sort: sort === 'relevance' ? 'updated' : sort,
  };
}

export const SEARCH_LIMIT = 100;

export function searchQueryFor(filter: LibraryFilter, refine: LibraryRefine): ArticleSearchQuery {
  return {
    text: refine.text.trim(),
    trashed: filter === 'trash',
    ...(filter !== 'all' && filter !== 'trash' ? { status: filter } : {}),
    ...(refine.section ? { section: refine.section } : {}),
    ...(refine.tag ? { tag: refine.tag } : {}),
    limit: SEARCH_LIMIT,
  };
}

const byTitle = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

/**
 * Search answers best match first; any other order is applied here, over the returned hits,
 * with the same rules as `articles:list` (newest first; titles A–Z).
 */
export function sortResults<T extends ArticleSummary>(items: T[], sort: LibrarySort): T[] {
  if (sort === 'relevance') return items;
  const copy = [...items];
  if (sort === 'updated') copy.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  else if (sort === 'created') copy.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  else copy.sort((a, b) => byTitle.compare(a.headline, b.headline));
  return copy;
}
