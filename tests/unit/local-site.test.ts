// Issue 13 item 6: "Start a local site for this workspace". core/local-site runs the site server
// as a real child process with its data in <workspace>/site/, gives the desk a token kept in the
// SecretStore (never in the workspace database), points the "local_site" target at it, and
// publishing through the outbox shows the article on that site. Restarts keep the address and
// the token; a server a crashed app left behind is stopped; a failure is a sentence.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LocalSite } from '../../src/core/local-site/local-site';
import { isAlive, type LaunchCli } from '../../src/core/local-site/process';
import { EnvFileSecretStore } from '../../src/core/remote/secrets';
import { openWorkspace, type Workspace } from '../../src/core/workspace';
import { openSiteDb } from '../../src/site/db/open';
import { TokenStore } from '../../src/site/store/tokens';
import { FAST, publishArticle } from './remote-helpers';
import { tempDir } from './helpers';


// Each test starts real site processes from source; on a busy 2-core machine that takes a while.
vi.setConfig({ testTimeout: 90_000 });
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** `copydesk site …` from source, in a process of its own (tests/site/site-cli-process.ts). */
const launch: LaunchCli = (args) => spawn(process.execPath, ['scripts/run-ts.js', 'tests/site/site-cli-process.ts', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const clean of cleanups.splice(0).reverse()) await clean();
});

function desk(dir: string, secretsFile: string): { ws: Workspace; site: LocalSite } {
  const ws = openWorkspace(dir, { seed: false, remote: { secrets: new EnvFileSecretStore({}, secretsFile), worker: FAST, timeoutMs: 10_000 } });
  const site = new LocalSite({ workspaceDir: ws.dir, remote: ws.remote, launch, startTimeoutMs: 60_000 });
  cleanups.push(() => ws.close());
  cleanups.push(() => site.stop());
  return { ws, site };
}

async function activeTokens(dataDir: string) {
  const db = await openSiteDb({ data: dataDir });
  try {
    return (await new TokenStore(db.db).list()).filter((t) => t.revokedAt === null);
  } finally {
    await db.close();
  }
}

