import { useEffect, useState } from 'react';
import { STATUS_LABELS, type ArticleSummary } from '../../../shared/article';
import { FILTER_OPTIONS, isLibraryFilter, type LibraryFilter } from './filters';
import { fullTime, relativeTime } from './relativeTime';

export interface LibrarySidebarProps {
  articles: ArticleSummary[];
  loading: boolean;
  error: string | null;
  filter: LibraryFilter;
  selectedId: string | null;
  creating: boolean;
  onFilterChange(filter: LibraryFilter): void;
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

export function LibrarySidebar(props: LibrarySidebarProps) {
  const { articles, loading, error, filter, selectedId, creating, onFilterChange, onSelect, onCreate } = props;
  const now = useNow();
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
      <div className="library-filter">
        <label htmlFor="library-filter" className="field-label">
          Filter by status
        </label>
        <select
          id="library-filter"
          className="input select"
          value={filter}
          onChange={(event) => {
            if (isLibraryFilter(event.target.value)) onFilterChange(event.target.value);
          }}
        >
          {FILTER_OPTIONS.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      </div>
      {error ? (
        <p className="library-message library-error" role="alert">
          Could not load the library: {error}
        </p>
      ) : null}
      {!error && !loading && articles.length === 0 ? <p className="library-message">{EMPTY_MESSAGES[filter]}</p> : null}
      <ul className="article-list" aria-label={`Articles (${FILTER_OPTIONS.find((o) => o.value === filter)?.label ?? ''})`} aria-busy={loading}>
        {articles.map((article) => {
          const selected = article.id === selectedId;
          const title = article.headline.trim() || 'Untitled';
          return (
            <li key={article.id}>
              <button
                type="button"
                className={`article-item${selected ? ' is-selected' : ''}`}
                aria-current={selected ? 'true' : undefined}
                onClick={() => onSelect(article.id)}
              >
                <span className={`article-item-title${article.headline.trim() ? '' : ' is-untitled'}`}>{title}</span>
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
