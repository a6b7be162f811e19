// Issue 16.11 (the CLI says what it waits for, and Ctrl+C leaves everything queued) and 16.9
// (publish --target sends only what changed; --all forces), through the real `copydesk` main.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempWorkspace } from './helpers';
import { fields, publishArticle, remoteFor, useGhostServers } from './remote-helpers';
import { GhostServer } from '../fixtures/ghost-server';
import { DATABASE_FILE, openWorkspace } from '../../src/core/workspace';
import type { CliIO } from '../../src/cli/io';

const startGhost = useGhostServers();

function cli(env: Record<string, string>) {
  const out: string[] = [];
  const err: string[] = [];
  const stop = new AbortController();
  const io: CliIO & { stderr: { write(c: string): unknown } } = { stdout: { write: (c: string) => out.push(c) }, stderr: { write: (c: string) => err.push(c) }, env, signal: stop.signal };
  return { io, out, err, stop };
}

const KEY = `${'a'.repeat(24)}:${'b'.repeat(64)}`;

describe('issue 16.11: the CLI says what it waits for', () => {
  it('issue 16.11: with the outbox held by a run that crashed, it names the wait and its lease time; Ctrl+C leaves the row queued and exits 130', async () => {
    const { main } = await import('../../src/cli/index');
    const ws = tempWorkspace();
    const target = remoteFor(ws, {}).saveTarget({ name: 'blog', kind: 'ghost', baseUrl: 'http://127.0.0.1:9/', autoPublish: false });
    publishArticle(ws, 'Waiting');
    ws.close();
    // A process killed with -9 leaves its lease behind until it expires.
    const db = new Database(join(ws.dir, DATABASE_FILE));
    db.prepare('INSERT INTO outbox_leases (target_id, owner, expires_at) VALUES (?, ?, ?)').run(target.id, 'crashed-run', Date.now() + 12_000);
    db.close();
    const run = cli({ COPYDESK_TARGET_BLOG_TOKEN: KEY });
    // Ctrl+C as soon as it says what it waits for.
    run.io.stderr.write = (c: string) => {
      run.err.push(c);
      run.stop.abort();
    };
    expect(await main(['publish', '--target', 'blog', '--workspace', ws.dir], run.io)).toBe(130);
    const said = run.err.join('');
    expect(said).toMatch(/Waiting for the outbox of blog: another Copydesk process held it .*its lease expires in 1[12] s\. Ctrl\+C leaves everything queued\./);
    expect(said).toContain('Stopped. Nothing was lost');
    const after = new Database(join(ws.dir, DATABASE_FILE));
    expect(after.prepare('SELECT state FROM outbox').pluck().all()).toEqual(['queued']);
    after.close();
  });

  it('issue 16.11: with Ghost down, publish --target says so and returns at once, leaving the row queued', async () => {
    const { main } = await import('../../src/cli/index');
    // A port nothing listens on: Ghost is down.
    const gone = await new GhostServer().start();
    await gone.stop();
    const ws = tempWorkspace();
    remoteFor(ws, {}).saveTarget({ name: 'blog', kind: 'ghost', baseUrl: gone.url, autoPublish: false });
    publishArticle(ws, 'Down');
    ws.close();
    const run = cli({ COPYDESK_TARGET_BLOG_TOKEN: KEY });
    expect(await main(['publish', '--target', 'blog', '--workspace', ws.dir], run.io)).toBe(0);
    expect(run.err.join('')).toMatch(/blog is not reachable \(.*cannot connect \(ECONNREFUSED\)\)\. What could not be sent stays queued/);
    expect(run.out.join('')).toContain('blog: 1 queued, 0 delivered, 0 need attention, the rest still queued');
  });
});

describe('issue 16.9: publish --target sends only what changed', () => {
  it('issue 16.9: a second run sends nothing, an edit sends one article, --all sends every one', async () => {
    const { main } = await import('../../src/cli/index');
    const ghost = await startGhost();
    const ws = tempWorkspace();
    remoteFor(ws, {}).saveTarget({ name: 'blog', kind: 'ghost', baseUrl: ghost.url, autoPublish: false });
    const [first] = ['One', 'Two', 'Three'].map((h) => publishArticle(ws, h));
    ws.close();
    const publish = async (...extra: string[]) => {
      const run = cli({ COPYDESK_TARGET_BLOG_TOKEN: ghost.adminKey });
      expect(await main(['publish', '--target', 'blog', ...extra, '--workspace', ws.dir], run.io)).toBe(0);
      return run.out.join('');
    };
    const writes = () => (ghost.requests.get('POST /posts/') ?? 0) + (ghost.requests.get('PUT /posts/:id/') ?? 0);

    expect(await publish()).toContain('blog: 3 queued, 3 delivered');
    expect(writes()).toBe(3);
    expect(await publish()).toContain('blog: 0 queued, 0 delivered');
    expect(writes()).toBe(3);

    const again = openWorkspace(ws.dir, { seed: false });
    again.articles.save({ ...fields(again.articles.get(first!.id)), headline: 'One, updated' });
    again.close();
    expect(await publish()).toContain('blog: 1 queued, 1 delivered');
    expect(writes()).toBe(4);
    expect([...ghost.posts.values()].map((p) => p.title).sort()).toEqual(['One, updated', 'Three', 'Two']);

    expect(await publish('--all')).toContain('blog: 3 queued, 3 delivered');
    expect(ghost.violations).toEqual([]);
  });
});
