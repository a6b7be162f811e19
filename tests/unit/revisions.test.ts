import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Article } from '../../src/shared/article';
import { doc, paragraph } from '../../src/shared/lexical/build';
import { createHandlers } from '../../src/core/api/handlers';
import { dispatch } from '../../src/core/api/dispatch';
import { COALESCE_MS } from '../../src/core/revisions/service';
import { tempWorkspace } from './helpers';

afterEach(() => vi.useRealTimers());

function edit(article: Article, changes: Partial<Article>) {
  const { revision, createdAt: _c, updatedAt: _u, publishedAt: _p, trashedAt: _t, ...fields } = article;
  return { ...fields, expectedRevision: revision, ...changes };
}

describe('revisions', () => {
  it('coalesces edits within five minutes and starts a new revision after', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-01-01T10:00:00Z'));
    const ws = tempWorkspace();
    let a = ws.articles.create({ headline: 'One' });
    a = ws.articles.save(edit(a, { body: doc(paragraph('one two')) }));
    vi.setSystemTime(new Date(Date.parse('2026-01-01T10:00:00Z') + COALESCE_MS - 1000));
    a = ws.articles.save(edit(a, { body: doc(paragraph('one two three')) }));
    const coalesced = ws.articles.revisions.list(a.id);
    expect(coalesced).toHaveLength(1);
    expect(coalesced[0]!.wordCount).toBe(3);
    vi.setSystemTime(new Date(Date.parse('2026-01-01T10:00:00Z') + COALESCE_MS + 1000));
    a = ws.articles.save(edit(a, { body: doc(paragraph('one two three four')) }));
    const list = ws.articles.revisions.list(a.id);
    expect(list.map((r) => r.reason)).toEqual(['edit', 'edit']);
    expect(list[0]!.wordDelta).toBe(1);
  });

  it('starts a revision on every status change and on publish', () => {
    const ws = tempWorkspace();
    let a = ws.articles.create({ headline: 'Status' });
    a = ws.articles.save(edit(a, { status: 'in_review' }));
    a = ws.articles.save(edit(a, { status: 'published' }));
    expect(ws.articles.revisions.list(a.id).map((r) => r.reason)).toEqual(['publish', 'status', 'edit']);
  });

  it('diffs every field and restores as a new revision, losing nothing', async () => {
    const ws = tempWorkspace();
    const handlers = createHandlers(ws);
    let a = ws.articles.create({ headline: 'Old headline' });
    a = ws.articles.save(
      edit(a, {
        summary: 'Old summary',
        body: doc(paragraph('The council met today.')),
        takeaways: [{ id: 't1', content: doc(paragraph('First point')) }],
        questions: [{ id: 'q1', question: 'Why?', answer: doc(paragraph('Because of cost.')) }],
      }),
    );
    const saved = await dispatch(handlers, 'revisions:create', { articleId: a.id, label: 'Before edit' });
    expect(saved).toMatchObject({ ok: true, value: [{ reason: 'manual', label: 'Before edit' }, { reason: 'edit' }] });
    const manualId = (saved as { value: { id: number }[] }).value[0]!.id;
    a = ws.articles.save(
      edit(a, {
        headline: 'New headline',
        body: doc(paragraph('The council met late today.')),
        takeaways: [{ id: 't1', content: doc(paragraph('First point, revised')) }],
        questions: [{ id: 'q1', question: 'Why now?', answer: doc(paragraph('Because of cost.')) }],
      }),
    );
    const diff = await dispatch(handlers, 'revisions:diff', { articleId: a.id, from: manualId });
    expect(diff.ok).toBe(true);
    const fields = (diff as { value: { key: string; parts: { text: string; kind: string }[] }[] }).value;
    expect(fields.map((f) => f.key)).toEqual(['headline', 'takeaways.t1', 'body', 'questions.q1.question']);
    const body = fields.find((f) => f.key === 'body')!;
    expect(body.parts.filter((p) => p.kind === 'added').map((p) => p.text.trim())).toEqual(['late']);
    const headline = fields.find((f) => f.key === 'headline')!;
    expect(headline.parts.filter((p) => p.kind === 'removed').map((p) => p.text.trim())).toEqual(['Old']);

    const restored = await dispatch(handlers, 'revisions:restore', { articleId: a.id, revisionId: manualId });
    expect(restored).toMatchObject({ ok: true, value: { headline: 'Old headline' } });
    const history = ws.articles.revisions.list(a.id);
    expect(history[0]!.reason).toBe('restore');
    // The newest edit before the restore is still in history.
    const newest = history.find((r) => r.reason === 'edit')!;
    expect(ws.articles.revisions.document(a.id, newest.id).headline).toBe('New headline');
    expect(ws.articles.search({ text: 'old headline' })).toHaveLength(1);
  });

  it('stores documents compressed', () => {
    const ws = tempWorkspace();
    const a = ws.articles.create({ headline: 'Big' });
    const text = 'word '.repeat(20_000);
    ws.articles.save(edit(a, { body: doc(paragraph(text)) }));
    const row = ws.db.prepare('SELECT length(document) AS n FROM article_revisions WHERE article_id = ?').get(a.id) as { n: number };
    expect(row.n).toBeLessThan(text.length / 10);
  });

  it('refuses a revision of another article', async () => {
    const ws = tempWorkspace();
    const handlers = createHandlers(ws);
    const a = ws.articles.create({ headline: 'A' });
    const b = ws.articles.create({ headline: 'B' });
    const revOfA = ws.articles.revisions.list(a.id)[0]!.id;
    expect(await dispatch(handlers, 'revisions:restore', { articleId: b.id, revisionId: revOfA })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});
