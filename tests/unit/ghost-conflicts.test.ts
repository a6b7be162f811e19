// Issue 16.4 (trash and restore), 16.5 (keep remote) and 16.7 (the conflict's differences)
// against the Ghost fixture's 409 UpdateCollisionError semantics.
import { afterEach, describe, expect, it } from 'vitest';
import { tempWorkspace } from './helpers';
import { publishArticle, remoteFor } from './remote-helpers';
import { GhostServer } from '../fixtures/ghost-server';

const servers: GhostServer[] = [];
afterEach(async () => {
  while (servers.length) await servers.pop()!.stop();
});

async function setup() {
  const ghost = await new GhostServer().start();
  servers.push(ghost);
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
