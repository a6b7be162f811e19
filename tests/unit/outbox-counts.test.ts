import { afterEach, describe, expect, it } from 'vitest';
import { tempWorkspace } from './helpers';
import { publishArticle, remoteFor } from './remote-helpers';
import { SiteApiServer } from '../fixtures/site-api-server';
import { enqueue, OutboxRepository } from '../../src/core/outbox/repository';
import { OutboxWorker } from '../../src/core/outbox/worker';
import type { Workspace } from '../../src/core/workspace';
import type { OutboxState } from '../../src/shared/remote/outbox';

const servers: SiteApiServer[] = [];
afterEach(async () => {
  while (servers.length) await servers.pop()!.stop();
});

/** The counts as the outbox table itself has them (what outbox_counts must always equal). */
function scanned(ws: Workspace, targetId: string): Record<OutboxState, number> {
  const counts: Record<OutboxState, number> = { queued: 0, in_flight: 0, done: 0, needs_attention: 0 };
  const rows = ws.db.prepare('SELECT state, COUNT(*) AS n FROM outbox WHERE target_id = ? GROUP BY state').all(targetId) as { state: OutboxState; n: number }[];
  for (const r of rows) counts[r.state] = r.n;
  return counts;
}

async function setup() {
  const server = await new SiteApiServer().start();
  servers.push(server);
  const ws = tempWorkspace();
  // One counted failure is enough for a row to need a person.
  const remote = remoteFor(ws, { COPYDESK_TARGET_SITE_TOKEN: server.token, COPYDESK_TARGET_OTHER_TOKEN: server.token }, { worker: { baseDelayMs: 1, maxDelayMs: 2, maxAttempts: 1 } });
  const target = remote.saveTarget({ name: 'site', kind: 'site', baseUrl: server.url });
  return { server, ws, remote, target, repo: new OutboxRepository(ws.db) };
}

const approve = (id: string) => ({ decisions: [{ action: 'approve' as const, commentId: id, reason: '' }] });

describe('outbox counts (kept by triggers, read per outbox:changed event)', () => {
  it('equal a scan of the outbox through enqueue, delivery, needs-attention, retry, discard and target deletion', async () => {
    const { server, ws, remote, target, repo } = await setup();
    const other = remote.saveTarget({ name: 'other', kind: 'site', baseUrl: server.url, autoPublish: false });
    for (let i = 0; i < 3; i++) publishArticle(ws, `Story ${i}`);
    ws.db.transaction(() => {
      for (let i = 0; i < 4; i++) enqueue(ws.db, { targetId: other.id, kind: 'moderation', subject: `comment:c${i}`, payload: approve(`c${i}`) });
    })();
    expect(repo.counts(target.id)).toEqual({ queued: 3, in_flight: 0, done: 0, needs_attention: 0 });
    expect(repo.counts(other.id)).toEqual({ queued: 4, in_flight: 0, done: 0, needs_attention: 0 });

    await remote.drain(target.id);
    expect(repo.counts(target.id)).toEqual({ queued: 0, in_flight: 0, done: 3, needs_attention: 0 });

    // A failed request needs a person (maxAttempts 1); retry queues it again; discard drops it.
    server.faults = ['500'];
    await remote.drain(other.id);
    const stuck = remote.listOutbox({ targetId: other.id, state: 'needs_attention' });
    expect(stuck).toHaveLength(1);
    expect(repo.counts(other.id)).toEqual(scanned(ws, other.id));
    expect(repo.counts(other.id)).toMatchObject({ needs_attention: 1, done: 3 });
    remote.retry(stuck[0]!.id);
    expect(repo.counts(other.id)).toMatchObject({ needs_attention: 0, queued: 1 });
    remote.discard(stuck[0]!.id);
    expect(repo.counts(other.id)).toEqual({ queued: 0, in_flight: 0, done: 3, needs_attention: 0 });
    expect(repo.counts()).toEqual({ queued: 0, in_flight: 0, done: 6, needs_attention: 0 });

    await remote.deleteTarget(other.id);
    expect(repo.counts(other.id)).toEqual({ queued: 0, in_flight: 0, done: 0, needs_attention: 0 });
    expect(repo.counts()).toEqual(scanned(ws, target.id));
  });

  it('every outbox:changed event carries the counts of that moment', async () => {
    const { ws, remote, target } = await setup();
    const seen: Record<OutboxState, number>[] = [];
    ws.events.on('outbox:changed', (e) => seen.push(e.counts));
    for (let i = 0; i < 3; i++) publishArticle(ws, `Story ${i}`);
    await remote.drain(target.id);
    expect(seen.length).toBeGreaterThanOrEqual(3);
    expect(seen[0]).toEqual({ queued: 2, in_flight: 1, done: 0, needs_attention: 0 });
    expect(seen.at(-1)).toEqual({ queued: 0, in_flight: 0, done: 3, needs_attention: 0 });
  });
});

describe('outbox worker: the next row is picked in the transaction that finishes the last', () => {
  it('a drain stopped between two rows leaves the next one queued, not in flight (it was never sent)', async () => {
    const { server, ws, remote, target, repo } = await setup();
    for (let i = 0; i < 3; i++) publishArticle(ws, `Story ${i}`);
    const stop = new AbortController();
    ws.events.on('outbox:changed', (e) => {
      if (e.targetId === target.id && e.counts.done === 1) stop.abort();
    });
    const result = await remote.drain(target.id, undefined, { signal: stop.signal });
    expect(result).toMatchObject({ delivered: 1, stopped: true });
    expect(server.applied).toHaveLength(1);
    const rows = repo.list({ targetId: target.id }).reverse();
    expect(rows.map((r) => r.state)).toEqual(['done', 'queued', 'queued']);
    expect(rows[1]!.lastError).toBeNull();
  });

  it('a worker whose lease ran out while it held a picked row never sends that row after another worker took over', async () => {
    const { ws, remote, target, repo } = await setup();
    const ids = Array.from({ length: 3 }, (_, i) => publishArticle(ws, `Story ${i}`).id);
    const rowOf = (articleId: string) => repo.list({ targetId: target.id }).find((r) => r.subject === articleId)!.id;
    let clock = Date.now();
    const worker = () => new OutboxWorker(ws.db, remote.runtime(remote.targets.row(target.id)), { now: () => clock, leaseTtlMs: 1_000 });
    const a = worker();
    expect(await a.step()).toEqual({ kind: 'delivered', id: rowOf(ids[0]!) });
    // A stalls past its lease; B takes over, sends the row A had picked, and stops.
    clock += 2_000;
    const b = worker();
    expect(await b.step()).toEqual({ kind: 'delivered', id: rowOf(ids[1]!) });
    expect(await a.step()).toMatchObject({ kind: 'busy' });
    await b.stop();
    // A gets the lease back: it goes on with the queue's head, not the row it once picked.
    expect(await a.step()).toEqual({ kind: 'delivered', id: rowOf(ids[2]!) });
    expect(repo.list({ targetId: target.id }).map((r) => r.state)).toEqual(['done', 'done', 'done']);
  });
});
