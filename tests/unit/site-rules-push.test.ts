// Issue 14.3: the desktop's moderation rules travel to Copydesk-site targets through the outbox,
// against the contract fixture and the real site server on both engines.
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { ModerationService } from '../../src/core/moderation/service';
import { EnvFileSecretStore } from '../../src/core/remote/secrets';
import type { Workspace } from '../../src/core/workspace';
import { StoredRuleSetSchema, type StoredRuleSet } from '../../src/shared/remote/site-api';
import { useSiteBackends, type SiteBackend } from '../site/backends';
import { FAST } from './remote-helpers';
import { tempWorkspace } from './helpers';

const BACKENDS = useSiteBackends();
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const clean of cleanups.splice(0).reverse()) await clean();
});

function workspaceFor(server: { token: string }, timeoutMs: number): Workspace {
  return tempWorkspace({ seed: false, remote: { secrets: new EnvFileSecretStore({ COPYDESK_TARGET_SITE_TOKEN: server.token }, null), worker: FAST, timeoutMs } });
}

async function held(server: SiteBackend): Promise<StoredRuleSet> {
  const response = await fetch(new URL('moderation/rules', server.url), { headers: { authorization: `Bearer ${server.token}` } });
  return StoredRuleSetSchema.parse(await response.json());
}

describe.each(BACKENDS)('moderation rules pushed to a site ($name)', (backend) => {
  it('a change queues one push per site target; offline changes coalesce, and the site ends with the latest set', async () => {
    const server = await backend.start();
    cleanups.push(() => server.stop());
    const ws = workspaceFor(server, backend.timeoutMs);
    const target = ws.remote.saveTarget({ name: 'site', kind: 'site', baseUrl: server.url, autoPublish: false });
    const ghost = ws.remote.saveTarget({ name: 'blog', kind: 'ghost', baseUrl: 'http://127.0.0.1:9/', autoPublish: false });
    const m = new ModerationService(ws.db, ws.events);
    const rulesRows = () => ws.remote.listOutbox().filter((row) => row.subject === 'moderation-rules');

    // No rules yet: nothing to send, at start or after other moderation changes.
    ws.remote.pushModeration();
    expect(rulesRows()).toEqual([]);

    await server.goOffline();
    const banned = m.saveRule(null, { kind: 'banned_phrase', pattern: 'spamword', action: 'reject' });
    const links = m.saveRule(null, { kind: 'max_links', action: 'hold', threshold: 2 });
    m.saveRule(null, { kind: 'new_author', action: 'premoderate', threshold: 24 });
    m.saveRule(links.id, { kind: 'max_links', action: 'hold', threshold: 3 });
    // One queued row for the site (each save replaced its payload), none for Ghost.
    expect(rulesRows()).toEqual([expect.objectContaining({ targetId: target.id, kind: 'moderation', state: 'queued' })]);
    expect(ws.remote.listOutbox({ targetId: ghost.id })).toEqual([]);
    expect(await ws.remote.drain(target.id, undefined, { stopWhenOffline: true })).toMatchObject({ delivered: 0 });
    expect(rulesRows()).toEqual([expect.objectContaining({ state: 'queued' })]);

    await server.goOnline();
    expect(await ws.remote.drain(target.id)).toMatchObject({ delivered: 1 });
    const expected = [
      { id: banned.id, kind: 'banned_phrase', pattern: 'spamword', action: 'reject', threshold: null },
      { id: links.id, kind: 'max_links', pattern: '', action: 'hold', threshold: 3 },
    ];
    // The new-author rule stays on the desktop: the site's own moderation mode covers new readers.
    expect((await held(server)).rules).toEqual(expected);
    expect(server.applied.filter((a) => a.op === 'rules')).toHaveLength(1);

    // Nothing changed: nothing is sent again.
    ws.remote.pushModeration();
    expect(rulesRows().filter((row) => row.state !== 'done')).toEqual([]);

    // Disabling a rule is a change; so is deleting one.
    m.saveRule(banned.id, { kind: 'banned_phrase', pattern: 'spamword', action: 'reject', enabled: false });
    await ws.remote.drain(target.id);
    expect((await held(server)).rules).toEqual([expected[1]]);
    m.deleteRule(links.id);
    await ws.remote.drain(target.id);
    expect((await held(server)).rules).toEqual([]);
    expect(server.applied.filter((a) => a.op === 'rules')).toHaveLength(3);
    expect(server.violations).toEqual([]);
  });

  it('a sync that finds the site holding another set queues ours again', async () => {
    const server = await backend.start();
    cleanups.push(() => server.stop());
    const ws = workspaceFor(server, backend.timeoutMs);
    const target = ws.remote.saveTarget({ name: 'site', kind: 'site', baseUrl: server.url, autoPublish: false });
    const m = new ModerationService(ws.db, ws.events);
    const rule = m.saveRule(null, { kind: 'suspect_phrase', pattern: 'idiot*', action: 'report' });
    await ws.remote.drain(target.id);
    const ours = await held(server);
    expect(ours.rules).toEqual([{ id: rule.id, kind: 'suspect_phrase', pattern: 'idiot*', action: 'report', threshold: null }]);

    // In step: a sync sends nothing.
    await ws.remote.sync(target.id);
    expect(await ws.remote.drain(target.id)).toMatchObject({ delivered: 0 });

    // The site lost the set (restored from a backup, say): the next sync puts it back.
    const lost = await fetch(new URL('moderation/rules', server.url), {
      method: 'PUT',
      headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: JSON.stringify({ rules: [] }),
    });
    expect(lost.status).toBe(200);
    await ws.remote.sync(target.id);
    expect(await ws.remote.drain(target.id)).toMatchObject({ delivered: 1 });
    expect((await held(server)).rules).toEqual(ours.rules);
  });
});

describe('a site backend without /moderation/rules', () => {
  it('answers 404: the push is done (nothing to screen with there), and a sync does not fail on it', async () => {
    const { createServer } = await import('node:http');
    const seen: string[] = [];
    const server = createServer((req, res) => {
      seen.push(`${req.method} ${req.url}`);
      const page = JSON.stringify({ items: [], nextCursor: 'c0', hasMore: false });
      const found = req.method === 'GET' && /^\/api\/(comments|votes)\?/.test(req.url ?? '');
      res.writeHead(found ? 200 : 404, { 'content-type': 'application/json' });
      res.end(found ? page : JSON.stringify({ error: { code: 'not_found', message: 'No such route' } }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/api/`;
    const ws = workspaceFor({ token: 'older-site-token' }, 2_000);
    const target = ws.remote.saveTarget({ name: 'site', kind: 'site', baseUrl: url, autoPublish: false });
    new ModerationService(ws.db, ws.events).saveRule(null, { kind: 'banned_phrase', pattern: 'spamword', action: 'reject' });
    expect(await ws.remote.drain(target.id)).toMatchObject({ delivered: 1, failed: 0 });
    expect(seen).toContain('PUT /api/moderation/rules');
    await ws.remote.sync(target.id);
    expect(seen).toContain('GET /api/moderation/rules');
    expect(ws.remote.listOutbox().filter((row) => row.state !== 'done')).toEqual([]);
  });
});
