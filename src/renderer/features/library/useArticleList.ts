import { useCallback, useEffect, useRef, useState } from 'react';
import type { ArticleSummary } from '../../../shared/article';
import type { ApiClient } from '../../api/client';
import { effectiveSort, isSearching, listQueryFor, searchQueryFor, sortResults, type LibraryFilter, type LibraryRefine } from './filters';

/** A library row; search hits carry a snippet with the matches marked. */
export type LibraryItem = ArticleSummary & { snippet?: string };

export interface ArticleList {
  articles: LibraryItem[];
  loading: boolean;
  error: string | null;
  /** Asks for a fresh list; bursts (a save plus its change event) collapse into one request. */
  refresh(): void;
}

/**
 * Refreshes wait for change events to stop this long. Typing saves the open article every
 * 500 ms; refetching and re-rendering the list after each of those saves competed with the
 * keystrokes, so the list catches up once the writer pauses instead.
 */
const COALESCE_MS = 600;
/** Typing waits this long after the last key before searching. */
export const SEARCH_DEBOUNCE_MS = 150;

/** Holds `value` back until it has stopped changing for `ms`. */
function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/**
 * The library for one status filter and refinement (search text, section, tag, sort), kept
 * fresh by `articles:changed` events and explicit refreshes. With search text it asks
 * `articles:search`; otherwise `articles:list`.
 */
export function useArticleList(client: ApiClient, filter: LibraryFilter, refine: LibraryRefine): ArticleList {
  const [articles, setArticles] = useState<LibraryItem[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const generation = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  // Only the text is debounced; picking a filter or a sort answers at once.
  const text = useDebounced(refine.text, SEARCH_DEBOUNCE_MS);
  const { section, tag, sort } = refine;

  const load = useCallback(async () => {
    const mine = ++generation.current;
    const settled: LibraryRefine = { text, section, tag, sort };
    try {
      const list: LibraryItem[] = isSearching(settled)
        ? sortResults(await client.api['articles:search'](searchQueryFor(filter, settled)), effectiveSort(settled))
        : await client.api['articles:list'](listQueryFor(filter, settled));
      if (mine !== generation.current) return; // a newer request (or filter) won
      setArticles(list);
      setError(null);
    } catch (failure) {
      if (mine !== generation.current) return;
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      if (mine === generation.current) setLoading(false);
    }
  }, [client, filter, text, section, tag, sort]);

  const refresh = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      timer.current = null;
      void load();
    }, COALESCE_MS);
  }, [load]);

  useEffect(() => {
    setLoading(true);
    void load();
    const off = client.on('articles:changed', () => refresh());
    return () => {
      off();
      if (timer.current) clearTimeout(timer.current);
      timer.current = null;
    };
  }, [client, load, refresh]);

  return { articles, loading, error, refresh };
}
