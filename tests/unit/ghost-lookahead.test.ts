// Issue 16 (publish benchmark): the slugs of queued new publishes are looked up in one request
// (GET posts/?filter=slug:[…]) instead of one GET posts/slug/… per article, without giving up
// the checks that lookup is for: a stranger's post is still a conflict, a lost create is still
// found and never duplicated.
import { describe, expect, it } from 'vitest';
import { tempWorkspace } from './helpers';
import { publishArticle, remoteFor, useGhostServers } from './remote-helpers';
import { GhostAdminClient } from '../../src/core/remote/ghost/client';
import { ghostPost } from '../../src/core/remote/ghost/target';

const startGhost = useGhostServers();

async function setup() {
  const ghost = await startGhost();
  const ws = tempWorkspace();
  const remote = remoteFor(ws, { COPYDESK_TARGET_BLOG_TOKEN: ghost.adminKey }, { timeoutMs: 2_000 });
  const target = remote.saveTarget({ name: 'blog', kind: 'ghost', baseUrl: ghost.url });
  return { ghost, ws, remote, target };
}

const publishMany = (ws: ReturnType<typeof tempWorkspace>, n: number) => ws.db.transaction(() => Array.from({ length: n }, (_, i) => publishArticle(ws, `Story number ${i}`)))();

describe('Ghost: slug lookups for queued publishes, fifty to a request', () => {
  it('120 new articles take 3 lookups and 120 creates, in queue order', async () => {
    const { ghost, ws, remote, target } = await setup();
    const articles = publishMany(ws, 120);
    const result = await remote.drain(target.id);
    expect(result).toMatchObject({ delivered: 120, failed: 0, pending: false });
    expect(Object.fromEntries(ghost.requests)).toEqual({ 'GET /posts/': 3, 'POST /posts/': 120 });
    expect([...ghost.posts.values()].map((p) => p.slug)).toEqual(articles.map((a) => a.slug));
    expect(ghost.violations).toEqual([]);
  });

  it("a post of someone else's with one of the slugs is still a conflict; the others are published", async () => {
    const { ghost, ws, remote, target } = await setup();
    const articles = publishMany(ws, 60);
    const taken = articles[30]!;
    // Someone created a post with that slug in Ghost Admin (through the API, as Ghost would store it).
    const admin = new GhostAdminClient({ baseUrl: ghost.url, adminKey: () => ghost.adminKey });
    await admin.createPost({ ...ghostPost({ ...taken, headline: 'Not ours' }, () => '<p>theirs</p>'), title: 'Not ours' });
    ghost.requests.clear();
    const result = await remote.drain(target.id);
    expect(result).toMatchObject({ delivered: 59, failed: 1 });
    const stuck = remote.listOutbox({ state: 'needs_attention' });
    expect(stuck.map((r) => r.subject)).toEqual([taken.id]);
    expect(stuck[0]!.lastError).toContain(`Ghost already has a post with the slug "${taken.slug}" that Copydesk did not publish`);
    expect(ghost.requests.get('GET /posts/slug/:slug/')).toBeUndefined();
    expect(ghost.requests.get('GET /posts/')).toBe(2);
    expect([...ghost.posts.values()].filter((p) => p.slug === taken.slug).map((p) => p.title)).toEqual(['Not ours']);
  });

  it('a create whose answer was lost after a batch lookup is found by its own lookup and not duplicated', async () => {
    const { ghost, ws, remote, target } = await setup();
    publishMany(ws, 10);
    // The first create commits in Ghost, then the connection drops: Copydesk never hears of it.
    ghost.dropNextAfterCommit = true;
    const result = await remote.drain(target.id);
    expect(result).toMatchObject({ delivered: 10, failed: 0 });
    expect(ghost.creates).toBe(10);
    expect(ghost.posts.size).toBe(10);
    expect(new Set([...ghost.posts.values()].map((p) => p.slug)).size).toBe(10);
    // The retried row may have reached Ghost, so it read its slug afresh (once) instead of trusting the batch.
    expect(ghost.requests.get('GET /posts/slug/:slug/')).toBe(1);
    expect(remote.listOutbox().every((r) => r.state === 'done')).toBe(true);
  });
});
