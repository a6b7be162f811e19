// src/main/index.ts keeps target tokens with safeStorage (electron mocked) and runs the outbox
// workers from start to quit; plaintext storage on Linux basic_text needs the Settings opt-in.
import { EventEmitter } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SiteApiServer } from '../fixtures/site-api-server';

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
}));

vi.mock('electron', async () => (await import('./electron-fake')).fakeElectron(fake));

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'copydesk-main-remote-'));
  dirs.push(dir);
  return dir;
};
let server: SiteApiServer | null = null;

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

beforeEach(() => {
  vi.resetModules();
  fake.loaded.length = 0;
  fake.windows.length = 0;
  fake.ipcHandlers.clear();
  fake.backend = 'gnome_libsecret';
  fake.dialogAnswer = 0;
  fake.dialogs = 0;
});

afterEach(async () => {
  fake.app?.emit('will-quit');
  fake.app?.removeAllListeners();
  vi.unstubAllEnvs();
  await server?.stop();
  server = null;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('main process: remote publishing', () => {
  it('stores the token with safeStorage in userData, never returns it, and its worker publishes until quit', async () => {
    server = await new SiteApiServer().start();
    const call = await startApp();
    const saved = await call<{ id: string; hasCredentials: boolean }>('targets:save', { name: 'site', kind: 'site', baseUrl: server.url, credential: server.token });
    expect(saved.ok).toBe(true);
    expect(saved.value.hasCredentials).toBe(true);
    expect(JSON.stringify(saved.value)).not.toContain(server.token);
    const file = join(fake.userData, 'credentials.json');
    expect(existsSync(file)).toBe(true);
    expect(readFileSync(file, 'utf8')).not.toContain(server.token);
    expect((await call<{ kind: string }>('credentials:get')).value.kind).toBe('keyring');

    const created = await call<Record<string, unknown> & { id: string; revision: number }>('articles:create', { headline: 'From the app' });
    const { id, revision, createdAt: _c, updatedAt: _u, publishedAt: _p, trashedAt: _t, ...fields } = created.value;
    const published = await call('articles:save', { ...fields, id, status: 'published', expectedRevision: revision });
    expect(published.ok).toBe(true);
    // Nobody drains by hand: the worker main started delivers it, with the decrypted token.
    await vi.waitFor(() => expect(server!.articles.has(id)).toBe(true), { timeout: 5_000 });

    fake.app.emit('will-quit');
    await new Promise((r) => setTimeout(r, 50));
    const requests = server.requests;
    await new Promise((r) => setTimeout(r, 2_500));
    expect(server.requests).toBe(requests);
  });

  it('issue 18.13: without a keyring, only a yes in main\'s dialog allows storing; the renderer cannot set it', async () => {
    fake.backend = 'basic_text';
    const call = await startApp();
    expect((await call<{ kind: string; needsConsent: boolean }>('credentials:get')).value).toMatchObject({ kind: 'plaintext', needsConsent: true, plaintextAllowed: false });
    const refused = await call('targets:save', { name: 'site', kind: 'site', baseUrl: 'http://127.0.0.1:9/api/', credential: 'tok' });
    expect(refused.ok).toBe(false);
    expect(refused.error.message).toMatch(/without a keyring/);

    // The page asks; main shows the dialog; the person cancels: nothing is allowed.
    const cancelled = await call<{ plaintextAllowed: boolean }>('credentials:update', { allowPlaintext: true });
    expect(fake.dialogs).toBe(1);
    expect(cancelled.value.plaintextAllowed).toBe(false);
    expect((await call('targets:save', { name: 'site', kind: 'site', baseUrl: 'http://127.0.0.1:9/api/', credential: 'tok' })).ok).toBe(false);

    fake.dialogAnswer = 1;
    expect((await call<{ plaintextAllowed: boolean }>('credentials:update', { allowPlaintext: true })).value.plaintextAllowed).toBe(true);
    expect(fake.dialogs).toBe(2);
    const stored = await call<{ hasCredentials: boolean }>('targets:save', { name: 'site', kind: 'site', baseUrl: 'http://127.0.0.1:9/api/', credential: 'tok' });
    expect(stored.value.hasCredentials).toBe(true);
    // Kept by main in userData, not in the workspace the page's calls can change.
    expect(JSON.parse(readFileSync(join(fake.userData, 'credential-consent.json'), 'utf8'))).toMatchObject({ plaintextAllowed: true });

    // Withdrawing needs no dialog.
    expect((await call<{ plaintextAllowed: boolean }>('credentials:update', { allowPlaintext: false })).value.plaintextAllowed).toBe(false);
    expect(fake.dialogs).toBe(2);
    expect(existsSync(join(fake.userData, 'credential-consent.json'))).toBe(false);
  });

  it('issue 18.13: the old workspace setting no longer counts as consent', async () => {
    fake.backend = 'basic_text';
    const workspaceDir = tempDir();
    const { openWorkspace } = await import('../../src/core/workspace');
    const ws = openWorkspace(workspaceDir);
    ws.db.prepare("INSERT INTO meta (key, value) VALUES ('credentials.allow_plaintext', '1')").run();
    ws.close();
    const call = await startApp(workspaceDir);
    expect((await call<{ plaintextAllowed: boolean }>('credentials:get')).value.plaintextAllowed).toBe(false);
    expect((await call('targets:save', { name: 'site', kind: 'site', baseUrl: 'http://127.0.0.1:9/api/', credential: 'tok' })).ok).toBe(false);
  });
});
