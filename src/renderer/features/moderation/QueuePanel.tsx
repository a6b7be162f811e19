import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ArticleSummary } from '../../../shared/article';
import { QUEUES, type CommentAction, type Queue, type QueueCounts, type QueueFilter, type QueueItem, type QueueSort, type Rule } from '../../../shared/moderation';
import { useClient } from '../../api/context';
import { CommentCard, type CardCommand } from './CommentCard';
import { ACTION_QUEUE, actionSummary, plural, QUEUE_LABELS } from './labels';
import { FilterBar, QueueTabs } from './QueueToolbar';
import { ReasonDialog, type ReasonChoice } from './ReasonDialog';
import type { UndoStack } from './undo';
import { useQueue } from './useQueue';
import { useQueueKeys, type QueueKey } from './useQueueKeys';

export interface QueuePanelProps {
  active: boolean;
  counts: QueueCounts | null;
  refreshCounts(): void;
  /** The Article filter changed: the tab counts follow it. */
  onArticleFilter(articleId: string | undefined): void;
  undo: UndoStack;
  articles: ArticleSummary[];
  rules: Rule[];
  /** Set from outside (the author page's "Show in queue"). */
  authorFilter: { id: number; name: string } | null;
  onClearAuthorFilter(): void;
  onOpenAuthor(id: number): void;
  onHelp(): void;
  /** Bumped after an undo: refetch and focus the comments that came back. */
  restored: { ids: readonly number[]; seq: number } | null;
}

type Dialog = { kind: 'reject'; ids: number[] | 'all' } | { kind: 'ban'; item: QueueItem } | null;

/** Whether a comment acted on leaves the queue on screen (then the next one moves up). */
function leaves(queue: Queue, action: CommentAction): boolean {
  return queue === 'reported' || queue === 'unmoderated' || ACTION_QUEUE[action] !== queue;
}

/**
 * One queue: tabs with live counts, filters, the cards, selection and bulk actions. Keyboard
 * first: after every decision the next comment has the focus, so the mouse is never needed.
 */
