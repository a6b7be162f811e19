import { useEffect, useState } from 'react';
import { STATUS_LABELS } from '../../../shared/article';
import type { ArticleFacets } from '../../../shared/facets';
import { FILTER_OPTIONS, isNarrowed, isSearching, type LibraryFilter, type LibraryRefine } from './filters';
import { LibraryControls } from './LibraryControls';
import { fullTime, relativeTime } from './relativeTime';
import { Snippet, snippetText } from './Snippet';
import type { LibraryItem } from './useArticleList';

export interface LibrarySidebarProps {
  articles: LibraryItem[];
  loading: boolean;
  error: string | null;
  filter: LibraryFilter;
  refine: LibraryRefine;
  facets: ArticleFacets;
  selectedId: string | null;
  creating: boolean;
  onFilterChange(filter: LibraryFilter): void;
  onRefineChange(refine: LibraryRefine): void;
  onSelect(id: string): void;
  onCreate(): void;
}

/** Re-renders once a minute so "5 min ago" stays true. */
function useNow(intervalMs = 60_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

const EMPTY_MESSAGES: Record<LibraryFilter, string> = {
  all: 'No articles yet. Start one with “New article”.',
  draft: 'No drafts.',
  in_review: 'Nothing is waiting for review.',
  ready: 'Nothing is ready to publish.',
  published: 'Nothing has been published yet.',
  unpublished: 'No unpublished articles.',
  trash: 'The trash is empty.',
};

function emptyMessage(filter: LibraryFilter, refine: LibraryRefine): string {
  if (isSearching(refine)) return `Nothing matches “${refine.text.trim()}”${refine.section || refine.tag || filter !== 'all' ? ' with these filters' : ''}.`;
  if (isNarrowed(refine)) return 'No articles match these filters.';
  return EMPTY_MESSAGES[filter];
}

function resultCount(count: number, refine: LibraryRefine): string {
  const noun = count === 1 ? 'article' : 'articles';
  return isSearching(refine) ? `${count} ${noun} found` : `${count} ${noun}`;
}

export function LibrarySidebar(props: LibrarySidebarProps) {
  const { articles, loading, error, filter, refine, facets, selectedId, creating, onFilterChange, onRefineChange, onSelect, onCreate } = props;
  const now = useNow();
  const narrowed = isNarrowed(refine);
  const filterLabel = FILTER_OPTIONS.find((o) => o.value === filter)?.label ?? '';
  return (
    <nav className="library" aria-label="Library">
      <div className="library-header">
        <h2 className="library-title">Library</h2>
        <button type="button" className="button button-primary" onClick={onCreate} disabled={creating}>
          <span aria-hidden="true" className="button-icon">
            +
          </span>
          New article
        </button>
      </div>
      <LibraryControls filter={filter} refine={refine} facets={facets} onFilterChange={onFilterChange} onRefineChange={onRefineChange} />
      {error ? (
        <p className="library-message library-error" role="alert">
          Could not load the library: {error}
        </p>
      ) : null}
      {/* Announces how many results a search or filter left, without moving focus. */}
      <p className={narrowed && !error ? 'library-count' : 'visually-hidden'} role="status" aria-live="polite">
        {narrowed && !loading && !error ? resultCount(articles.length, refine) : ''}
      </p>
      {!error && !loading && articles.length === 0 ? <p className="library-message">{emptyMessage(filter, refine)}</p> : null}
      <ul className="article-list" aria-label={`Articles (${filterLabel})`} aria-busy={loading}>
        {articles.map((article) => {
          const selected = article.id === selectedId;
          const title = article.headline.trim() || 'Untitled';
          // A hit in the headline is highlighted in the title itself rather than repeated below it.
          const titleMatch = Boolean(article.snippet) && snippetText(article.snippet ?? '') === article.headline;
          return (
            <li key={article.id}>
              <button
                type="button"
                className={`article-item${selected ? ' is-selected' : ''}`}
                aria-current={selected ? 'true' : undefined}
                onClick={() => onSelect(article.id)}
              >
                {titleMatch ? (
                  <Snippet snippet={article.snippet ?? ''} className="article-item-title" />
                ) : (
                  <span className={`article-item-title${article.headline.trim() ? '' : ' is-untitled'}`}>{title}</span>
                )}
                {article.snippet && !titleMatch ? <Snippet snippet={article.snippet} /> : null}
                <span className="article-item-meta">
                  {article.section ? <span className="article-item-section">{article.section}</span> : null}
                  <span className={`status-badge status-${article.status}`}>{STATUS_LABELS[article.status]}</span>
                  <time className="article-item-time" dateTime={article.updatedAt} title={`Updated ${fullTime(article.updatedAt)}`}>
                    {relativeTime(article.updatedAt, now)}
                  </time>
                </span>
              </button>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
