// Issue 16.2 (replies) and 16.8 (incremental sync) against the Ghost fixture, which nests replies
// under `replies` (first three, no parent_id) and pages the rest from comments/:id/replies/.
import { describe, expect, it } from 'vitest';
import { tempWorkspace } from './helpers';
import { publishArticle, remoteFor, useGhostServers } from './remote-helpers';
import type { GhostCommentRecord } from '../fixtures/ghost-server';
import { moderationIngest } from '../../src/core/sync/moderation-ingest';
import { commentThread } from '../../src/core/moderation/queue';
import { ModerationService } from '../../src/core/moderation/service';

const startGhost = useGhostServers();

const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString();

async function setup(posts = 1) {
  const ghost = await startGhost();
  const ws = tempWorkspace();
  const remote = remoteFor(ws, { COPYDESK_TARGET_BLOG_TOKEN: ghost.adminKey }, { ingest: moderationIngest(ws.db), timeoutMs: 2_000 });
  const target = remote.saveTarget({ name: 'blog', kind: 'ghost', baseUrl: ghost.url });
  const articles = Array.from({ length: posts }, (_, i) => publishArticle(ws, `Post ${i}`));
  await remote.drain(target.id);
  const postIds = articles.map((a) => [...ghost.posts.values()].find((p) => p.title === a.headline)!.id);
  const add = (c: Omit<GhostCommentRecord, 'status' | 'html' | 'member'> & Partial<GhostCommentRecord>) =>
    ghost.comments.set(c.id, { status: 'published', html: `<p>Text of ${c.id}</p>`, member: { id: `m-${c.id}`, name: `Member ${c.id}` }, ...c });
  return { ghost, ws, remote, target, articles, postIds, add };
}

const rowOf = (ws: ReturnType<typeof tempWorkspace>, remoteId: string) =>
  ws.db.prepare('SELECT id, parent_id AS parentId, body FROM comments WHERE remote_id = ?').get(remoteId) as { id: number; parentId: number | null; body: string } | undefined;

describe('issue 16.2: Ghost comment replies', () => {
  it('issue 16.2: sync walks nested replies and the paged replies endpoint, keeping parent links, so the queue shows threads', async () => {
    const { ghost, ws, remote, target, postIds, add } = await setup();
    const [post] = postIds;
    add({ id: 'short', post_id: post!, created_at: at(1) });
    add({ id: 'short-r1', post_id: post!, parent_id: 'short', created_at: at(2) });
    add({ id: 'short-r2', post_id: post!, parent_id: 'short', created_at: at(3) });
    add({ id: 'long', post_id: post!, created_at: at(4) });
    // More replies than one page of the replies endpoint (100) and far more than Ghost nests (3).
    for (let i = 0; i < 130; i++) add({ id: `long-r${i}`, post_id: post!, parent_id: 'long', created_at: at(10 + i) });

    const [result] = await remote.sync(target.id);
    expect(result!.comments).toBe(134);
    expect(ghost.violations).toEqual([]);
    expect(ghost.requests.get('GET /comments/:id/replies/')).toBe(2);

    const short = rowOf(ws, 'short')!;
    const long = rowOf(ws, 'long')!;
    expect(short.parentId).toBeNull();
    expect(rowOf(ws, 'short-r2')).toMatchObject({ parentId: short.id, body: 'Text of short-r2' });
    expect(rowOf(ws, 'long-r129')!.parentId).toBe(long.id);
    expect(ws.db.prepare('SELECT COUNT(*) FROM comments WHERE parent_id = ?').pluck().get(long.id)).toBe(130);

    const thread = commentThread(ws.db, rowOf(ws, 'short-r1')!.id);
    expect(thread.parent?.comment.id).toBe(short.id);
    expect(commentThread(ws.db, short.id).replies.map((r) => r.comment.body)).toEqual(['Text of short-r1', 'Text of short-r2']);
  });
});

