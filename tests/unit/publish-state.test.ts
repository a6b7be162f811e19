import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Publisher } from '../../src/core/publish/publisher';
import type { Workspace } from '../../src/core/workspace';
import { tempDir, tempWorkspace } from './helpers';
import { publishedArticle } from './site-fixtures';

/** A workspace with one published article (so the site exists) and one draft to publish. */
function deskWithDraft(): { ws: Workspace; publisher: Publisher; draftId: string } {
  const ws = tempWorkspace();
  ws.articles.importMany([publishedArticle(1), publishedArticle(2, { status: 'draft', publishedAt: undefined })]);
  // Render in this thread: the test hook below counts writes here.
  const publisher = new Publisher(ws, undefined, { url: null });
  return { ws, publisher, draftId: 'article-2' };
}

const outbox = (ws: Workspace, id: string) => ws.db.prepare('SELECT kind, state FROM outbox WHERE subject = ?').all(id);

describe('issue 15.3: a failed publish changes no state', () => {
  it('with no output folder the article stays a draft, with the same revision and history', async () => {
    const { ws, publisher, draftId } = deskWithDraft();
    const before = ws.articles.get(draftId);
    const history = ws.articles.revisions.list(draftId);
    await expect(publisher.publishArticle(draftId)).rejects.toThrow('Choose an output folder in Settings before publishing');
    expect(ws.articles.get(draftId)).toEqual(before);
    expect(ws.articles.revisions.list(draftId)).toEqual(history);
    expect(ws.articles.list().find((a) => a.id === draftId)?.status).toBe('draft');
  });

  it('a folder Copydesk did not write is refused before the status changes', async () => {
    const { ws, publisher, draftId } = deskWithDraft();
    const out = tempDir('copydesk-site-');
    writeFileSync(join(out, 'notes.txt'), 'someone else’s file');
    publisher.settings.update({ outputDir: out });
    const before = ws.articles.get(draftId);
    await expect(publisher.publishArticle(draftId)).rejects.toThrow(/did not write/);
    expect(ws.articles.get(draftId)).toEqual(before);
  });

  it('a site write that fails half-way undoes the status change, its revision and its remote publish', async () => {
    const { ws, publisher, draftId } = deskWithDraft();
    ws.remote.saveTarget({ name: 'site', kind: 'site', baseUrl: 'http://127.0.0.1:9/', autoPublish: true });
    const out = join(tempDir('copydesk-site-'), 'site');
    mkdirSync(out);
    publisher.settings.update({ outputDir: out });
    await publisher.publishSite();
    const before = ws.articles.get(draftId);
    const history = ws.articles.revisions.list(draftId);
    const changed: string[][] = [];
    ws.events.on('articles:changed', ({ ids }) => changed.push(ids));

    await expect(publisher.publishArticle(draftId, { failAfterWrites: 1 })).rejects.toThrow(/Injected failure/);
    expect(ws.articles.get(draftId)).toEqual(before);
    expect(ws.articles.revisions.list(draftId)).toEqual(history);
    expect(outbox(ws, draftId)).toEqual([]);
    // The library hears about the change and about its undoing.
    expect(changed).toEqual([[draftId], [draftId]]);

    // The same publish, when the site can be written, goes through.
    const done = await publisher.publishArticle(draftId);
    expect(done.article.status).toBe('published');
    expect(ws.articles.get(draftId).status).toBe('published');
    expect(ws.articles.revisions.list(draftId)[0]?.reason).toBe('publish');
    expect(outbox(ws, draftId)).toEqual([{ kind: 'publish', state: 'queued' }]);
  });
});
