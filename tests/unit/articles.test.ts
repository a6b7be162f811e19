import { describe, expect, it } from 'vitest';
import { CopydeskError } from '../../src/shared/errors';
import { doc, paragraph } from '../../src/shared/lexical/build';
import type { Article, ArticleSave } from '../../src/shared/article';
import { openWorkspace } from '../../src/core/workspace';
import { tempDir, tempWorkspace } from './helpers';

function saveInput(article: Article, changes: Partial<ArticleSave> = {}): ArticleSave {
  const { revision, createdAt: _c, updatedAt: _u, publishedAt: _p, trashedAt: _t, ...fields } = article;
  return { ...fields, expectedRevision: revision, ...changes };
}

function caught(fn: () => unknown): CopydeskError {
  try {
    fn();
  } catch (error) {
    if (error instanceof CopydeskError) return error;
    throw error;
  }
  throw new Error('expected a CopydeskError');
}

describe('articles', () => {
  it('creates a draft with a slug derived from the headline', () => {
    const ws = tempWorkspace();
    const a = ws.articles.create({ headline: 'Café owners rally: “Save Main St.”', section: 'Local' });
    expect(a.slug).toBe('cafe-owners-rally-save-main-st');
    expect(a.status).toBe('draft');
    expect(ws.articles.get(a.id)).toEqual(a);
  });

  it('gives colliding headlines distinct slugs', () => {
    const ws = tempWorkspace();
    const slugs = [1, 2, 3].map(() => ws.articles.create({ headline: 'Budget vote' }).slug);
    expect(slugs).toEqual(['budget-vote', 'budget-vote-2', 'budget-vote-3']);
  });

  it('rejects an explicit slug owned by another article, with a per-field error', () => {
    const ws = tempWorkspace();
    ws.articles.create({ headline: 'Taken' });
    const b = ws.articles.create({ headline: 'Other' });
    const error = caught(() => ws.articles.save(saveInput(b, { slug: 'taken' })));
    expect(error.code).toBe('invalid_input');
    expect(error.fields?.slug).toMatch(/already used/);
    expect(ws.articles.get(b.id).slug).toBe('other');
  });

  it('re-derives the slug when it is cleared and keeps an edited one', () => {
    const ws = tempWorkspace();
    const a = ws.articles.create({ headline: 'First' });
    const renamed = ws.articles.save(saveInput(a, { headline: 'Second headline', slug: '' }));
    expect(renamed.slug).toBe('second-headline');
    const custom = ws.articles.save(saveInput(renamed, { slug: 'my-slug', headline: 'Third' }));
    expect(custom.slug).toBe('my-slug');
  });

  it('rejects bad fields with per-field errors and changes nothing', () => {
    const ws = tempWorkspace();
    const a = ws.articles.create({ headline: 'Valid' });
    const bad = {
      ...saveInput(a),
      slug: 'Has Spaces',
      status: 'live',
      byline: ['Ok', ''],
      body: { root: { type: 'root', children: [{ type: 'script', version: 1 }] } },
    } as unknown as ArticleSave;
    const error = caught(() => ws.articles.save(bad));
    expect(error.code).toBe('invalid_input');
    expect(Object.keys(error.fields ?? {})).toEqual(expect.arrayContaining(['slug', 'status', 'byline.1', 'body.root.children.0.type']));
    expect(ws.articles.get(a.id)).toEqual(a);
  });

  it('requires a headline once an article is ready', () => {
    const ws = tempWorkspace();
    const a = ws.articles.create();
    expect(ws.articles.save(saveInput(a, { summary: 'drafts may be untitled' })).headline).toBe('');
    const error = caught(() => ws.articles.save(saveInput(ws.articles.get(a.id), { status: 'ready' })));
    expect(error.fields?.headline).toMatch(/required/);
  });

  it('refuses a save based on a stale revision', () => {
    const ws = tempWorkspace();
    const a = ws.articles.create({ headline: 'Race' });
    ws.articles.save(saveInput(a, { summary: 'first tab' }));
    const error = caught(() => ws.articles.save(saveInput(a, { summary: 'second tab' })));
    expect(error.code).toBe('conflict');
    expect(ws.articles.get(a.id).summary).toBe('first tab');
  });

  it('saves the whole document and survives reopening the workspace', () => {
    const dir = tempDir();
    const ws = openWorkspace(dir, { seed: false });
    const a = ws.articles.create({ headline: 'Persist' });
    const saved = ws.articles.save(
      saveInput(a, {
        byline: ['Ana Ruiz', 'Li Wei'],
        tags: ['Water', 'council'],
        body: doc(paragraph('Hello')),
        takeaways: [{ id: 't1', content: doc(paragraph('One')) }],
        questions: [{ id: 'q1', question: 'Why?', answer: doc(paragraph('Because.')) }],
        status: 'published',
      }),
    );
    expect(saved.publishedAt).not.toBeNull();
    ws.close();
    const reopened = openWorkspace(dir, { seed: false });
    expect(reopened.articles.get(a.id)).toEqual(saved);
    reopened.close();
  });

  it('rejects a takeaway that is not exactly one paragraph', () => {
    const ws = tempWorkspace();
    const a = ws.articles.create({ headline: 'T' });
    const error = caught(() => ws.articles.save(saveInput(a, { takeaways: [{ id: 't1', content: doc(paragraph('a'), paragraph('b')) }] })));
    expect(Object.keys(error.fields ?? {})).toContain('takeaways.0.content');
  });

  it('lists with filters and sorts', () => {
    const ws = tempWorkspace();
    const a = ws.articles.create({ headline: 'Bravo', section: 'Sport' });
    const b = ws.articles.create({ headline: 'alpha', section: 'News' });
    ws.articles.save(saveInput(b, { tags: ['Water'], status: 'ready' }));
    expect(ws.articles.list({ sort: 'title' }).map((x) => x.headline)).toEqual(['alpha', 'Bravo']);
    expect(ws.articles.list({ status: 'ready' }).map((x) => x.id)).toEqual([b.id]);
    expect(ws.articles.list({ section: 'sport' }).map((x) => x.id)).toEqual([a.id]);
    expect(ws.articles.list({ tag: 'water' }).map((x) => x.id)).toEqual([b.id]);
    expect(ws.articles.list({ sort: 'updated' })[0]!.id).toBe(b.id);
    const [old] = ws.articles.importMany([{ headline: 'Archive', createdAt: '2001-01-01T00:00:00.000Z' }]);
    expect(ws.articles.list({ sort: 'created' }).at(-1)!.id).toBe(old!.id);
  });

  it('moves to trash, restores, and purges only from the trash', () => {
    const ws = tempWorkspace();
    const a = ws.articles.create({ headline: 'Bin me' });
    expect(caught(() => ws.articles.purge(a.id)).code).toBe('conflict');
    ws.articles.trash(a.id);
    expect(ws.articles.list().map((x) => x.id)).not.toContain(a.id);
    expect(ws.articles.list({ trashed: true }).map((x) => x.id)).toEqual([a.id]);
    expect(caught(() => ws.articles.save(saveInput(ws.articles.get(a.id)))).code).toBe('conflict');
    ws.articles.restore(a.id);
    expect(ws.articles.list().map((x) => x.id)).toEqual([a.id]);
    ws.articles.trash(a.id);
    ws.articles.purge(a.id);
    expect(caught(() => ws.articles.get(a.id)).code).toBe('not_found');
  });

  it('announces every change', () => {
    const ws = tempWorkspace();
    const seen: string[][] = [];
    ws.events.on('articles:changed', ({ ids }) => seen.push(ids));
    const a = ws.articles.create({ headline: 'Loud' });
    ws.articles.trash(a.id);
    expect(seen).toEqual([[a.id], [a.id]]);
  });
});

describe('first run', () => {
  it('seeds the sample article once, and not again after it is deleted', () => {
    const dir = tempDir();
    const first = openWorkspace(dir);
    const [sample] = first.articles.list();
    expect(sample?.section).toBe('Local News');
    const full = first.articles.get(sample!.id);
    expect(full.takeaways.length).toBeGreaterThanOrEqual(4);
    expect(full.questions.length).toBeGreaterThanOrEqual(3);
    expect(JSON.stringify(full.questions.map((q) => q.answer))).toContain('"type":"list"');
    first.articles.trash(sample!.id);
    first.articles.purge(sample!.id);
    first.close();
    const again = openWorkspace(dir);
    expect(again.articles.count()).toBe(0);
    again.close();
  });
});