describe('issue 16.6: undo is pushed to Ghost', () => {
  it('issue 16.6: hiding a Ghost comment, then undoing it, shows it in Ghost again', async () => {
    const { ghost, ws, remote, target, postIds, add } = await setup();
    add({ id: 'c1', post_id: postIds[0]!, created_at: at(1) });
    await remote.sync(target.id);
    const local = rowOf(ws, 'c1')!.id;
    const m = new ModerationService(ws.db, ws.events);
    const { logId } = m.act({ action: 'reject', target: { ids: [local] }, reasonCode: 'personal_data' });
    remote.pushModeration();
    await remote.drain(target.id);
    expect(ghost.comments.get('c1')!.status).toBe('hidden');

    m.undo(logId!);
    // (The workspace's own remote service already pushes on moderation:changed; this is a no-op then.)
    remote.pushModeration();
    await remote.drain(target.id);
    expect(ghost.comments.get('c1')!.status).toBe('published');
    expect(m.unpushed()).toEqual([]);
    expect(remote.listOutbox().filter((r) => r.kind === 'moderation').map((r) => r.state)).toEqual(['done', 'done']);
  });
});

describe('issue 16.8: a sync reads only what is new or changed', () => {
  it('issue 16.8: with nothing new it makes one request per post and counts everything unchanged; then it reads just the new, edited, hidden and replied-to', async () => {
    const { ghost, ws, remote, target, postIds, add } = await setup(3);
    for (const [p, post] of postIds.entries()) {
      for (let i = 0; i < 150; i++) add({ id: `p${p}-c${i}`, post_id: post, created_at: at(i) });
      add({ id: `p${p}-c149-r0`, post_id: post, parent_id: `p${p}-c149`, created_at: at(200) });
    }
    const [first] = await remote.sync(target.id);
    expect(first).toMatchObject({ comments: 453, newComments: 453, changedComments: 0, unchangedComments: 0 });

    ghost.requests.clear();
    const [idle] = await remote.sync(target.id);
    expect(idle).toMatchObject({ comments: 0, newComments: 0, changedComments: 0, unchangedComments: 453 });
    expect(Object.fromEntries(ghost.requests)).toEqual({ 'GET /comments/post/:id/': 3 });

    add({ id: 'p0-new', post_id: postIds[0]!, created_at: at(300) });
    ghost.changeComment('p0-c10', { status: 'hidden' });
    ghost.changeComment('p1-c3', { html: '<p>Edited in Ghost</p>' });
    add({ id: 'p2-c149-r1', post_id: postIds[2]!, parent_id: 'p2-c149', created_at: at(301) });
    const [changes] = await remote.sync(target.id);
    expect(changes).toMatchObject({ newComments: 2, changedComments: 2, unchangedComments: 451 });
    expect(rowOf(ws, 'p1-c3')!.body).toBe('Edited in Ghost');
    expect(rowOf(ws, 'p2-c149-r1')!.parentId).toBe(rowOf(ws, 'p2-c149')!.id);
    expect(rowOf(ws, 'p0-new')).toBeDefined();
    expect(ghost.violations).toEqual([]);
  });
});

describe('issue 16.8: the daily full pass', () => {
  it('issue 16.8: a reply to a thread older than the first page of its post arrives with the next full pass, a day after the last', async () => {
    const { ws, remote, target, postIds, add } = await setup();
    for (let i = 0; i < 150; i++) add({ id: `c${i}`, post_id: postIds[0]!, created_at: at(i) });
    await remote.sync(target.id);
    // c0 is on the second page of "most recently changed first": an incremental sync stops before it.
    add({ id: 'c0-r1', post_id: postIds[0]!, parent_id: 'c0', created_at: at(400) });
    expect((await remote.sync(target.id))[0]).toMatchObject({ newComments: 0 });
    expect(rowOf(ws, 'c0-r1')).toBeUndefined();
    // A day later (the cursor's last full pass moved back a day), the pass reads everything.
    const cursor = ws.db.prepare("SELECT cursor FROM sync_cursors WHERE stream = 'comments'").pluck().get() as string;
    const position = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { fullAt: string };
    position.fullAt = new Date(Date.parse(position.fullAt) - 24 * 60 * 60 * 1000).toISOString();
    ws.db.prepare("UPDATE sync_cursors SET cursor = ? WHERE stream = 'comments'").run(Buffer.from(JSON.stringify(position)).toString('base64url'));
    expect((await remote.sync(target.id))[0]).toMatchObject({ newComments: 1, changedComments: 150 });
    expect(rowOf(ws, 'c0-r1')!.parentId).toBe(rowOf(ws, 'c0')!.id);
    // And the next sync is incremental again.
    expect((await remote.sync(target.id))[0]).toMatchObject({ comments: 0, unchangedComments: 151 });
  });
});
