import { describe, expect, it } from 'vitest';
import type { Article } from '../../src/shared/article';
import { createHandlers } from '../../src/core/api/handlers';
import { dispatch } from '../../src/core/api/dispatch';
import { tempWorkspace } from './helpers';

function edit(article: Article, changes: Partial<Article>) {
  const { revision, createdAt: _c, updatedAt: _u, publishedAt: _p, trashedAt: _t, ...fields } = article;
  return { ...fields, expectedRevision: revision, ...changes };
}

describe('articles:facets', () => {
  it('counts sections and tags of live articles, most used first, skipping the trash and empty sections', () => {
    const ws = tempWorkspace();
    const make = (headline: string, section: string, tags: string[]) => {
      const a = ws.articles.create({ headline, section });
      return ws.articles.save(edit(a, { tags }));
    };
    make('One', 'Local', ['water', 'council']);
    make('Two', 'Local', ['water']);
    make('Three', 'World', ['trade', 'water']);
    make('Four', '', ['council']);
    const trashed = make('Five', 'Sport', ['football', 'water']);
    ws.articles.trash(trashed.id);

    expect(ws.articles.facets()).toEqual({
      sections: [
        { name: 'Local', count: 2 },
        { name: 'World', count: 1 },
      ],
      tags: [
        { name: 'water', count: 3 },
        { name: 'council', count: 2 },
        { name: 'trade', count: 1 },
      ],
    });
  });

  it('merges values that differ only in case, as the filters do, showing the most common spelling', () => {
    const ws = tempWorkspace();
    const make = (headline: string, section: string, tags: string[]) => ws.articles.save(edit(ws.articles.create({ headline, section }), { tags }));
    make('A', 'Local', ['City Council']);
    make('B', 'local', ['city council']);
    make('C', 'Local', ['City Council']);
    const facets = ws.articles.facets();
    expect(facets.sections).toEqual([{ name: 'Local', count: 3 }]);
    expect(facets.tags).toEqual([{ name: 'City Council', count: 3 }]);
    // The merged facet finds every article when used as a filter.
    expect(ws.articles.list({ section: facets.sections[0]!.name })).toHaveLength(3);
    expect(ws.articles.list({ tag: facets.tags[0]!.name })).toHaveLength(3);
  });

  it('is a contract call that takes no input', async () => {
    const ws = tempWorkspace();
    ws.articles.save(edit(ws.articles.create({ headline: 'Via dispatch', section: 'Business' }), { tags: ['markets'] }));
    const handlers = createHandlers(ws);
    expect(await dispatch(handlers, 'articles:facets', {})).toEqual({
      ok: true,
      value: { sections: [{ name: 'Business', count: 1 }], tags: [{ name: 'markets', count: 1 }] },
    });
    expect(await dispatch(handlers, 'articles:facets', { section: 'x' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });
});
