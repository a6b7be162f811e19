import { afterEach, describe, expect, it } from 'vitest';
import { tempWorkspace } from './helpers';
import { remoteFor } from './remote-helpers';
import { useSiteBackends, type SiteBackend } from '../site/backends';
import { enqueueDecision } from '../../src/core/remote/service';
import { moderationIngest } from '../../src/core/sync/moderation-ingest';
import type { IngestBatch } from '../../src/core/sync/sync';

// Each test runs against the fault-injecting fixture and the real site server on both engines.
const BACKENDS = useSiteBackends();
const servers: SiteBackend[] = [];
afterEach(async () => {
  while (servers.length) await servers.pop()!.stop();
});

const comment = (id: string, articleId: string, body = `comment ${id}`) => ({
  id,
  articleId,
  parentId: null,
  authorId: `a-${id}`,
  authorName: `Reader ${id}`,
  body,
  status: 'pending',
  createdAt: '2026-01-12T10:00:00Z',
  updatedAt: '2026-01-12T10:00:00Z',
});

describe.each(BACKENDS)('sync: incremental pull of comments and votes per target ($name)', (backend) => {
  it('pulls from the stored cursor, page by page, and holds back comments with an unpushed local decision', async () => {
    const server = await backend.start();
    servers.push(server);
    const ws = tempWorkspace();
    const batches: IngestBatch[] = [];
    const remote = remoteFor(ws, { COPYDESK_TARGET_SITE_TOKEN: server.token }, { ingest: (b) => batches.push(b), timeoutMs: backend.timeoutMs });
    const target = remote.saveTarget({ name: 'site', kind: 'site', baseUrl: server.url, autoPublish: false });
    await server.addComments(Array.from({ length: 1_200 }, (_, i) => comment(`c${i}`, 'art1')));
    await server.addVotes([{ id: 'v1', articleId: 'art1', voterId: 'r1', axis: 'support', value: true, voided: false, createdAt: '2026-01-12T10:00:00Z' }]);
    const [first] = await remote.sync();
    expect(first).toMatchObject({ comments: 1_200, votes: 1, heldBack: 0 });
    expect(batches.flatMap((b) => b.comments).map((c) => c.id)).toEqual(Array.from({ length: 1_200 }, (_, i) => `c${i}`));
    // Nothing new: nothing pulled again.
    batches.length = 0;
    expect((await remote.sync())[0]).toMatchObject({ comments: 0, votes: 0 });
    // A local decision on c5 waits in the outbox: a pulled change to c5 must not override it.
    enqueueDecision(ws.db, target.id, { action: 'reject', commentId: 'c5', reason: 'abuse' });
    await server.addComments([comment('c5', 'art1', 'edited'), comment('c9999', 'art1')]);
    expect((await remote.sync())[0]).toMatchObject({ comments: 2, heldBack: 1 });
    expect(batches.flatMap((b) => b.comments).map((c) => c.id)).toEqual(['c9999']);
    expect(server.violations).toEqual([]);
  });

  it('feeds the moderation ingest (comments land in the moderation tables)', async () => {
    const server = await backend.start();
    servers.push(server);
    const ws = tempWorkspace();
    const article = ws.articles.create({ headline: 'Commented' });
    const remote = remoteFor(ws, { COPYDESK_TARGET_SITE_TOKEN: server.token }, { ingest: moderationIngest(ws.db), timeoutMs: backend.timeoutMs });
    remote.saveTarget({ name: 'site', kind: 'site', baseUrl: server.url });
    await server.addComments([comment('k1', article.id), comment('k2', article.id)]);
    await remote.sync();
    await remote.sync();
    const rows = ws.db.prepare('SELECT remote_id AS id FROM comments ORDER BY remote_id').all();
    expect(rows).toEqual([{ id: 'k1' }, { id: 'k2' }]);
  });
});
