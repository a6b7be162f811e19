import { describe, expect, it } from 'vitest';
import { doc, paragraph } from '../../src/shared/lexical/build';
import { snippetRuns } from '../../src/shared/search';
import { toFtsQuery } from '../../src/core/search/repository';
import type { Article } from '../../src/shared/article';
import { tempWorkspace } from './helpers';

function edit(article: Article, changes: Partial<Article>) {
  const { revision, createdAt: _c, updatedAt: _u, publishedAt: _p, trashedAt: _t, ...fields } = article;
  return { ...fields, expectedRevision: revision, ...changes };
}

describe('full-text search', () => {
  it('finds words in every field, best match first, with a highlighted snippet', () => {
    const ws = tempWorkspace();
    const a = ws.articles.create({ headline: 'Refinery expansion approved' });
    const b = ws.articles.create({ headline: 'Port reopens' });
    ws.articles.save(
      edit(ws.articles.get(b.id), {
        body: doc(paragraph('The old refinery near the port closed in 2019.')),
        takeaways: [{ id: 't1', content: doc(paragraph('Tariffs fell')) }],
        questions: [{ id: 'q1', question: 'What about lanthanum?', answer: doc(paragraph('Scandium and yttrium too.')) }],
        tags: ['shipping'],
      }),
    );
    const hits = ws.articles.search({ text: 'refinery' });
    expect(hits.map((h) => h.id)).toEqual([a.id, b.id]);
    expect(snippetRuns(hits[1]!.snippet).filter((r) => r.match).map((r) => r.text.toLowerCase())).toContain('refinery');
    for (const word of ['tariffs', 'lanthanum', 'yttrium', 'shipping']) {
      expect(ws.articles.search({ text: word }).map((h) => h.id), word).toEqual([b.id]);
    }
  });

  it('matches prefixes, ignores accents and treats operators as text', () => {
    const ws = tempWorkspace();
    const a = ws.articles.create({ headline: 'Café culture returns' });
    expect(ws.articles.search({ text: 'cafe cult' }).map((h) => h.id)).toEqual([a.id]);
    expect(ws.articles.search({ text: 'culture NOT café' }).map((h) => h.id)).toEqual([]);
    expect(() => ws.articles.search({ text: '"unbalanced (quote* AND' })).not.toThrow();
    expect(toFtsQuery('  ¿?  ')).toBeNull();
  });

  it('stays in sync on save, trash, restore and purge', () => {
    const ws = tempWorkspace();
    const a = ws.articles.create({ headline: 'Original words' });
    ws.articles.save(edit(a, { headline: 'Rewritten entirely' }));
    expect(ws.articles.search({ text: 'original' })).toEqual([]);
    expect(ws.articles.search({ text: 'rewritten' })).toHaveLength(1);
    ws.articles.trash(a.id);
    expect(ws.articles.search({ text: 'rewritten' })).toEqual([]);
    expect(ws.articles.search({ text: 'rewritten', trashed: true })).toHaveLength(1);
    ws.articles.restore(a.id);
    expect(ws.articles.search({ text: 'rewritten' })).toHaveLength(1);
    ws.articles.trash(a.id);
    ws.articles.purge(a.id);
    expect(ws.articles.search({ text: 'rewritten', trashed: true })).toEqual([]);
    expect(ws.db.prepare('SELECT count(*) AS n FROM article_search').get()).toEqual({ n: 0 });
  });

  it('filters by status, section and tag', () => {
    const ws = tempWorkspace();
    const a = ws.articles.create({ headline: 'Harbor news', section: 'Local' });
    const b = ws.articles.create({ headline: 'Harbor sport', section: 'Sport' });
    ws.articles.save(edit(b, { tags: ['boats'], status: 'ready' }));
    expect(ws.articles.search({ text: 'harbor', section: 'local' }).map((h) => h.id)).toEqual([a.id]);
    expect(ws.articles.search({ text: 'harbor', status: 'ready' }).map((h) => h.id)).toEqual([b.id]);
    expect(ws.articles.search({ text: 'harbor', tag: 'Boats' }).map((h) => h.id)).toEqual([b.id]);
  });
});

describe('snippet runs', () => {
  it('splits marked matches from plain text and never interprets HTML', () => {
    expect(snippetRuns('a \u0002<b>\u0003 c')).toEqual([
      { text: 'a ', match: false },
      { text: '<b>', match: true },
      { text: ' c', match: false },
    ]);
  });
});
