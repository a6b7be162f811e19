import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { RevisionSummary } from '../../../shared/revision';
import { fullTime, relativeTime } from '../library/relativeTime';
import { REASON_LABELS, revisionTitle, versionTime, wordDeltaLabel } from './labels';
import './revision-list.css';

export interface RevisionListProps {
  revisions: RevisionSummary[];
  selectedId: number | null;
  onSelect(id: number): void;
  /** Focus the selected entry once it is shown (when the panel opens). */
  autoFocus: boolean;
}

function useNow(intervalMs = 60_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/** Newest first. Arrow keys, Home and End move through the versions, as in a list box. */
export function RevisionList({ revisions, selectedId, onSelect, autoFocus }: RevisionListProps) {
  const now = useNow();
  const listRef = useRef<HTMLOListElement>(null);
  const focused = useRef(false);

  useEffect(() => {
    if (!autoFocus || focused.current || selectedId === null) return;
    focused.current = true;
    listRef.current?.querySelector<HTMLButtonElement>('[aria-current="true"]')?.focus();
  }, [autoFocus, selectedId]);

  const move = (event: KeyboardEvent<HTMLOListElement>) => {
    const keys: Record<string, (index: number) => number> = {
      ArrowDown: (i) => Math.min(revisions.length - 1, i + 1),
      ArrowUp: (i) => Math.max(0, i - 1),
      Home: () => 0,
      End: () => revisions.length - 1,
    };
    const step = keys[event.key];
    if (!step) return;
    event.preventDefault();
    const index = revisions.findIndex((r) => r.id === selectedId);
    const next = revisions[step(index === -1 ? 0 : index)];
    if (!next) return;
    onSelect(next.id);
    listRef.current?.querySelector<HTMLButtonElement>(`[data-revision="${next.id}"]`)?.focus();
  };

  return (
    <ol className="revision-list" ref={listRef} onKeyDown={move} aria-label="Versions, newest first">
      {revisions.map((revision, index) => {
        const selected = revision.id === selectedId;
        const title = revisionTitle(revision);
        const showReason = title !== REASON_LABELS[revision.reason];
        return (
          <li key={revision.id}>
            <button
              type="button"
              className={`revision-item${selected ? ' is-selected' : ''}`}
              data-revision={revision.id}
              aria-current={selected ? 'true' : undefined}
              onClick={() => onSelect(revision.id)}
            >
              <span className="revision-item-top">
                <time className="revision-time" dateTime={revision.createdAt} title={fullTime(revision.createdAt)}>
                  {versionTime(revision.createdAt, now)}
                </time>
                <span className="revision-ago">{relativeTime(revision.createdAt, now)}</span>
              </span>
              <span className={`revision-title${revision.label && revision.reason === 'manual' ? ' is-named' : ''}`}>{title}</span>
              <span className="revision-meta">
                {index === 0 ? <span className="revision-chip is-current">Current version</span> : null}
                {showReason ? <span className={`revision-chip reason-${revision.reason}`}>{REASON_LABELS[revision.reason]}</span> : null}
                <span className={`revision-delta${revision.wordDelta > 0 ? ' is-up' : revision.wordDelta < 0 ? ' is-down' : ''}`}>
                  {wordDeltaLabel(revision.wordDelta)}
                </span>
              </span>
            </button>
          </li>
        );
      })}
    </ol>
  );
}
