import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { tempWorkspace } from './helpers';
import { fields, publishArticle, remoteFor, useGhostServers } from './remote-helpers';
import { ghostAdminToken } from '../../src/core/remote/ghost/jwt';
import { ghostPost } from '../../src/core/remote/ghost/target';
import { GhostAdminClient } from '../../src/core/remote/ghost/client';
import { moderationIngest } from '../../src/core/sync/moderation-ingest';
import { doc, paragraph, text } from '../../src/shared/lexical/build';
import type { Article } from '../../src/shared/article';

const startGhost = useGhostServers();

async function setup() {
  const ghost = await startGhost();
  const ws = tempWorkspace();
  const remote = remoteFor(ws, { COPYDESK_TARGET_BLOG_TOKEN: ghost.adminKey }, { renderHtml: () => '<p>The <b>answer</b></p>' });
  const target = remote.saveTarget({ name: 'blog', kind: 'ghost', baseUrl: ghost.url });
  return { ghost, ws, remote, target };
}

function richArticle(ws: ReturnType<typeof tempWorkspace>): Article {
  const a = ws.articles.create({ headline: 'Minerals <summit>', section: 'World' });
  return ws.articles.save({
    ...fields(a),
    summary: 'Ministers met.',
    tags: ['Trade', 'World'],
    takeaways: [{ id: 't1', content: doc(paragraph(text('First point'))) }, { id: 't2', content: doc(paragraph(text('Second point'))) }],
    questions: [{ id: 'q1', question: 'What are <rare> earths?', answer: doc(paragraph(text('Seventeen metals'))) }],
    status: 'published',
  });
}

describe('Ghost Admin API key → JWT', () => {
  it('is HS256 with kid = key id, aud /admin/, exp = iat + 5 min, signed with the hex-decoded secret', () => {
    const id = 'a'.repeat(24);
    const secret = 'ab'.repeat(32);
    const token = ghostAdminToken(`${id}:${secret}`, 1_000);
    const [h, p, s] = token.split('.');
    expect(JSON.parse(Buffer.from(h!, 'base64url').toString())).toEqual({ alg: 'HS256', typ: 'JWT', kid: id });
    expect(JSON.parse(Buffer.from(p!, 'base64url').toString())).toEqual({ iat: 1_000, exp: 1_300, aud: '/admin/' });
    expect(s).toBe(createHmac('sha256', Buffer.from(secret, 'hex')).update(`${h}.${p}`).digest('base64url'));
  });

  it('rejects a malformed key without echoing it', () => {
    expect(() => ghostAdminToken('not-a-key-SECRET123')).toThrow(/looks like/);
    expect(() => ghostAdminToken('not-a-key-SECRET123')).not.toThrow(/SECRET123/);
  });
});

describe('issue 16.10: the Admin API key is checked when the target is saved', () => {
  it('issue 16.10: a malformed key is refused with a clear message that never repeats it; a well-formed one passes the check', () => {
    const ws = tempWorkspace();
    const remote = remoteFor(ws, {});
    const save = (credential: string) => () => remote.saveTarget({ name: 'blog', kind: 'ghost', baseUrl: 'http://127.0.0.1:9/', credential });
    for (const bad of ['SECRET123', `${'a'.repeat(24)}:${'b'.repeat(63)}`, `${'a'.repeat(23)}:${'b'.repeat(64)}`, `${'a'.repeat(24)}:${'g'.repeat(64)}`]) {
      expect(save(bad)).toThrow(/24 hexadecimal characters, a colon, then 64 more/);
      expect(save(bad)).not.toThrow(bad);
    }
    expect(remote.listTargets()).toEqual([]);
    // This store (environment only) cannot keep tokens at all: what matters is that the key check passed.
    expect(save(`${'a'.repeat(24)}:${'b'.repeat(64)}`)).toThrow(/cannot keep tokens/);
    expect(() => remote.saveTarget({ name: 'site', kind: 'site', baseUrl: 'http://127.0.0.1:9/', credential: 'any-bearer-token' })).toThrow(/cannot keep tokens/);
  });
});

