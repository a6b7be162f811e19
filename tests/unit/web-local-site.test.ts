// The web host offers "Start a local site" through the same contract calls as the desktop, when
// its host gave it a LocalSite, and stops that site when it closes; without one, a sentence.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LocalSite } from '../../src/core/local-site/local-site';
import { isAlive, type LaunchCli } from '../../src/core/local-site/process';
import { EnvFileSecretStore } from '../../src/core/remote/secrets';
import { startWebHost, type WebHost } from '../../src/web/server';
import { tempDir, tempWorkspace } from './helpers';
import { callApi, tempStaticDir, useWebHost } from './web-helpers';


// Each test starts real site processes from source; on a busy 2-core machine that takes a while.
vi.setConfig({ testTimeout: 90_000 });
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const pids: number[] = [];
const launch: LaunchCli = (args) => {
  const child = spawn(process.execPath, ['scripts/run-ts.js', 'tests/site/site-cli-process.ts', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  if (args[1] === 'serve' && child.pid) pids.push(child.pid);
  return child;
};

let host: WebHost | null = null;
afterEach(async () => {
  await host?.close();
  host = null;
  for (const pid of pids.splice(0)) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
});

const startHost = useWebHost();

describe('web host: the local site', () => {
  it('starts it through localsite:start, and closing the host stops it', async () => {
    const ws = tempWorkspace({ seed: false, remote: { secrets: new EnvFileSecretStore({}, join(tempDir(), 'credentials.json')) } });
    const localSite = new LocalSite({ workspaceDir: ws.dir, remote: ws.remote, launch, startTimeoutMs: 60_000 });
    host = await startWebHost({ workspace: ws, staticDir: tempStaticDir(), localSite });
    const reply = await callApi(host.port, host.token, 'localsite:start', {});
    expect(reply.status).toBe(200);
    const status = (JSON.parse(reply.body) as { value: { state: string; url: string } }).value;
    expect(status.state).toBe('running');
    expect((await fetch(new URL('healthz', status.url))).status).toBe(200);
    const targets = JSON.parse((await callApi(host.port, host.token, 'targets:list', {})).body) as { value: { name: string; baseUrl: string }[] };
    expect(targets.value).toEqual([expect.objectContaining({ name: 'local_site', baseUrl: status.url })]);

    await host.close();
    host = null;
    expect(pids.every((pid) => !isAlive(pid))).toBe(true);
  });

  it('a host without one answers with a sentence', async () => {
    const plain = await startHost();
    const reply = await callApi(plain.port, plain.token, 'localsite:get', {});
    expect(reply.status).toBe(400);
    expect(JSON.parse(reply.body)).toMatchObject({ ok: false, error: { message: 'This copy of Copydesk cannot run a local site. Run one with `copydesk site serve` and add it as a target.' } });
  });
});
