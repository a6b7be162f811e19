// The web host runs the outbox workers while it serves, and stops them when it closes; moderation
// decisions about pulled comments reach the target; conflicts come with their field diffs.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startWebHost, type WebHost } from '../../src/web/server';
import { EnvFileSecretStore } from '../../src/core/remote/secrets';
import { ModerationService } from '../../src/core/moderation/service';
import { conflictDiff } from '../../src/core/remote/conflict-diff';
import { doc, paragraph, text } from '../../src/shared/lexical/build';
import type { Workspace } from '../../src/core/workspace';
import { SiteApiServer } from '../fixtures/site-api-server';
import { useSiteBackends } from '../site/backends';
import { FAST, publishArticle } from './remote-helpers';
import { tempDir, tempWorkspace } from './helpers';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const clean of cleanups.splice(0).reverse()) await clean();
});

async function fixture(): Promise<SiteApiServer> {
  const server = await new SiteApiServer().start();
  cleanups.push(() => server.stop());
  return server;
}

function workspaceFor(server: { token: string }, timeoutMs = 500): Workspace {
  return tempWorkspace({ seed: false, remote: { secrets: new EnvFileSecretStore({ COPYDESK_TARGET_SITE_TOKEN: server.token }, null), worker: FAST, timeoutMs } });
}

// The moderation push runs against the fixture and the real site server on both engines.
const BACKENDS = useSiteBackends();

async function host(ws: Workspace): Promise<WebHost> {
  const staticDir = tempDir();
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>app</title>');
  mkdirSync(join(staticDir, 'assets'));
  const started = await startWebHost({ workspace: ws, staticDir });
  let closed = false;
  cleanups.push(async () => {
    if (!closed) await started.close();
  });
  return { ...started, close: async () => ((closed = true), await started.close()) };
}

const until = async (check: () => boolean, ms = 5_000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('remote publishing wiring', () => {
  it('the web host starts the outbox workers (also for a target added later) and stops them on close', async () => {
    const server = await fixture();
    const ws = workspaceFor(server);
    const web = await host(ws);
    expect(ws.remote.running).toBe(true);
    // Added after start: it still gets a running worker.
    ws.remote.saveTarget({ name: 'site', kind: 'site', baseUrl: server.url, autoPublish: true });
    publishArticle(ws, 'Delivered by the host');
    await until(() => server.articles.size === 1 && ws.remote.networkStatus().length === 1);
    expect(ws.remote.networkStatus()).toEqual([expect.objectContaining({ online: true })]);

    await web.close();
    expect(ws.remote.running).toBe(false);
    publishArticle(ws, 'Queued after close');
    await new Promise((r) => setTimeout(r, 150));
    expect(server.articles.size).toBe(1);
    expect(ws.remote.listOutbox({ state: 'queued' })).toHaveLength(1);
  });

  it('reports offline on refused connections and online again once the target answers', async () => {
    const server = await fixture();
    const ws = workspaceFor(server);
    ws.remote.saveTarget({ name: 'site', kind: 'site', baseUrl: server.url, autoPublish: true });
    const seen: boolean[] = [];
    ws.events.on('network:status', (s) => seen.push(s.online));
    await server.goOffline();
    await host(ws);
    publishArticle(ws, 'Written offline');
    await until(() => seen.includes(false));
    expect(ws.remote.networkStatus()[0]).toMatchObject({ online: false, detail: expect.stringMatching(/ECONNREFUSED|cannot connect/) });
    await server.goOnline();
    await until(() => seen.length === 2);
    expect(server.articles.size).toBe(1);
    expect(seen).toEqual([false, true]);
  });

  it('a conflict lists remote against local field by field', () => {
    const body = (t: string) => doc(paragraph(text(t)));
    const diff = conflictDiff(
      { headline: 'Bridge closed', summary: 'Same', body: body('The bridge closed on Monday.') },
      { headline: 'Bridge reopens', summary: 'Same', body: body('The bridge reopens on Monday.') },
    );
    expect(diff.map((d) => d.key)).toEqual(['headline', 'body']);
    expect(diff[0]!.parts).toEqual([
      { kind: 'same', text: 'Bridge ' },
      { kind: 'removed', text: 'closed' },
      { kind: 'added', text: 'reopens' },
    ]);
  });
});

describe.each(BACKENDS)('moderation push ($name)', (backend) => {
  it('pushes a moderation decision about a pulled comment to its target exactly once (undo sends the restored state)', async () => {
    const server = await backend.start();
    cleanups.push(() => server.stop());
    const ws = workspaceFor(server, backend.timeoutMs);
    const target = ws.remote.saveTarget({ name: 'site', kind: 'site', baseUrl: server.url, autoPublish: false });
    const article = ws.articles.create({ headline: 'Commented' });
    const at = '2026-01-12T10:00:00Z';
    await server.addComments([{ id: 'r1', articleId: article.id, parentId: null, authorId: 'a1', authorName: 'Reader', body: 'Hello', status: 'pending', createdAt: at, updatedAt: at }]);
    await ws.remote.sync(target.id);
    const m = new ModerationService(ws.db, ws.events);
    const local = ws.db.prepare("SELECT id FROM comments WHERE remote_id = 'r1'").pluck().get() as number;
    const unsent = () => m.queue({ queue: 'approved', filter: {}, sort: 'newest', cursor: null, limit: 50 }).items.map((i) => i.unsent);
    const { logId } = m.act({ action: 'approve', target: { ids: [local] } });
    // The queue card says "Not sent" until the decision reaches the site.
    expect(unsent()).toEqual([true]);
    ws.remote.pushModeration();
    expect(await ws.remote.drain(target.id)).toMatchObject({ delivered: 1 });
    expect(unsent()).toEqual([false]);
    expect(server.applied).toEqual([expect.objectContaining({ op: 'moderate', decisions: [{ action: 'approve', commentId: 'r1', reason: '' }] })]);
    expect(m.unpushed().map((e) => e.id)).not.toContain(logId);
    m.act({ action: 'spam', target: { ids: [local] } });
    await ws.remote.drain(target.id);
    expect(server.applied.map((a) => a.decisions)).toEqual([[expect.objectContaining({ action: 'approve' })], [expect.objectContaining({ action: 'spam', commentId: 'r1' })]]);
    // Nothing new: nothing sent again.
    expect(ws.remote.pushModeration()).toBe(0);
    // A real site reports the decided comment as changed; pulling that echo back changes nothing
    // and sends nothing.
    await ws.remote.sync(target.id);
    expect(ws.remote.pushModeration()).toBe(0);
    expect(ws.db.prepare("SELECT status FROM comments WHERE remote_id = 'r1'").pluck().get()).toBe('spam');
  });
});
