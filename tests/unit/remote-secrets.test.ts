import { chmodSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempWorkspace, tempDir } from './helpers';
import { FAST, publishArticle, remoteFor } from './remote-helpers';
import { SiteApiServer } from '../fixtures/site-api-server';
import { EnvFileSecretStore, envVarName } from '../../src/core/remote/secrets';
import { createHandlers } from '../../src/core/api/handlers';
import { dispatch } from '../../src/core/api/dispatch';
import { exportArticles } from '../../src/core/io/export';

const servers: SiteApiServer[] = [];
afterEach(async () => {
  while (servers.length) await servers.pop()!.stop();
});

describe('EnvFileSecretStore (CLI and web host)', () => {
  it('reads COPYDESK_TARGET_<NAME>_TOKEN first, then a 0600 JSON file', () => {
    const file = join(tempDir(), 'creds.json');
    writeFileSync(file, JSON.stringify({ site: 'from-file' }), { mode: 0o600 });
    expect(new EnvFileSecretStore({}, file).get({ id: 'x', name: 'site' })).toBe('from-file');
    expect(new EnvFileSecretStore({ [envVarName('site')]: 'from-env' }, file).get({ id: 'x', name: 'site' })).toBe('from-env');
    expect(envVarName('site')).toBe('COPYDESK_TARGET_SITE_TOKEN');
  });

  it('refuses a credentials file other users can read, saying how to fix it', () => {
    const file = join(tempDir(), 'creds.json');
    writeFileSync(file, JSON.stringify({ site: 'leaky' }));
    chmodSync(file, 0o644);
    expect(() => new EnvFileSecretStore({}, file).get({ id: 'x', name: 'site' })).toThrow(/mode 0644.*chmod 600/);
  });

  it('writes the file with mode 0600', () => {
    const file = join(tempDir(), 'creds.json');
    new EnvFileSecretStore({}, file).set({ id: 'x', name: 'blog' }, 'k');
    expect(readFileSync(file, 'utf8')).toContain('"blog"');
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });
});

describe('secrets never leak', () => {
  it('a known token appears in no log line, error, contract reply, outbox payload or export during a run with failures', async () => {
    const SECRET = 'sk-NEVER-LEAK-7f3a9c';
    const server = await new SiteApiServer({ token: SECRET, faults: ['503', 'drop_after_commit'] }).start();
    servers.push(server);
    const ws = tempWorkspace();
    const captured: string[] = [];
    const log = (...parts: unknown[]) => captured.push(parts.map((p) => (p instanceof Error ? `${p.message} ${p.stack}` : JSON.stringify(p))).join(' '));
    const secrets = new EnvFileSecretStore({}, join(tempDir(), 'creds.json'));
    const remote = remoteFor(ws, {}, { secrets, worker: { ...FAST, leaseTtlMs: 1, onError: log } });
    ws.events.on('outbox:changed', log);
    ws.events.on('network:status', log);
    const handlers = createHandlers({ ...ws, remote });
    const call = async (name: string, input?: unknown) => log(await dispatch(handlers, name, input, { onInternalError: (_n, e) => log(e) }));
    await call('targets:save', { name: 'site', kind: 'site', baseUrl: server.url, credential: SECRET });
    const target = remote.listTargets()[0]!;
    publishArticle(ws, 'Leak test');
    await remote.drain(target.id);
    // A wrong token: 401 errors carry no credential either.
    const bad = remoteFor(ws, { COPYDESK_TARGET_SITE_TOKEN: `${SECRET}-wrong` }, { worker: { ...FAST, leaseTtlMs: 1 } });
    publishArticle(ws, 'Second');
    await bad.drain(target.id);
    await call('targets:list');
    await call('targets:test', { id: target.id });
    await call('outbox:list', {});
    for (const row of remote.listOutbox()) await call('outbox:payload', { id: row.id });
    await call('conflicts:list');
    const dir = tempDir();
    await exportArticles(ws, dir, 'json');
    for (const name of readdirSync(dir)) captured.push(readFileSync(join(dir, name), 'utf8'));
    for (const row of ws.db.prepare('SELECT * FROM outbox').all()) log(row);
    captured.push(readFileSync(join(ws.dir, 'copydesk.db')).toString('latin1'));
    expect(captured.join('\n')).toContain('HTTP 401');
    expect(captured.join('\n')).not.toContain(SECRET);
  });
});
