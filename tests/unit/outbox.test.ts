import { afterEach, describe, expect, it } from 'vitest';
import { tempWorkspace } from './helpers';
import { fields, publishArticle, remoteFor } from './remote-helpers';
import type { SiteApiServerOptions } from '../fixtures/site-api-server';
import { useSiteBackends, type BackendKind, type SiteBackend } from '../site/backends';
import { enqueue, OutboxRepository } from '../../src/core/outbox/repository';
import { fullJitterDelay } from '../../src/core/outbox/backoff';
import type { NetworkStatus } from '../../src/shared/remote/outbox';

// The worker tests run against the fault-injecting fixture and the real site server on both
// engines (behind the same fault schedule); the enqueue tests need only the fixture.
const BACKENDS = useSiteBackends();
const FIXTURE = BACKENDS[0]!;
const servers: SiteBackend[] = [];
afterEach(async () => {
  while (servers.length) await servers.pop()!.stop();
});

async function setup(options: SiteApiServerOptions = {}, backend: BackendKind = FIXTURE) {
  const server = await backend.start(options);
  servers.push(server);
  const ws = tempWorkspace();
  const remote = remoteFor(ws, { COPYDESK_TARGET_SITE_TOKEN: server.token }, { timeoutMs: backend.timeoutMs });
  const target = remote.saveTarget({ name: 'site', kind: 'site', baseUrl: server.url });
  return { server, ws, remote, target, repo: new OutboxRepository(ws.db) };
}

describe('outbox: enqueue in the same transaction as the local change', () => {
  it('publishing an article queues a publish per auto-publish target; a rolled-back save queues nothing', async () => {
    const { ws, repo } = await setup();
    const article = publishArticle(ws, 'First');
    expect(repo.list().map((r) => [r.kind, r.subject])).toEqual([['publish', article.id]]);
    expect(() =>
      ws.db.transaction(() => {
        ws.articles.save({ ...fields(article), headline: 'Second' });
        throw new Error('abort the transaction');
      })(),
    ).toThrow('abort');
    const rows = repo.list();
    expect(rows).toHaveLength(1);
    expect(JSON.parse(rows[0]!.payload).article.headline).toBe('First');
  });

  it('trashing a published article unpublishes it remotely; restoring publishes it again', async () => {
    const { ws, repo, remote, target, server } = await setup();
    const article = publishArticle(ws, 'Trashed');
    ws.articles.trash(article.id);
    expect(repo.list().reverse().map((r) => r.kind)).toEqual(['publish', 'unpublish']);
    await remote.drain(target.id);
    expect(await server.article(article.id)).toBeNull();
    ws.articles.restore(article.id);
    expect(repo.list()[0]).toMatchObject({ kind: 'publish', subject: article.id });
    await remote.drain(target.id);
    expect((await server.article(article.id))?.headline).toBe('Trashed');
    // A draft moved to the trash was never live: nothing is queued for it.
    const draft = ws.articles.create({ headline: 'Draft' });
    const queued = repo.list().length;
    ws.articles.trash(draft.id);
    expect(repo.list()).toHaveLength(queued);
  });

  it('unpublishing queues an unpublish after the publish, in order', async () => {
    const { ws, repo } = await setup();
    const article = publishArticle(ws, 'Story');
    ws.articles.save({ ...fields(article), status: 'unpublished' });
    expect(repo.list().reverse().map((r) => r.kind)).toEqual(['publish', 'unpublish']);
  });

  it('two queued publishes of one article coalesce, latest payload wins, order kept relative to other kinds', async () => {
    const { ws, repo, target } = await setup();
    const a = publishArticle(ws, 'v1');
    enqueue(ws.db, { targetId: target.id, kind: 'moderation', subject: 'comment:c1', payload: { decisions: [{ action: 'approve', commentId: 'c1', reason: '' }] } });
    ws.articles.save({ ...fields(a), headline: 'v2', status: 'published' });
    const rows = repo.list().reverse();
    expect(rows.map((r) => r.kind)).toEqual(['publish', 'moderation']);
    expect(JSON.parse(rows[0]!.payload).article.headline).toBe('v2');
    // After an unpublish, a new publish may not jump ahead of it.
    ws.articles.save({ ...fields(ws.articles.get(a.id)), status: 'unpublished' });
    ws.articles.save({ ...fields(ws.articles.get(a.id)), headline: 'v3', status: 'published' });
    expect(repo.list().reverse().map((r) => r.kind)).toEqual(['publish', 'moderation', 'unpublish', 'publish']);
  });

  it('regression (property test seed 753590010): a publish that timed out (offline, no attempt counted) is never rewritten', async () => {
    const { ws, repo } = await setup();
    const a = publishArticle(ws, 'v1');
    const [row] = repo.list();
    repo.reschedule(row!.id, Date.now(), 'no answer in time', false, Date.now());
    ws.articles.save({ ...fields(ws.articles.get(a.id)), headline: 'v2' });
    const rows = repo.list().reverse();
    expect(rows).toHaveLength(2);
    expect(JSON.parse(rows[0]!.payload).article.headline).toBe('v1');
  });

  it('a publish that may have reached the server is never rewritten: the next one gets its own row and key', async () => {
    const { ws, repo } = await setup();
    const a = publishArticle(ws, 'v1');
    const [row] = repo.list();
    repo.reschedule(row!.id, Date.now(), 'HTTP 503', true, Date.now());
    ws.articles.save({ ...fields(ws.articles.get(a.id)), headline: 'v2' });
    const rows = repo.list().reverse();
    expect(rows).toHaveLength(2);
    expect(JSON.parse(rows[0]!.payload).article.headline).toBe('v1');
    expect(rows[0]!.idempotencyKey).toBe(row!.idempotencyKey);
  });
});

