import { forwardRef, useEffect, useState } from 'react';
import { QUEUES, type Queue, type QueueCounts, type QueueFilter, type QueueSort, type Rule } from '../../../shared/moderation';
import type { ArticleSummary } from '../../../shared/article';
import { QUEUE_LABELS } from './labels';

export function QueueTabs({ queue, counts, onChange }: { queue: Queue; counts: QueueCounts | null; onChange(queue: Queue): void }) {
  return (
    <div className="mod-tabs" role="tablist" aria-label="Queues">
      {QUEUES.map((q, i) => (
        <button
          key={q}
          type="button"
          role="tab"
          id={`mod-tab-${q}`}
          aria-selected={q === queue}
          aria-controls="mod-queue-panel"
          tabIndex={q === queue ? 0 : -1}
          className={`mod-tab${q === queue ? ' is-current' : ''}`}
          title={`${QUEUE_LABELS[q]} (${i + 1})`}
          onClick={() => onChange(q)}
        >
          <span>{QUEUE_LABELS[q]}</span>
          <span className="mod-count" aria-label={`${counts?.[q] ?? 0} comments`}>
            {counts ? counts[q].toLocaleString() : '…'}
          </span>
        </button>
      ))}
    </div>
  );
}

export interface FilterBarProps {
  filter: QueueFilter;
  sort: QueueSort;
  articles: ArticleSummary[];
  rules: Rule[];
  authorName: string | null;
  onFilter(filter: QueueFilter): void;
  onSort(sort: QueueSort): void;
}

/** `yyyy-mm-dd` (a date input) to an ISO instant at local midnight, and back. */
function dayToIso(day: string, endOfDay: boolean): string | undefined {
  if (!day) return undefined;
  const d = new Date(`${day}T00:00:00`);
  if (Number.isNaN(d.getTime())) return undefined;
  if (endOfDay) d.setDate(d.getDate() + 1);
  return d.toISOString();
}
function isoToDay(iso: string | undefined, endOfDay: boolean): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (endOfDay) d.setDate(d.getDate() - 1);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

function without<K extends keyof QueueFilter>(filter: QueueFilter, key: K, value: QueueFilter[K] | undefined): QueueFilter {
  const next = { ...filter };
  if (value === undefined || value === '') delete next[key];
  else next[key] = value;
  return next;
}

/** Search (debounced), article, author, date range, rule, sort. `/` focuses the search box. */
export const FilterBar = forwardRef<HTMLInputElement, FilterBarProps>(function FilterBar({ filter, sort, articles, rules, authorName, onFilter, onSort }, searchRef) {
  const [text, setText] = useState(filter.text ?? '');
  useEffect(() => setText(filter.text ?? ''), [filter.text]);
  useEffect(() => {
    if ((filter.text ?? '') === text.trim()) return;
    const timer = window.setTimeout(() => onFilter(without(filter, 'text', text.trim() || undefined)), 250);
    return () => window.clearTimeout(timer);
  }, [text, filter, onFilter]);

  return (
    <div className="mod-filters">
      <label className="mod-search">
        <span className="visually-hidden">Search comments</span>
        <input
          ref={searchRef}
          className="input"
          type="search"
          placeholder="Search comments and authors  ( / )"
          value={text}
          maxLength={200}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') onFilter(without(filter, 'text', text.trim() || undefined));
          }}
        />
      </label>
      <label className="mod-filter">
        <span>Article</span>
        <select className="input select" value={filter.articleId ?? ''} onChange={(e) => onFilter(without(filter, 'articleId', e.target.value || undefined))}>
          <option value="">All articles</option>
          {articles.map((a) => (
            <option key={a.id} value={a.id}>
              {a.headline || 'Untitled'}
            </option>
          ))}
        </select>
      </label>
      <label className="mod-filter">
        <span>Rule</span>
        <select className="input select" value={filter.ruleId ?? ''} onChange={(e) => onFilter(without(filter, 'ruleId', e.target.value ? Number(e.target.value) : undefined))}>
          <option value="">Any rule</option>
          {rules.map((r) => (
            <option key={r.id} value={r.id}>
              {r.pattern ? `${r.kind.replace('_', ' ')}: ${r.pattern}` : `${r.kind.replace('_', ' ')}${r.threshold !== null ? ` (${r.threshold})` : ''}`}
            </option>
          ))}
        </select>
      </label>
      <label className="mod-filter mod-filter-date">
        <span>From</span>
        <input className="input" type="date" value={isoToDay(filter.from, false)} onChange={(e) => onFilter(without(filter, 'from', dayToIso(e.target.value, false)))} />
      </label>
      <label className="mod-filter mod-filter-date">
        <span>To</span>
        <input className="input" type="date" value={isoToDay(filter.to, true)} onChange={(e) => onFilter(without(filter, 'to', dayToIso(e.target.value, true)))} />
      </label>
      <label className="mod-filter">
        <span>Sort</span>
        <select className="input select" value={sort} onChange={(e) => onSort(e.target.value as QueueSort)}>
          <option value="newest">Newest</option>
          <option value="oldest">Oldest</option>
          <option value="most_reported">Most reported</option>
        </select>
      </label>
      {filter.authorId !== undefined ? (
        <span className="mod-chip">
          Author: <bdi>{authorName ?? `#${filter.authorId}`}</bdi>
          <button type="button" className="mod-chip-clear" aria-label="Show every author" onClick={() => onFilter(without(filter, 'authorId', undefined))}>
            ×
          </button>
        </span>
      ) : null}
    </div>
  );
});
