import { useEffect, useState } from 'react';
import type { ArticleFacets } from '../../../shared/facets';
import type { ApiClient } from '../../api/client';

const EMPTY: ArticleFacets = { sections: [], tags: [] };
// Like the list (useArticleList), the menus catch up once saves stop coming: every save while
// typing announces a change, though sections and tags rarely move.
const COALESCE_MS = 1000;

/** Sections and tags in use, refreshed when articles change (once the changes stop for a second). */
export function useFacets(client: ApiClient): ArticleFacets {
  const [facets, setFacets] = useState<ArticleFacets>(EMPTY);
  useEffect(() => {
    let alive = true;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const load = () => {
      client.api['articles:facets']({}).then(
        (next) => {
          if (alive) setFacets(next);
        },
        // The menus are a convenience: on failure keep the last known values; the list shows errors.
        () => undefined,
      );
    };
    load();
    const off = client.on('articles:changed', () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(load, COALESCE_MS);
    });
    return () => {
      alive = false;
      off();
      if (timer) clearTimeout(timer);
    };
  }, [client]);
  return facets;
}
