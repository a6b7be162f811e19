import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createHandlers } from '../../src/core/api/handlers';
import { dispatch } from '../../src/core/api/dispatch';
import { CONTENT_SECURITY_POLICY } from '../../src/web/security';
import { PREVIEW_STYLESHEET, previewCsp, renderPreviewDocument } from '../../src/shared/render/preview';
import { NO_VOTES, type PublishedComment, type VoteTallies } from '../../src/shared/engagement';
import { sampleArticle } from '../../src/core/sample/sample-article';
import type { Article } from '../../src/shared/article';
import { tempWorkspace } from './helpers';
import { parseDocument } from './render-dom';

function setup() {
  const ws = tempWorkspace({ seed: false });
  const articleId = ws.articles.create({ headline: 'Pipes' }).id;
  const db = ws.db;
  db.prepare(`INSERT INTO comment_authors (id, source, remote_id, display_name, first_seen_at) VALUES (1, 's', 'a1', 'Ann', 'x')`).run();
  const comment = db.prepare(
    `INSERT INTO comments (id, source, remote_id, article_id, parent_id, author_id, body, body_hash, created_at, ingested_at, status)
     VALUES (?, 's', ?, ?, ?, 1, ?, 'h', ?, 'x', ?)`,
  );
  comment.run(1, 'r1', articleId, null, 'approved one', '2026-01-01T00:00:01.000Z', 'approved');
  comment.run(2, 'r2', articleId, 1, 'approved reply', '2026-01-01T00:00:02.000Z', 'approved');
  comment.run(3, 'r3', articleId, null, 'still pending', '2026-01-01T00:00:03.000Z', 'pending');
  return { ws, articleId };
}

const article = (): Article => ({
  ...(sampleArticle() as Required<ReturnType<typeof sampleArticle>>),
  id: 'a1',
  slug: 'pipes',
  revision: 1,
  createdAt: '2026-01-12T10:00:00.000Z',
  updatedAt: '2026-01-12T10:00:00.000Z',
  publishedAt: null,
  trashedAt: null,
});

const site = { title: 'Ledger', baseUrl: 'https://news.example.org/', language: 'en', description: '', loginUrl: 'https://news.example.org/login', logo: null };

describe('preview:engagement', () => {
  it('returns approved comments only and the counted vote tallies, through the contract', async () => {
    const { ws, articleId } = setup();
    const result = await dispatch(createHandlers(ws), 'preview:engagement', { articleId });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const value = result.value as { comments: PublishedComment[]; votes: VoteTallies };
    expect(value.comments.map((c) => [c.body, c.parentId])).toEqual([
      ['approved one', null],
      ['approved reply', '1'],
    ]);
    expect(value.votes).toEqual(NO_VOTES);
  });

  it('refuses an unknown article and malformed input', async () => {
    const { ws } = setup();
    const handlers = createHandlers(ws);
    const missing = await dispatch(handlers, 'preview:engagement', { articleId: 'nope' });
    expect(missing.ok ? null : missing.error.code).toBe('not_found');
    const bad = await dispatch(handlers, 'preview:engagement', { articleId: 'x', extra: 1 });
    expect(bad.ok ? null : bad.error.code).toBe('invalid_input');
  });
});

describe('preview document', () => {
  it('the app CSP allows exactly the preview stylesheet by hash (a srcdoc frame inherits it)', () => {
    const hash = createHash('sha256').update(PREVIEW_STYLESHEET).digest('base64');
    expect(CONTENT_SECURITY_POLICY).toContain(`style-src 'self' 'sha256-${hash}'`);
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-inline');
    // The hash covers the <style> text as written: nothing in it may need escaping.
    expect(PREVIEW_STYLESHEET).not.toContain('</');
    const doc = renderPreviewDocument({ article: article(), comments: [], votes: null, site, assetUrl: () => null });
    expect(parseDocument(doc).querySelector('style')?.textContent).toBe(PREVIEW_STYLESHEET);
  });

  it('carries its own CSP that loads nothing but inline style and the given image sources', () => {
    expect(previewCsp(['copydesk-asset:'])).toBe("default-src 'none'; style-src 'unsafe-inline'; img-src copydesk-asset: data:; base-uri 'none'; form-action 'none'");
    // A source expression that would widen the policy is dropped.
    expect(previewCsp(["* 'unsafe-eval'", 'https://evil.example; script-src *'])).toBe("default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'");
    const doc = parseDocument(renderPreviewDocument({ article: article(), comments: [], votes: null, site, assetUrl: () => null }));
    expect(doc.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content')).toBe(previewCsp());
  });

  it('forces the chosen colour scheme and marks the edited part so the reloaded frame opens there', () => {
    const dark = parseDocument(renderPreviewDocument({ article: article(), comments: [], votes: null, site, assetUrl: () => null, theme: 'dark', focus: { area: 'body', block: 3 } }));
    expect(dark.body.classList.contains('theme-dark')).toBe(true);
    const focused = dark.querySelectorAll('#preview-focus');
    expect(focused.length).toBe(1);
    expect(focused[0]!.parentElement?.classList.contains('article-body')).toBe(true);
    expect(focused[0]).toBe(dark.querySelector('.article-body')!.children[3]);
    const question = parseDocument(renderPreviewDocument({ article: article(), comments: [], votes: null, site, assetUrl: () => null, focus: { area: 'questions', index: 1 } }));
    expect(question.querySelector('#preview-focus')).toBe(question.querySelectorAll('details')[1]);
  });
});
