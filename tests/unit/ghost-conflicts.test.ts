// Issue 16.4 (trash and restore), 16.5 (keep remote) and 16.7 (the conflict's differences)
// against the Ghost fixture's 409 UpdateCollisionError semantics.
import { describe, expect, it } from 'vitest';
import { tempWorkspace } from './helpers';
import { fields, publishArticle, remoteFor, useGhostServers } from './remote-helpers';
import { doc, paragraph, text } from '../../src/shared/lexical/build';

const startGhost = useGhostServers();

async function setup() {
  const ghost = await startGhost();
  // Staff for the bylines the tests set (a byline that matches nobody stops the publish).
  ghost.addUser('Ann Reporter', 'ann@example.org');
  ghost.addUser('Bo Writer', 'bo@example.org');
  const ws = tempWorkspace();
  const remote = remoteFor(ws, { COPYDESK_TARGET_BLOG_TOKEN: ghost.adminKey }, { timeoutMs: 2_000 });
  const target = remote.saveTarget({ name: 'blog', kind: 'ghost', baseUrl: ghost.url });
  return { ghost, ws, remote, target };
}

/** Ghost's updated_at has one-second resolution: let a new second start before the next write. */
const nextSecond = () => new Promise((r) => setTimeout(r, 1_050 - (Date.now() % 1000)));

describe('issue 16.4: trash and restore', () => {
  it('issue 16.4: restoring a published article from the trash republishes the same post, with no false conflict', async () => {
    const { ghost, ws, remote, target } = await setup();
    const a = publishArticle(ws, 'Round trip');
    await remote.drain(target.id);
    const [postId] = [...ghost.posts.keys()];
    ws.articles.trash(a.id);
    await remote.drain(target.id);
    expect(ghost.posts.get(postId!)!.status).toBe('draft');
    await nextSecond();
    ws.articles.restore(a.id);
    await remote.drain(target.id);
    expect(remote.listConflicts()).toEqual([]);
    expect(remote.listOutbox().map((r) => r.state)).toEqual(['done', 'done', 'done']);
    expect(ghost.creates).toBe(1);
    expect(ghost.posts.get(postId!)!.status).toBe('published');
  });
});

describe('issue 16.5: keep remote', () => {
  it('issue 16.5: keeping the Ghost version brings it into Copydesk as an undoable revision, and a later unrelated save keeps it', async () => {
    const { ghost, ws, remote, target } = await setup();
    const a = publishArticle(ws, 'Ours');
    await remote.drain(target.id);
    const [postId] = [...ghost.posts.keys()];
    ghost.editInGhost(postId!, 'Theirs');
    ws.articles.save({ ...fields(ws.articles.get(a.id)), byline: ['Ann Reporter'] });
    await remote.drain(target.id);
    const [conflict] = remote.listConflicts();
    await remote.resolveConflict(conflict!.id, 'keep_remote');
    const kept = ws.articles.get(a.id);
    expect(kept.headline).toBe('Theirs');
    expect(kept.byline).toEqual(['Ann Reporter']);
    const before = ws.articles.revisions.list(a.id).find((r) => r.label === 'Before keeping the published version');
    expect(ws.articles.revisions.document(a.id, before!.id).headline).toBe('Ours');

    await nextSecond();
    ws.articles.save({ ...fields(ws.articles.get(a.id)), byline: ['Ann Reporter', 'Bo Writer'] });
    await remote.drain(target.id);
    expect(remote.listConflicts()).toEqual([]);
    expect(ghost.posts.get(postId!)!.title).toBe('Theirs');
    expect(remote.listOutbox().every((r) => r.state === 'done')).toBe(true);
  });
});

describe('issue 16.7: the conflict dialog lists real differences only', () => {
  it('issue 16.7: with headline and summary edited in Ghost, the conflict shows exactly those two', async () => {
    const { ghost, ws, remote, target } = await setup();
    const created = ws.articles.create({ headline: 'Minerals', section: 'World' });
    const a = ws.articles.save({
      ...fields(created),
      summary: 'Ministers met.',
      tags: ['Trade'],
      body: doc(paragraph(text('First paragraph.')), paragraph(text('Second paragraph.'))),
      takeaways: [{ id: 't1', content: doc(paragraph(text('First point'))) }, { id: 't2', content: doc(paragraph(text('Second point'))) }],
      questions: [
        { id: 'q1', question: 'What are rare earths?', answer: doc(paragraph(text('Seventeen metals'))) },
        { id: 'q2', question: 'Who mines them?', answer: doc(paragraph(text('Mostly China'))) },
      ],
      status: 'published',
    });
    await remote.drain(target.id);
    const [postId] = [...ghost.posts.keys()];
    ghost.editInGhost(postId!, 'Minerals summit ends', 'Ministers agreed.');
    ws.articles.save({ ...fields(ws.articles.get(a.id)), byline: ['Ann Reporter'] });
    await remote.drain(target.id);
    const [conflict] = remote.listConflicts();
    expect(conflict!.diff.map((d) => d.key)).toEqual(['headline', 'summary']);
  });
});
