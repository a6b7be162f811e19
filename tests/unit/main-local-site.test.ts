// src/main/index.ts wires "Start a local site for this workspace" (electron mocked): the contract
// calls reach core's LocalSite, the site runs as a utility process running the CLI bundle with
// its arguments in COPYDESK_CLI_ARGS, its token goes to safeStorage, and quitting stops it.
import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { isAlive } from '../../src/core/local-site/process';


// Each test starts real site processes from source; on a busy 2-core machine that takes a while.
vi.setConfig({ testTimeout: 90_000 });
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

type Listener = (event: unknown, input?: unknown) => unknown;

const fake = vi.hoisted(() => ({
  app: null as unknown as EventEmitter & { whenReady: () => Promise<void> },
  loaded: [] as string[],
  windows: [] as { webContents: { mainFrame: { url: string } } }[],
  ipcHandlers: new Map<string, Listener>(),
  userData: '',
  backend: 'gnome_libsecret',
  /** The button main's consent dialog is answered with (0 Cancel, 1 Store without a keyring). */
  dialogAnswer: 0,
  dialogs: 0,
  fork: (() => undefined) as unknown as (modulePath: string, args: string[], options: { env: Record<string, string> }) => unknown,
}));

vi.mock('electron', async () =>
  (await import('./electron-fake')).fakeElectron(fake, {
    // The local site's utility process: a real child process running the site from source.
    utilityProcess: { fork: (modulePath: string, args: string[], options: { env: Record<string, string> }) => fake.fork(modulePath, args, options) },
  }),
);

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'copydesk-main-remote-'));
  dirs.push(dir);
  return dir;
};

async function startApp(workspaceDir = tempDir()) {
  vi.stubEnv('COPYDESK_WORKSPACE', workspaceDir);
  vi.stubEnv('ELECTRON_RENDERER_URL', '');
  fake.userData = tempDir();
  await import('../../src/main/index');
  await vi.waitFor(() => expect(fake.loaded).toHaveLength(1));
  const window = fake.windows[0]!;
  const sender = { sender: window.webContents, senderFrame: window.webContents.mainFrame };
  return async <T>(name: string, input?: unknown): Promise<{ ok: boolean; value: T; error: { message: string } }> =>
    (await fake.ipcHandlers.get(name)!(sender, input)) as { ok: boolean; value: T; error: { message: string } };
}

const forks: { modulePath: string; args: string[]; env: Record<string, string>; child: ChildProcess }[] = [];

beforeEach(() => {
  vi.resetModules();
  fake.loaded.length = 0;
  fake.windows.length = 0;
  fake.ipcHandlers.clear();
  fake.fork = (modulePath, args, options) => {
    // What the utility process would run (the CLI bundle with these arguments), run from source.
    const child = spawn(process.execPath, ['scripts/run-ts.js', 'tests/site/site-cli-process.ts', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    forks.push({ modulePath, args, env: options.env, child });
    return child;
  };
});

afterEach(async () => {
  fake.app?.emit('will-quit');
  fake.app?.removeAllListeners();
  vi.unstubAllEnvs();
  for (const { child } of forks.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('main process: the local site', () => {
  it('starts on request as a utility process of the CLI bundle, keeps its token in safeStorage, and stops on quit', async () => {
    const call = await startApp();
    expect((await call<{ state: string }>('localsite:get')).value.state).toBe('stopped');
    const started = await call<{ state: string; url: string; targetId: string }>('localsite:start');
    expect(started.ok).toBe(true);
    expect(started.value.state).toBe('running');

    const serve = forks.find((f) => f.args[1] === 'serve')!;
    expect(serve.modulePath).toMatch(/[\\/]cli[\\/]index\.js$/);
    expect(JSON.parse(serve.env.COPYDESK_CLI_ARGS!)).toEqual(serve.args);
    expect(serve.args).toEqual(expect.arrayContaining(['--host', '127.0.0.1', '--data']));
    // The pages carry the workspace's site title.
    expect(serve.args.slice(serve.args.indexOf('--title'), serve.args.indexOf('--title') + 2)).toEqual(['--title', 'Copydesk']);
    expect((await fetch(new URL('healthz', started.value.url))).status).toBe(200);

    // The target is there, its token sealed by safeStorage in userData.
    const [target] = (await call<{ id: string; name: string; hasCredentials: boolean }[]>('targets:list')).value;
    expect(target).toMatchObject({ id: started.value.targetId, name: 'local_site', hasCredentials: true });
    const sealed = readFileSync(join(fake.userData, 'credentials.json'), 'utf8');
    expect(sealed).not.toMatch(/cds_/);
    expect((await call<{ ok: boolean }>('targets:test', { id: target!.id })).value.ok).toBe(true);

    // Quitting stops the server: no orphan.
    const pid = serve.child.pid!;
    fake.app.emit('will-quit');
    await vi.waitFor(() => expect(isAlive(pid)).toBe(false), { timeout: 15_000 });
    await expect(fetch(new URL('healthz', started.value.url))).rejects.toThrow();
  });

  it('refuses input that is not the contract’s', async () => {
    const call = await startApp();
    const refused = await call('localsite:start', { port: 80 });
    expect(refused.ok).toBe(false);
    expect(forks).toHaveLength(0);
  });
});