describe('a local Copydesk site for the workspace (issue 13)', () => {
  it('starts a real site in <workspace>/site, publishes to it through the outbox, and keeps its token out of the database', async () => {
    const dir = tempDir('copydesk-local-site-');
    const secrets = join(tempDir(), 'credentials.json');
    const { ws, site } = desk(dir, secrets);
    expect(site.status()).toMatchObject({ state: 'stopped', url: null, targetId: null, dataDir: join(ws.dir, 'site') });

    const running = await site.start();
    expect(running.message).not.toMatch(/could not/);
    expect(running).toMatchObject({ state: 'running', dataDir: join(ws.dir, 'site') });
    expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const [target] = ws.remote.listTargets();
    expect(target).toMatchObject({ id: running.targetId, name: 'local_site', kind: 'site', baseUrl: running.url, autoPublish: true, hasCredentials: true });

    // The token lives in the SecretStore's file only; the workspace database never sees it.
    const token = (JSON.parse(readFileSync(secrets, 'utf8')) as Record<string, string>).local_site!;
    expect(token).toMatch(/^cds_/);
    expect(readFileSync(join(ws.dir, 'copydesk.db')).includes(Buffer.from(token))).toBe(false);
    expect((await activeTokens(site.dataDir)).map((t) => [t.name, t.scopes])).toEqual([['Copydesk desktop', ['publish', 'moderate']]]);
    expect(await ws.remote.testTarget(target!.id)).toMatchObject({ ok: true });

    // Publishing queues the article for the local site; delivered, it is a page there.
    const article = publishArticle(ws, 'Harbour ferry returns');
    await ws.remote.drain(target!.id);
    const page = await fetch(new URL(`${article.slug}/`, running.url!));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Harbour ferry returns');

    // Start twice: the same server.
    expect((await site.start()).url).toBe(running.url);
    await site.stop();
    expect(site.status()).toMatchObject({ state: 'stopped', url: null });
    await expect(fetch(new URL('healthz', running.url!))).rejects.toThrow();
  });

  it('after an app restart it comes back on the same address with the same token, and the article is still there', async () => {
    const dir = tempDir('copydesk-local-site-');
    const secrets = join(tempDir(), 'credentials.json');
    const first = desk(dir, secrets);
    const before = await first.site.start();
    const article = publishArticle(first.ws, 'Night market opens');
    await first.ws.remote.drain(before.targetId!);
    const token = readFileSync(secrets, 'utf8');
    await first.site.stop();
    first.ws.close();

    const second = desk(dir, secrets);
    expect(second.site.status()).toMatchObject({ state: 'stopped', targetId: before.targetId });
    const after = await second.site.start();
    expect(after).toMatchObject({ state: 'running', url: before.url, targetId: before.targetId });
    expect(readFileSync(secrets, 'utf8')).toBe(token);
    expect(await activeTokens(second.site.dataDir)).toHaveLength(1);
    expect((await fetch(new URL(`${article.slug}/`, after.url!))).status).toBe(200);
  });

  it('stops a server a crashed app left running, and replaces a token the site no longer accepts', async () => {
    const dir = tempDir('copydesk-local-site-');
    const secrets = join(tempDir(), 'credentials.json');
    const crashed = desk(dir, secrets);
    await crashed.site.start();
    const record = JSON.parse(readFileSync(join(crashed.site.dataDir, 'desktop-server.json'), 'utf8')) as { pid: number; url: string };
    expect(isAlive(record.pid)).toBe(true);
    // The token is revoked on the site meanwhile (by the operator, say).
    const db = await openSiteDb({ data: crashed.site.dataDir });
    await new TokenStore(db.db).revoke('Copydesk desktop');
    await db.close();

    // A new app on the same workspace: the crashed one never stopped its server.
    const restarted = desk(dir, secrets);
    const status = await restarted.site.start();
    expect(status.state).toBe('running');
    expect(isAlive(record.pid)).toBe(false);
    const [target] = restarted.ws.remote.listTargets();
    expect(await restarted.ws.remote.testTarget(target!.id)).toMatchObject({ ok: true });
    expect(await activeTokens(restarted.site.dataDir)).toHaveLength(1);
  });

  it('says in a sentence why it could not start', async () => {
    const dir = tempDir('copydesk-local-site-');
    const { ws, site } = desk(dir, join(tempDir(), 'credentials.json'));
    // The data folder's place is taken by a file.
    writeFileSync(join(ws.dir, 'site'), 'not a folder');
    const status = await site.start();
    expect(status).toMatchObject({ state: 'failed', url: null });
    expect(status.message).toBe(`The local site could not start: its data folder ${join(ws.dir, 'site')} cannot be made (is a file in its place?).`);
    expect(ws.remote.listTargets()).toEqual([]);
  });

  it('passes on the site command’s own sentence when the server cannot start, and takes another port when its last one is taken', async () => {
    const dir = tempDir('copydesk-local-site-');
    const { ws, site } = desk(dir, join(tempDir(), 'credentials.json'));
    mkdirSync(join(ws.dir, 'site'));
    writeFileSync(join(ws.dir, 'site', 'site.db'), 'this is not a database, just text long enough to be read as a header');
    const status = await site.start();
    expect(status).toMatchObject({ state: 'failed', url: null });
    expect(status.message).toBe('The local site could not start: file is not a database');

    // With a good database, but its last port taken by another program.
    rmSync(join(ws.dir, 'site', 'site.db'));
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => blocker.close(() => resolve())));
    const port = (blocker.address() as AddressInfo).port;
    ws.remote.saveTarget({ name: 'local_site', kind: 'site', baseUrl: `http://127.0.0.1:${port}/`, autoPublish: false });
    const moved = await site.start();
    expect(moved.state).toBe('running');
    expect(moved.url).not.toBe(`http://127.0.0.1:${port}/`);
    // The target follows it, keeping the person's auto-publish choice.
    expect(ws.remote.listTargets()[0]).toMatchObject({ baseUrl: moved.url, autoPublish: false, hasCredentials: true });
  });
});
