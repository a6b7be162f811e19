import type { ReactNode } from 'react';
import { STATUS_LABELS, type ArticleStatus } from '../../../shared/article';
import { SaveStatus } from './SaveStatus';
import type { SaveStateSource } from './useAutosave';

export interface ArticleBarProps {
  headline: string;
  status: ArticleStatus;
  slug: string;
  trashed: boolean;
  /** The autosave whose state the bar shows (SaveStatus subscribes to it). */
  session: SaveStateSource;
  /** Extra actions for a live article (Save version, History), shown before "Move to trash". */
  tools?: ReactNode;
  /** Word count and reading time, shown with the status. */
  stats?: string;
  /** A panel that drops down from the bar (find and replace). */
  children?: ReactNode;
  onTrash(): void;
  onRestore(): void;
  onPurge(): void;
}

/** The sticky strip above the form: what is open, whether it is saved, and the trash actions. */
export function ArticleBar({ headline, status, slug, trashed, session, tools, stats, children, onTrash, onRestore, onPurge }: ArticleBarProps) {
  return (
    <header className="article-bar">
      <div className="article-bar-inner">
        <div className="article-bar-title">
          <h1 id="article-title" className="article-bar-heading">
            {headline.trim() || 'Untitled'}
          </h1>
          <p className="article-bar-meta">
            <span className={`status-badge status-${status}`}>{STATUS_LABELS[status]}</span>
            <span className="article-bar-slug">/{slug}</span>
            {stats ? <span className="article-bar-stats">{stats}</span> : null}
          </p>
        </div>
        <div className="article-bar-actions">
          {trashed ? (
            <>
              <p className="save-status is-problem">In the trash</p>
              <button type="button" className="button" onClick={onRestore}>
                Restore
              </button>
              <button type="button" className="button button-danger" onClick={onPurge}>
                Delete forever
              </button>
            </>
          ) : (
            <>
              <SaveStatus session={session} />
              {tools}
              <button type="button" className="button button-quiet" onClick={onTrash}>
                Move to trash
              </button>
            </>
          )}
        </div>
      </div>
      {children}
    </header>
  );
}