describe('article → Ghost post mapping', () => {
  it('takeaways become a heading + bulleted list; each question a toggle card; section is the primary tag', () => {
    const ws = tempWorkspace();
    const post = ghostPost(richArticle(ws), () => '<p>rendered answer</p>');
    expect(typeof post.lexical).toBe('string');
    const root = JSON.parse(post.lexical).root;
    expect(root.children[0]).toMatchObject({ type: 'heading', tag: 'h2', children: [{ text: 'Key takeaways' }] });
    expect(root.children[1]).toMatchObject({ type: 'list', listType: 'bullet' });
    expect(root.children[1].children.map((li: { children: { text: string }[] }) => li.children[0]!.text)).toEqual(['First point', 'Second point']);
    const toggle = root.children.find((n: { type: string }) => n.type === 'toggle');
    expect(toggle).toEqual({ type: 'toggle', version: 1, heading: '<span>What are &lt;rare&gt; earths?</span>', content: '<p>rendered answer</p>' });
    expect(post.tags).toEqual([{ name: 'World' }, { name: 'Trade' }]);
    expect(post).toMatchObject({ title: 'Minerals <summit>', custom_excerpt: 'Ministers met.', meta_description: 'Ministers met.', status: 'published' });
  });
});

describe('publishing to Ghost through the outbox', () => {
  it('creates, then updates with the updated_at of the last read', async () => {
    const { ghost, ws, remote, target } = await setup();
    const a = richArticle(ws);
    await remote.drain(target.id);
    expect(ghost.creates).toBe(1);
    ws.articles.save({ ...fields(ws.articles.get(a.id)), headline: 'New title' });
    await new Promise((r) => setTimeout(r, 1_050)); // a new second: Ghost's updated_at resolution
    await remote.drain(target.id);
    expect([...ghost.posts.values()].map((p) => p.title)).toEqual(['New title']);
    expect(ghost.violations).toEqual([]);
  });

  it('a create whose answer was lost is found by slug, never duplicated', async () => {
    const { ghost, ws, remote, target } = await setup();
    ghost.dropNextAfterCommit = true;
    publishArticle(ws, 'Lost answer');
    await remote.drain(target.id);
    expect(ghost.creates).toBe(1);
    expect(ghost.posts.size).toBe(1);
    expect(remote.listOutbox()[0]?.state).toBe('done');
  });

  it('an update whose answer was lost is recognised on the 409 and not reported as a conflict', async () => {
    const { ghost, ws, remote, target } = await setup();
    const a = publishArticle(ws, 'First');
    await remote.drain(target.id);
    ghost.dropNextAfterCommit = true;
    ws.articles.save({ ...fields(ws.articles.get(a.id)), headline: 'Second' });
    await new Promise((r) => setTimeout(r, 1_050));
    await remote.drain(target.id);
    expect([...ghost.posts.values()][0]!.title).toBe('Second');
    expect(remote.listConflicts()).toEqual([]);
    expect(remote.listOutbox().every((r) => r.state === 'done')).toBe(true);
  });

  it('an edit made in Ghost becomes a conflict (409 UpdateCollisionError); overwrite after a fresh read wins', async () => {
    const { ghost, ws, remote, target } = await setup();
    const a = publishArticle(ws, 'Ours');
    await remote.drain(target.id);
    const postId = [...ghost.posts.keys()][0]!;
    ghost.editInGhost(postId, 'Theirs');
    ws.articles.save({ ...fields(ws.articles.get(a.id)), headline: 'Ours 2' });
    await remote.drain(target.id);
    const [conflict] = remote.listConflicts();
    expect(conflict).toMatchObject({ articleId: a.id });
    expect(conflict!.remote.title).toBe('Theirs');
    await remote.resolveConflict(conflict!.id, 'overwrite');
    await remote.drain(target.id);
    expect(ghost.posts.get(postId)?.title).toBe('Ours 2');
  });

  it('unpublishing sets the post back to draft', async () => {
    const { ghost, ws, remote, target } = await setup();
    const a = publishArticle(ws, 'Going away');
    await remote.drain(target.id);
    ws.articles.save({ ...fields(ws.articles.get(a.id)), status: 'unpublished' });
    await remote.drain(target.id);
    expect([...ghost.posts.values()][0]!.status).toBe('draft');
  });

  it('uploads images as multipart and hides/shows member comments', async () => {
    const { ghost } = await setup();
    const client = new GhostAdminClient({ baseUrl: ghost.url, adminKey: () => ghost.adminKey });
    const url = await client.uploadImage(new Uint8Array([137, 80, 78, 71]), 'pic.png', 'image/png', 'assets/pic.png');
    expect(url).toMatch(/\/content\/images\/\d{4}\/\d{2}\/pic\.png$/);
    expect(ghost.uploads).toMatchObject([{ filename: 'pic.png', ref: 'assets/pic.png', purpose: 'image', type: 'image/png' }]);
    ghost.comments.set('c1', { id: 'c1', post_id: 'p1', status: 'published', html: '<p>hi</p>', created_at: new Date().toISOString() });
    await client.setCommentStatus('c1', 'hidden');
    expect((await client.commentsForPost('p1')).comments[0]!.status).toBe('hidden');
    await client.setCommentStatus('c1', 'published');
    expect(ghost.comments.get('c1')!.status).toBe('published');
  });

  it('sync pulls member comments of every post we published (paged, HTML to text, deleted skipped) into moderation', async () => {
    const { ghost, ws } = await setup();
    const remote = remoteFor(ws, { COPYDESK_TARGET_BLOG_TOKEN: ghost.adminKey }, { ingest: moderationIngest(ws.db) });
    const target = remote.listTargets()[0]!;
    const first = publishArticle(ws, 'First post');
    const second = publishArticle(ws, 'Second post');
    await remote.drain(target.id);
    const postOf = (headline: string) => [...ghost.posts.values()].find((p) => p.title === headline)!.id;
    const at = (n: number) => new Date(Date.UTC(2026, 0, 1, 0, n)).toISOString();
    for (let i = 0; i < 120; i++) {
      ghost.comments.set(`a${i}`, { id: `a${i}`, post_id: postOf('First post'), status: 'published', html: `<p>Comment ${i}</p>`, created_at: at(i), member: { id: `m${i % 7}`, name: `Member ${i % 7}` } });
    }
    const b = postOf('Second post');
    ghost.comments.set('b1', { id: 'b1', post_id: b, status: 'published', html: '<p>Hello <a href="https://x.example">there</a> &amp; <b>bye</b></p>', created_at: at(1), member: { id: 'ann', name: '<b>Ann</b>' } });
    ghost.comments.set('b2', { id: 'b2', post_id: b, status: 'hidden', html: '<p>Taken down</p>', created_at: at(2), member: { id: 'bob', name: 'Bob' } });
    ghost.comments.set('b3', { id: 'b3', post_id: b, status: 'deleted', html: '', created_at: at(3), member: null });
    ghost.comments.set('b4', { id: 'b4', post_id: b, status: 'published', html: '<p>A reply</p>', created_at: at(4), parent_id: 'b1', edited_at: at(9), member: { id: 'bob', name: 'Bob' } });

    // The cursor walks post by post and page by page (Ghost pages hold 100).
    const runtime = remote.runtime(remote.targets.row(target.id));
    const pages: number[] = [];
    let cursor: string | null = null;
    for (let more = true; more; ) {
      const page = await runtime.pullComments!(cursor, 50);
      pages.push(page.items.length);
      cursor = page.nextCursor;
      more = page.hasMore;
    }
    expect(pages.reduce((a, n) => a + n, 0)).toBe(123);

    const [result] = await remote.sync(target.id);
    expect(result).toMatchObject({ comments: 123, heldBack: 0 });
    const row = (id: string) =>
      ws.db.prepare('SELECT c.body, c.article_id, c.published, c.status, c.edited_at, c.parent_id, a.display_name FROM comments c JOIN comment_authors a ON a.id = c.author_id WHERE c.remote_id = ?').get(id) as Record<string, unknown>;
    expect(row('b1')).toMatchObject({ body: 'Hello there & bye', article_id: second.id, published: 1, display_name: '<b>Ann</b>' });
    expect(row('b2')).toMatchObject({ published: 0, status: 'pending' });
    expect(row('b3')).toBeUndefined();
    expect(row('b4')).toMatchObject({ edited_at: at(9), parent_id: (ws.db.prepare("SELECT id FROM comments WHERE remote_id = 'b1'").pluck().get() as number) });
    expect(row('a119')).toMatchObject({ article_id: first.id, body: 'Comment 119' });
    // Again: the same comments, nothing new.
    expect(ws.db.prepare('SELECT COUNT(*) FROM comments').pluck().get()).toBe(123);
    await remote.sync(target.id);
    expect(ws.db.prepare('SELECT COUNT(*) FROM comments').pluck().get()).toBe(123);
  });
});