export function QueuePanel({ active, counts, refreshCounts, onArticleFilter, undo, articles, rules, authorFilter, onClearAuthorFilter, onOpenAuthor, onHelp, restored }: QueuePanelProps) {
  const client = useClient();
  const [queue, setQueue] = useState<Queue>('pending');
  const [baseFilter, setBaseFilter] = useState<QueueFilter>({});
  const [sort, setSort] = useState<QueueSort>('newest');
  const filter = useMemo<QueueFilter>(() => (authorFilter ? { ...baseFilter, authorId: authorFilter.id } : baseFilter), [baseFilter, authorFilter]);
  const params = useMemo(() => ({ queue, filter, sort }), [queue, filter, sort]);
  const list = useQueue(client, params);
  const [focus, setFocus] = useState(0);
  const [selected, setSelected] = useState<ReadonlySet<number>>(new Set());
  const [allMatching, setAllMatching] = useState<number | null>(null);
  const [matching, setMatching] = useState<number | null>(null);
  const [zoom, setZoom] = useState(false);
  const [dialog, setDialog] = useState<Dialog>(null);
  const anchor = useRef<number | null>(null);
  const pendingFocus = useRef<readonly number[] | null>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const busy = useRef(false);

  // When a dialog closes, the keyboard goes back to the focused card (the one it acted on may be gone).
  const listRef = useRef<HTMLDivElement>(null);
  const hadDialog = useRef(false);
  useEffect(() => {
    if (dialog !== null) {
      hadDialog.current = true;
      return;
    }
    if (!hadDialog.current) return;
    hadDialog.current = false;
    listRef.current?.querySelector<HTMLElement>('.mod-card.is-focused')?.focus({ preventScroll: true });
  }, [dialog]);

  const items = list.items;
  const index = Math.min(focus, Math.max(0, items.length - 1));
  const current = items[index];

  useEffect(() => onArticleFilter(filter.articleId), [filter.articleId, onArticleFilter]);

  // A new queue or filter starts at the top with nothing selected.
  useEffect(() => {
    setFocus(0);
    setSelected(new Set());
    setAllMatching(null);
  }, [params]);

  // After an undo: reload and put the focus on the comment that came back.
  useEffect(() => {
    if (!restored) return;
    pendingFocus.current = restored.ids;
    void list.reload();
    // Only a new undo (seq) triggers this.
  }, [restored?.seq]);

  useEffect(() => {
    const ids = pendingFocus.current;
    if (!ids) return;
    const at = items.findIndex((i) => ids.includes(i.comment.id));
    if (at >= 0) {
      pendingFocus.current = null;
      setFocus(at);
    }
  }, [items]);

  // Keep a few comments ahead loaded while a moderator clears the queue.
  useEffect(() => {
    if (list.hasMore && !list.loading && items.length - index < 10) list.loadMore();
  }, [items.length, index, list]);

  const clearSelection = () => {
    setSelected(new Set());
    setAllMatching(null);
    anchor.current = null;
  };

  // "Select all N matching": how many the whole query matches, once everything loaded is selected.
  const everyLoadedSelected = items.length > 0 && selected.size === items.length;
  useEffect(() => {
    if (!everyLoadedSelected || !list.hasMore) {
      setMatching(null);
      return;
    }
    let live = true;
    client.api['moderation:matching']({ queue, filter }).then(
      (r) => live && setMatching(r.count),
      () => {},
    );
    return () => {
      live = false;
    };
  }, [everyLoadedSelected, list.hasMore, client, queue, filter]);

  const act = async (action: CommentAction, target: number[] | 'all', reason?: ReasonChoice) => {
    if (busy.current) return;
    busy.current = true;
    try {
      const result = await client.api['moderation:act']({
        action,
        target: target === 'all' ? { queue, filter, expectedCount: allMatching ?? 0 } : { ids: target },
        ...(reason ? { reasonCode: reason.reasonCode, note: reason.note } : {}),
      });
      if (result.logId !== null) undo.push({ logId: result.logId, label: actionSummary(action, result.affected), targetIds: target === 'all' ? [] : target });
      if (target === 'all') {
        clearSelection();
        await list.reload();
      } else if (leaves(queue, action)) {
        list.remove(new Set(target));
        setSelected((s) => (s.size ? new Set([...s].filter((id) => !target.includes(id))) : s));
      } else {
        await list.reload();
      }
      refreshCounts();
    } catch (error) {
      undo.notify(error instanceof Error ? error.message : String(error), 'error');
      throw error;
    } finally {
      busy.current = false;
    }
  };

  /** The comments an action applies to: the selection when there is one, else the focused one. */
  const targets = (): number[] | 'all' | null => {
    if (allMatching !== null) return 'all';
    if (selected.size > 0) return items.filter((i) => selected.has(i.comment.id)).map((i) => i.comment.id);
    return current ? [current.comment.id] : null;
  };

  const decide = (action: CommentAction) => {
    const t = targets();
    if (t === null) return;
    if (action === 'reject') setDialog({ kind: 'reject', ids: t });
    else void act(action, t).catch(() => {});
  };

  const toggle = (at: number, range: boolean) => {
    const item = items[at];
    if (!item) return;
    setAllMatching(null);
    setSelected((s) => {
      const next = new Set(s);
      if (range && anchor.current !== null) {
        const [from, to] = anchor.current < at ? [anchor.current, at] : [at, anchor.current];
        for (let i = from; i <= to; i += 1) next.add(items[i]!.comment.id);
      } else if (next.has(item.comment.id)) next.delete(item.comment.id);
      else next.add(item.comment.id);
      return next;
    });
    anchor.current = at;
  };

  const onKey = (key: QueueKey) => {
    if (typeof key === 'object') {
      const q = QUEUES[key.queue];
      if (q) setQueue(q);
      return;
    }
    switch (key) {
      case 'next':
        setFocus(Math.min(index + 1, Math.max(0, items.length - 1)));
        break;
      case 'previous':
        setFocus(Math.max(0, index - 1));
        break;
      case 'approve':
        decide('approve');
        break;
      case 'reject':
        decide('reject');
        break;
      case 'spam':
        decide('spam');
        break;
      case 'pending':
        decide('pending');
        break;
      case 'ban':
        if (current && current.author.status !== 'banned') setDialog({ kind: 'ban', item: current });
        break;
      case 'select':
        toggle(index, false);
        break;
      case 'selectRange':
        toggle(index, true);
        break;
      case 'zoom':
        setZoom((z) => !z);
        break;
      case 'search':
        searchRef.current?.focus();
        searchRef.current?.select();
        break;
      case 'help':
        onHelp();
        break;
      case 'escape':
        if (zoom) setZoom(false);
        else clearSelection();
        break;
    }
  };
  useQueueKeys(active && dialog === null, onKey);

  // One stable callback for every card (the cards are memoised).
  const commandRef = useRef<(id: number, c: CardCommand) => void>(() => {});
  commandRef.current = (id, c) => {
    const at = items.findIndex((i) => i.comment.id === id);
    const item = items[at];
    if (!item) return;
    if (c.type === 'focus') setFocus(at);
    else if (c.type === 'select') toggle(at, c.range);
    else if (c.type === 'author') onOpenAuthor(item.author.id);
    else if (c.type === 'onlyAuthor') onOpenAuthor(item.author.id);
    else if (c.type === 'ban') setDialog({ kind: 'ban', item });
    else {
      setFocus(at);
      if (c.action === 'reject') setDialog({ kind: 'reject', ids: selected.has(item.comment.id) && selected.size > 0 ? [...selected] : [item.comment.id] });
      else void act(c.action, selected.has(item.comment.id) && selected.size > 0 ? [...selected] : [item.comment.id]).catch(() => {});
    }
  };
  const onCommand = useCallback((id: number, c: CardCommand) => commandRef.current(id, c), []);

  const ban = async (item: QueueItem, choice: ReasonChoice) => {
    const result = await client.api['readers:act']({ authorId: item.author.id, action: 'ban', reasonCode: choice.reasonCode, note: choice.note });
    undo.push({ logId: result.logId, label: `Banned ${item.author.displayName || 'the author'}` });
    list.patch((i) => (i.author.id === item.author.id ? { ...i, author: result.author } : i));
  };

  const selectionCount = allMatching ?? selected.size;
  const shown = zoom && current ? [current] : items;
  const queueName = QUEUE_LABELS[queue];

  return (
    <section className="mod-queue" aria-label="Moderation queue">
      <QueueTabs queue={queue} counts={counts} onChange={setQueue} />
      <div
        onKeyDown={(event) => {
          // Esc in a filter (the search box, or a list such as Article after choosing with the
          // keyboard) hands the keyboard back to the queue, so j/k and the decisions work again.
          const target = event.target;
          if (event.key === 'Escape' && (target instanceof HTMLInputElement || target instanceof HTMLSelectElement)) {
            event.preventDefault();
            target.blur();
            (listRef.current?.querySelector<HTMLElement>('.mod-card.is-focused') ?? listRef.current)?.focus();
          }
        }}
      >
        <FilterBar
          ref={searchRef}
          filter={baseFilter}
          sort={sort}
          articles={articles}
          rules={rules}
          authorName={authorFilter?.name ?? null}
          onFilter={(f) => {
            if (f.authorId === undefined && authorFilter) onClearAuthorFilter();
            setBaseFilter(Object.fromEntries(Object.entries(f).filter(([k]) => k !== 'authorId')) as QueueFilter);
          }}
          onSort={setSort}
        />
        {authorFilter ? (
          <span className="mod-chip">
            Author: <bdi>{authorFilter.name}</bdi>
            <button type="button" className="mod-chip-clear" aria-label="Show every author" onClick={onClearAuthorFilter}>
              ×
            </button>
          </span>
        ) : null}
      </div>

      {selectionCount > 0 ? (
        <div className="mod-bulk" role="region" aria-label="Bulk actions">
          <span className="mod-bulk-count">{allMatching !== null ? `All ${plural(allMatching, 'comment')} matching selected` : `${plural(selected.size, 'comment')} selected`}</span>
          {allMatching === null && matching !== null && matching > selected.size ? (
            <button type="button" className="button button-quiet mod-small" onClick={() => setAllMatching(matching)}>
              Select all {matching.toLocaleString()} matching
            </button>
          ) : null}
          {allMatching === null && !everyLoadedSelected ? (
            <button type="button" className="button button-quiet mod-small" onClick={() => setSelected(new Set(items.map((i) => i.comment.id)))}>
              Select all {items.length} shown
            </button>
          ) : null}
          <span className="mod-bulk-actions">
            <button type="button" className="button mod-small" onClick={() => decide('approve')}>
              Approve
            </button>
            <button type="button" className="button mod-small" onClick={() => decide('reject')}>
              Reject…
            </button>
            <button type="button" className="button mod-small" onClick={() => decide('spam')}>
              Spam
            </button>
            <button type="button" className="button mod-small" onClick={() => decide('pending')}>
              Back to pending
            </button>
            <button type="button" className="button button-quiet mod-small" onClick={clearSelection}>
              Clear
            </button>
          </span>
        </div>
      ) : null}

      <div ref={listRef} id="mod-queue-panel" role="tabpanel" aria-labelledby={`mod-tab-${queue}`} className={`mod-list${zoom ? ' is-zoomed' : ''}`} aria-busy={list.loading}>
        {zoom && current ? (
          <p className="mod-zoom-note">
            Focus mode — comment {index + 1} of {items.length}
            {list.hasMore ? '+' : ''}. <kbd>z</kbd> or <kbd>Esc</kbd> leaves.
          </p>
        ) : null}
        <div className="mod-arrivals" aria-live="polite">
          {list.arrivals > 0 && !zoom ? (
            <button type="button" className="button" onClick={() => void list.showArrivals()}>
              Show {plural(list.arrivals, 'new comment')}
            </button>
          ) : null}
        </div>
        {list.error ? (
          <p className="mod-error" role="alert">
            {list.error}
          </p>
        ) : null}
        {shown.map((item) => (
          <CommentCard
            key={item.comment.id}
            item={item}
            focused={item === current}
            selected={allMatching !== null || selected.has(item.comment.id)}
            zoomed={zoom}
            onCommand={onCommand}
          />
        ))}
        {!list.loading && items.length === 0 && !list.error ? (
          <div className="mod-empty">
            <p className="mod-empty-title">{Object.keys(filter).length > 0 ? 'Nothing matches these filters' : `${queueName} is empty`}</p>
            <p>{queue === 'pending' ? 'Every comment has been decided. New ones appear here as they arrive.' : 'Pick another queue with 1–6.'}</p>
          </div>
        ) : null}
        {!zoom && list.hasMore ? (
          <button type="button" className="button mod-more" onClick={list.loadMore} disabled={list.loading}>
            {list.loading ? 'Loading…' : 'Load more'}
          </button>
        ) : null}
      </div>

      {dialog?.kind === 'reject' ? (
        <ReasonDialog
          title="Reject"
          subject={dialog.ids === 'all' ? `All ${plural(allMatching ?? 0, 'comment')} matching` : dialog.ids.length === 1 ? `The comment by ${items.find((i) => i.comment.id === (dialog.ids as number[])[0])?.author.displayName || 'Anonymous'}` : plural(dialog.ids.length, 'comment')}
          confirmLabel="Reject"
          danger
          onDismiss={() => setDialog(null)}
          onConfirm={async (choice) => {
            await act('reject', dialog.ids, choice);
            setDialog(null);
          }}
        />
      ) : null}
      {dialog?.kind === 'ban' ? (
        <ReasonDialog
          title="Ban author"
          subject={`${dialog.item.author.displayName || 'Anonymous'}: their new comments will be rejected until unbanned.`}
          confirmLabel="Ban"
          danger
          onDismiss={() => setDialog(null)}
          onConfirm={async (choice) => {
            await ban(dialog.item, choice);
            setDialog(null);
          }}
        />
      ) : null}
    </section>
  );
}
