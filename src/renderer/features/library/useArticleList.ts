import { useCallback, useEffect, useRef, useState } from 'react';
import type { ArticleSummary } from '../../../shared/article';
import type { ApiClient } from '../../api/client';
import { queryFor, type LibraryFilter } from './filters';

export interface ArticleList {
  articles: ArticleSummary[];
  loading: boolean;
  error: string | null;
  /** Asks for a fresh list; bursts (a save plus its change event) collapse into one request. */
  refresh(): void;
}

const COALESCE_MS = 150;

/** The library for one filter, kept fresh by `articles:changed` events and explicit refreshes. */
export function useArticleList(client: ApiClient, filter: LibraryFilter): ArticleList {
  const [articles, setArticles] = useState<ArticleSummary[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const generation = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const load = useCallback(async () => {
    const mine = ++generation.current;
    try {
      const list = await client.api['articles:list'](queryFor(filter));
      if (mine !== generation.current) return; // a newer request (or filter) won
      setArticles(list);
      setError(null);
    } catch (failure) {
      if (mine !== generation.current) return;
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      if (mine === generation.current) setLoading(false);
    }
  }, [client, filter]);

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
