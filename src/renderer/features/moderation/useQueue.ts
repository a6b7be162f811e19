import { useCallback, useEffect, useRef, useState } from 'react';
import type { Queue, QueueCounts, QueueFilter, QueueItem, QueueSort } from '../../../shared/moderation';
import type { ApiClient } from '../../api/client';
import { newArrivals } from './arrivals';

export const PAGE_SIZE = 50;

export interface QueueParams {
  queue: Queue;
  filter: QueueFilter;
  sort: QueueSort;
}

export interface QueueList {
  items: QueueItem[];
  loading: boolean;
  error: string | null;
  hasMore: boolean;
  loadMore(): void;
  /** Refetches from the first page, as many items as are loaded now (keeps the scroll useful). */
  reload(): Promise<void>;
  /** Drops comments that left this queue after an action, without a refetch. */
  remove(ids: ReadonlySet<number>): void;
  /** Replaces items in place (an author action changes every card of that author). */
  patch(update: (item: QueueItem) => QueueItem): void;
  /**
   * Comments that arrived in this queue (a sync, an import, another window) since it was loaded,
   * within the range already shown. They wait for `showArrivals()` so cards never move under the
   * moderator's keys; an empty list takes them at once.
   */
  arrivals: number;
  showArrivals(): Promise<void>;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * One queue, keyset-paged: pages of 50 are appended by "Load more" (or when the list runs short
 * after actions). A newer request always wins over an older one still in flight.
 */
export function useQueue(client: ApiClient, params: QueueParams): QueueList {
  const [items, setItems] = useState<QueueItem[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const request = useRef(0);
  const [arrivals, setArrivals] = useState(0);
  // What the list shows now, for callbacks that must not change with it (reload, change events).
  const latest = useRef({ items, hasMore: false, loading: true });
  latest.current = { items, hasMore: cursor !== null, loading };
  const key = JSON.stringify(params);

  // The first page, at least a page and at most the call's limit: enough to refill what is shown.
  const firstPage = useCallback(
    (shown: number) => client.api['moderation:queue']({ ...params, cursor: null, limit: Math.min(100, Math.max(PAGE_SIZE, shown)) }),
    [client, key],
  );

  const fetchFirst = useCallback(
    async (limit: number) => {
      const id = ++request.current;
      setLoading(true);
      setError(null);
      try {
        const page = await firstPage(limit);
        if (id !== request.current) return;
        setItems(page.items);
        setCursor(page.nextCursor);
        setArrivals(0);
      } catch (e) {
        if (id === request.current) setError(message(e));
      } finally {
        if (id === request.current) setLoading(false);
      }
    },
    // `key` (through firstPage) stands for params' contents: a new object with the same filter does not refetch.
    [firstPage],
  );

  useEffect(() => {
    setItems([]);
    setCursor(null);
    setArrivals(0);
    void fetchFirst(PAGE_SIZE);
  }, [fetchFirst]);

  const loadMore = useCallback(() => {
    if (cursor === null || loading) return;
    const id = ++request.current;
    setLoading(true);
    client.api['moderation:queue']({ ...params, cursor, limit: PAGE_SIZE }).then(
      (page) => {
        if (id !== request.current) return;
        setItems((current) => {
          const seen = new Set(current.map((i) => i.comment.id));
          return [...current, ...page.items.filter((i) => !seen.has(i.comment.id))];
        });
        setCursor(page.nextCursor);
        setLoading(false);
      },
      (e: unknown) => {
        if (id !== request.current) return;
        setError(message(e));
        setLoading(false);
      },
    );
  }, [client, key, cursor, loading]);

  const reload = useCallback(() => fetchFirst(latest.current.items.length), [fetchFirst]);

  // Changes made elsewhere: look at the first page again (debounced) and count what is new.
  useEffect(() => {
    let timer = 0;
    const check = async () => {
      const before = latest.current;
      if (before.loading) return;
      const id = request.current;
      try {
        const page = await firstPage(before.items.length);
        // Anything the list did meanwhile (a reload, an action's fetch) wins over this look.
        if (id !== request.current || latest.current.items !== before.items) return;
        if (before.items.length === 0) {
          setItems(page.items);
          setCursor(page.nextCursor);
          return;
        }
        setArrivals(newArrivals(before.items, page.items, !before.hasMore).length);
      } catch {
        // A failed look changes nothing: the next change or a reload tries again.
      }
    };
    const off = client.on('moderation:changed', ({ areas }) => {
      if (!areas.includes('comments')) return;
      window.clearTimeout(timer);
      timer = window.setTimeout(() => void check(), 300);
    });
    return () => {
      off();
      window.clearTimeout(timer);
    };
  }, [client, firstPage]);

  const showArrivals = useCallback(() => fetchFirst(latest.current.items.length + arrivals), [fetchFirst, arrivals]);

  const remove = useCallback((ids: ReadonlySet<number>) => {
    setItems((current) => current.filter((i) => !ids.has(i.comment.id)));
  }, []);

  const patch = useCallback((update: (item: QueueItem) => QueueItem) => {
    setItems((current) => current.map(update));
  }, []);

  return { items, loading, error, hasMore: cursor !== null, loadMore, reload, remove, patch, arrivals, showArrivals };
}

/** Live counts of every queue: refetched on demand and (debounced) on `moderation:changed`. */
/**
 * The queue tabs' counts, for one article when the queue is filtered to it (so "Pending 14"
 * never sits above a single card) and for every article otherwise.
 */
export function useCounts(client: ApiClient): { counts: QueueCounts | null; refresh(): void; setArticle(articleId: string | undefined): void } {
  const [counts, setCounts] = useState<QueueCounts | null>(null);
  const request = useRef(0);
  const article = useRef<string | undefined>(undefined);
  const refresh = useCallback(() => {
    const id = ++request.current;
    client.api['moderation:counts'](article.current === undefined ? {} : { articleId: article.current }).then(
      (next) => id === request.current && setCounts(next),
      () => {},
    );
  }, [client]);
  const setArticle = useCallback(
    (articleId: string | undefined) => {
      if (article.current === articleId) return;
      article.current = articleId;
      refresh();
    },
    [refresh],
  );
  useEffect(() => {
    refresh();
    let timer = 0;
    const off = client.on('moderation:changed', () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(refresh, 150);
    });
    return () => {
      off();
      window.clearTimeout(timer);
    };
  }, [client, refresh]);
  return { counts, refresh, setArticle };
}