describe('outbox: backoff', () => {
  it('full jitter spans [0, min(cap, base·2^n))', () => {
    expect(fullJitterDelay(3, 100, 10_000, () => 0)).toBe(0);
    expect(fullJitterDelay(3, 100, 10_000, () => 0.999_999)).toBe(799);
    expect(fullJitterDelay(20, 100, 10_000, () => 0.999_999)).toBe(9_999);
  });
});

describe.each(BACKENDS)('outbox worker against the site API ($name)', (backend) => {
  it('delivers in order and stores the returned version for the next If-Match', async () => {
    const { ws, remote, server, target, repo } = await setup({}, backend);
    const a = publishArticle(ws, 'One');
    await remote.drain(target.id);
    ws.articles.save({ ...fields(ws.articles.get(a.id)), headline: 'Two' });
    await remote.drain(target.id);
    expect(server.applied.map((w) => w.headline)).toEqual(['One', 'Two']);
    expect((await server.article(a.id))?.version).toBe(2);
    expect(repo.counts()).toMatchObject({ done: 2, queued: 0 });
    expect(server.violations).toEqual([]);
  });

  it('a response lost after the server committed is retried with the same key and applied once', async () => {
    const { ws, remote, server, target } = await setup({ faults: ['drop_after_commit', 'drop_after_commit'] }, backend);
    publishArticle(ws, 'Once');
    const result = await remote.drain(target.id);
    expect(result).toMatchObject({ delivered: 1, pending: false });
    expect(server.applied).toHaveLength(1);
    expect(server.requests).toBe(3);
  });

  it('5xx is retried with backoff; after maxAttempts the row needs attention; retry sends it', async () => {
    const server = await backend.start({ faults: () => '503' });
    servers.push(server);
    const ws = tempWorkspace();
    const remote = remoteFor(ws, { COPYDESK_TARGET_SITE_TOKEN: server.token }, { worker: { baseDelayMs: 1, maxDelayMs: 2, maxAttempts: 3 }, timeoutMs: backend.timeoutMs });
    const target = remote.saveTarget({ name: 'site', kind: 'site', baseUrl: server.url });
    publishArticle(ws, 'Flaky');
    await remote.drain(target.id);
    const [row] = remote.listOutbox();
    expect(row).toMatchObject({ state: 'needs_attention', attempts: 3 });
    expect(row!.lastError).toContain('HTTP 503');
    server.faults = [];
    remote.retry(row!.id);
    await remote.drain(target.id);
    expect(remote.listOutbox()[0]!.state).toBe('done');
    expect(server.applied).toHaveLength(1);
  });

  it('pauses while offline (refused, timeouts) without spending attempts, announces it, and resumes by itself', async () => {
    const { ws, remote, server, target } = await setup({ faults: ['hang'] }, backend);
    const statuses: NetworkStatus[] = [];
    ws.events.on('network:status', (s) => statuses.push(s));
    publishArticle(ws, 'Offline');
    await server.goOffline();
    setTimeout(() => void server.goOnline(), 150);
    await remote.drain(target.id);
    expect(server.requests).toBeGreaterThanOrEqual(2);
    expect(server.applied).toHaveLength(1);
    expect(remote.listOutbox()[0]).toMatchObject({ state: 'done', attempts: 0 });
    expect(statuses.map((s) => s.online)).toEqual([false, true]);
    expect(statuses[0]!.detail).toMatch(/no answer in time|cannot connect/);
  });

  it('a row found in flight at startup is sent again with the same key (the server replays, no duplicate)', async () => {
    const { ws, remote, server, target, repo } = await setup({ faults: ['drop_after_commit'] }, backend);
    publishArticle(ws, 'Crash');
    const [row] = repo.list();
    // Simulate the crash: the first attempt committed on the server, the process died before marking it.
    await remote.runtime(remote.targets.row(target.id)).deliver(row!, null, { resumed: false }).catch(() => undefined);
    repo.markInFlight(row!.id, Date.now());
    const restarted = remoteFor(ws, { COPYDESK_TARGET_SITE_TOKEN: server.token }, { timeoutMs: backend.timeoutMs });
    await restarted.drain(target.id);
    expect(server.applied).toHaveLength(1);
    expect(repo.get(row!.id)?.state).toBe('done');
  });

  it('412 becomes a conflict record; overwrite-after-fresh-read sends ours on top of the remote version', async () => {
    const { ws, remote, server, target } = await setup({}, backend);
    const a = publishArticle(ws, 'Ours v1');
    await remote.drain(target.id);
    await server.editRemotely(a.id, 'Edited on the site');
    ws.articles.save({ ...fields(ws.articles.get(a.id)), headline: 'Ours v2' });
    await remote.drain(target.id);
    const [conflict] = remote.listConflicts();
    expect(conflict).toMatchObject({ articleId: a.id, remoteVersion: '2' });
    expect(conflict!.remote.headline).toBe('Edited on the site');
    expect(conflict!.local.headline).toBe('Ours v2');
    await remote.resolveConflict(conflict!.id, 'overwrite');
    await remote.drain(target.id);
    expect((await server.article(a.id))?.headline).toBe('Ours v2');
    expect(remote.listConflicts()).toEqual([]);
    expect(server.violations).toEqual([]);
  });

  it('keep-remote drops our write and adopts the remote version for the next publish', async () => {
    const { ws, remote, server, target } = await setup({}, backend);
    const a = publishArticle(ws, 'Ours');
    await remote.drain(target.id);
    await server.editRemotely(a.id, 'Theirs');
    ws.articles.save({ ...fields(ws.articles.get(a.id)), headline: 'Ours again' });
    await remote.drain(target.id);
    await remote.resolveConflict(remote.listConflicts()[0]!.id, 'keep_remote');
    expect((await server.article(a.id))?.headline).toBe('Theirs');
    ws.articles.save({ ...fields(ws.articles.get(a.id)), headline: 'Later edit' });
    await remote.drain(target.id);
    expect((await server.article(a.id))?.headline).toBe('Later edit');
  });

  it('discard removes a row that will never be sent; payload shows what would be sent', async () => {
    const { ws, remote } = await setup({}, backend);
    publishArticle(ws, 'Drop me');
    const [row] = remote.listOutbox();
    expect((remote.payload(row!.id) as { article: { headline: string } }).article.headline).toBe('Drop me');
    remote.discard(row!.id);
    expect(remote.listOutbox()).toEqual([]);
  });
});

describe.each(BACKENDS)('copydesk CLI: publish --target, outbox list|retry ($name)', (backend) => {
  it('queues published articles for a named target, delivers them and lists the outbox', async () => {
    const { main } = await import('../../src/cli/index');
    const server = await backend.start();
    servers.push(server);
    const ws = tempWorkspace();
    const remote = remoteFor(ws, {});
    remote.saveTarget({ name: 'site', kind: 'site', baseUrl: server.url, autoPublish: false });
    publishArticle(ws, 'From the CLI');
    const out: string[] = [];
    const env = { COPYDESK_TARGET_SITE_TOKEN: 'wrong-token' };
    const io = { stdout: { write: (c: string) => out.push(c) }, stderr: { write: (c: string) => out.push(c) }, env };
    ws.close();
    // A wrong token is refused (401): the row needs attention at once.
    expect(await main(['publish', '--target', 'site', '--workspace', ws.dir], io)).toBe(1);
    expect(out.join('')).toMatch(/site: 1 queued, 0 delivered, 1 need attention/);
    out.length = 0;
    expect(await main(['outbox', 'list', '--state', 'needs_attention', '--json', '--workspace', ws.dir], io)).toBe(0);
    const [row] = JSON.parse(out.join(''));
    expect(row.lastError).toContain('HTTP 401');
    env.COPYDESK_TARGET_SITE_TOKEN = server.token;
    out.length = 0;
    expect(await main(['outbox', 'retry', row.id, '--workspace', ws.dir], io)).toBe(0);
    expect(out.join('')).toContain('1 delivered');
    expect(server.applied.map((w) => w.headline)).toEqual(['From the CLI']);
    expect(out.join('')).not.toContain(server.token);
  }, 60_000);
});
