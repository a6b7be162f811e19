// The app entry (src/main/index.ts) against a mocked electron and a real workspace on disk.
import { EventEmitter } from 'node:events';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi, type Mock } from 'vitest';
import { CALL_NAMES } from '../../src/shared/contract/names';

type Listener = (event: unknown, input?: unknown) => unknown;

interface FakeWindow extends EventEmitter {
  options: unknown;
  loadURL: Mock<(url: string) => Promise<void>>;
  restore: Mock<() => void>;
  focus: Mock<() => void>;
  webContents: { send: Mock<(name: string, payload: unknown) => void>; mainFrame: { url: string } };
}

interface FakeApp extends EventEmitter {
  enableSandbox: Mock<() => void>;
  whenReady: Mock<() => Promise<void>>;
  quit: Mock<() => void>;
  exit: Mock<(code: number) => void>;
}

const fake = vi.hoisted(() => ({
  app: null as unknown as FakeApp,
  windows: [] as FakeWindow[],
  ipcHandlers: new Map<string, Listener>(),
  protocolHandlers: new Map<string, (request: Request) => Promise<Response>>(),
  privilegedSchemes: [] as { scheme: string }[],
  schemeDeclarations: 0,
  showErrorBox: null as unknown as Mock<(title: string, content: string) => void>,
  userData: '',
  lock: true,
}));

vi.mock('electron', async () => {
  const { EventEmitter: Emitter } = await import('node:events');
  const app = Object.assign(new Emitter(), {
    isPackaged: false,
    requestSingleInstanceLock: vi.fn(() => fake.lock),
    enableSandbox: vi.fn(),
    whenReady: vi.fn(() => Promise.resolve()),
    getPath: vi.fn(() => fake.userData),
    quit: vi.fn(),
    exit: vi.fn(),
  });
  fake.app = app as unknown as typeof fake.app;
  fake.showErrorBox = vi.fn();
  class BrowserWindow extends Emitter {
    loadFile = vi.fn(async () => undefined);
    loadURL = vi.fn(async (url: string) => void (this.webContents.mainFrame.url = url));
    show = vi.fn();
    focus = vi.fn();
    restore = vi.fn();
    maximize = vi.fn();
    isMinimized = vi.fn(() => true);
    isDestroyed = vi.fn(() => false);
    isMaximized = vi.fn(() => false);
    getNormalBounds = vi.fn(() => ({ x: 0, y: 0, width: 1000, height: 700 }));
    webContents = {
      mainFrame: { url: '' },
      on: vi.fn(),
      send: vi.fn(),
      setWindowOpenHandler: vi.fn(),
      session: { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn() },
    };
    constructor(readonly options: unknown) {
      super();
      fake.windows.push(this as unknown as FakeWindow);
    }
  }
  const display = { id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1080 } };
  return {
    app,
    BrowserWindow,
    dialog: { showErrorBox: (title: string, content: string) => fake.showErrorBox(title, content) },
    ipcMain: {
      handle: (name: string, listener: Listener) => fake.ipcHandlers.set(name, listener),
      removeHandler: (name: string) => fake.ipcHandlers.delete(name),
    },
    screen: { getPrimaryDisplay: () => display, getAllDisplays: () => [display] },
    shell: { openExternal: vi.fn(async () => undefined), openPath: vi.fn(async () => '') },
    Menu: { buildFromTemplate: vi.fn(() => ({})), setApplicationMenu: vi.fn() },
    protocol: {
      registerSchemesAsPrivileged: (schemes: { scheme: string }[]) => {
        fake.schemeDeclarations += 1;
        fake.privilegedSchemes.push(...schemes);
      },
      handle: (scheme: string, handler: (request: Request) => Promise<Response>) => fake.protocolHandlers.set(scheme, handler),
      unhandle: (scheme: string) => fake.protocolHandlers.delete(scheme),
    },
  };
});

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'copydesk-main-'));
  dirs.push(dir);
  return dir;
}

/** An IPC event from the main frame of one of the app's windows. */
function fromWindow(window: FakeWindow) {
  return { sender: window.webContents, senderFrame: window.webContents.mainFrame };
}

async function startApp(workspaceDir: string) {
  vi.stubEnv('COPYDESK_WORKSPACE', workspaceDir);
  vi.stubEnv('ELECTRON_RENDERER_URL', '');
  fake.userData = tempDir();
  await import('../../src/main/index');
  await vi.waitFor(() => expect(fake.app.whenReady).toHaveBeenCalled());
  await new Promise((resolve) => setTimeout(resolve, 0));
}

beforeEach(() => {
  vi.resetModules();
  fake.windows.length = 0;
  fake.ipcHandlers.clear();
  fake.protocolHandlers.clear();
  fake.privilegedSchemes.length = 0;
  fake.schemeDeclarations = 0;
  fake.lock = true;
});

afterEach(() => {
  fake.app?.emit('will-quit');
  fake.app?.removeAllListeners();
  vi.unstubAllEnvs();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('main process entry', () => {
  it('opens the workspace, registers the contract over IPC, and shows one sandboxed window', async () => {
    await startApp(tempDir());
    expect(fake.app.enableSandbox).toHaveBeenCalled();
    expect([...fake.ipcHandlers.keys()].sort()).toEqual([...CALL_NAMES].sort());
    expect(fake.windows).toHaveLength(1);
    const window = fake.windows[0]!;
    expect(window.options).toMatchObject({ webPreferences: { preload: expect.stringMatching(/[/\\]preload[/\\]index\.cjs$/), sandbox: true } });
    expect(window.loadURL).toHaveBeenCalledWith('copydesk-app://app/index.html');
    expect(fake.showErrorBox).not.toHaveBeenCalled();
  });

  it('forwards workspace events to the window after an IPC call from the app page', async () => {
    await startApp(tempDir());
    const window = fake.windows[0]!;
    const result = (await fake.ipcHandlers.get('articles:create')!(fromWindow(window), { headline: 'Bridge reopens' })) as {
      ok: boolean;
      value: { id: string };
    };
    expect(result.ok).toBe(true);
    expect(window.webContents.send).toHaveBeenCalledWith('articles:changed', { ids: [result.value.id] });
  });

  it('focuses the existing window when a second instance starts', async () => {
    await startApp(tempDir());
    const window = fake.windows[0]!;
    fake.app.emit('second-instance');
    expect(window.restore).toHaveBeenCalled();
    expect(window.focus).toHaveBeenCalled();
    expect(fake.windows).toHaveLength(1);
  });

  it('issue 18.12: answers only the main frame of its own window, not a stranger at the app URL', async () => {
    await startApp(tempDir());
    const window = fake.windows[0]!;
    const info = fake.ipcHandlers.get('workspace:info')!;
    expect(await info(fromWindow(window))).toMatchObject({ ok: true });
    const stranger = { mainFrame: { url: 'copydesk-app://app/index.html' } };
    expect(await info({ sender: stranger, senderFrame: stranger.mainFrame })).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(await info({ sender: window.webContents, senderFrame: { url: 'copydesk-app://app/index.html' } })).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
  });

  it('issue 18.10: serves the built renderer on copydesk-app:// and guards every web contents created', async () => {
    await startApp(tempDir());
    expect(fake.protocolHandlers.has('copydesk-app')).toBe(true);
    expect(fake.app.listenerCount('web-contents-created')).toBe(1);
    fake.app.emit('will-quit');
    expect(fake.protocolHandlers.has('copydesk-app')).toBe(false);
  });

  it('declares both schemes in one call before ready and serves workspace images through the asset scheme', async () => {
    const dir = tempDir();
    await startApp(dir);
    expect(fake.schemeDeclarations).toBe(1);
    expect(fake.privilegedSchemes.map((s) => s.scheme)).toEqual(['copydesk-app', 'copydesk-asset']);
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360f8cf000000030101005d1f0d3f0000000049454e44ae426082', 'hex');
    writeFileSync(join(dir, 'assets', `${'a'.repeat(32)}.png`), png);
    const handler = fake.protocolHandlers.get('copydesk-asset')!;
    const ok = await handler(new Request(`copydesk-asset://asset/${'a'.repeat(32)}.png`));
    expect(ok.status).toBe(200);
    expect((await handler(new Request('copydesk-asset://asset/copydesk.db'))).status).toBe(404);
    fake.app.emit('will-quit');
    expect(fake.protocolHandlers.size).toBe(0);
  });

  it('issue 18.11: "Open in browser" writes to a private folder that quitting removes', async () => {
    await startApp(tempDir());
    const window = fake.windows[0]!;
    const sender = fromWindow(window);
    const created = (await fake.ipcHandlers.get('articles:create')!(sender, { headline: 'Draft' })) as { value: { id: string } };
    const opened = (await fake.ipcHandlers.get('preview:open')!(sender, { articleId: created.value.id })) as { ok: boolean; value: { file: string } };
    expect(opened.ok).toBe(true);
    const folder = dirname(opened.value.file);
    expect(statSync(folder).mode & 0o077).toBe(0);
    fake.app.emit('will-quit');
    expect(existsSync(folder)).toBe(false);
  });

  it('removes the IPC handlers when the app quits', async () => {
    await startApp(tempDir());
    fake.app.emit('will-quit');
    expect(fake.ipcHandlers.size).toBe(0);
  });

  it('shows the error and exits 1 when the workspace cannot be opened', async () => {
    const notADir = join(tempDir(), 'file');
    writeFileSync(notADir, 'not a workspace');
    await startApp(notADir);
    expect(fake.showErrorBox).toHaveBeenCalledWith(expect.stringContaining('workspace'), expect.any(String));
    expect(fake.app.exit).toHaveBeenCalledWith(1);
    expect(fake.windows).toHaveLength(0);
    expect(fake.ipcHandlers.size).toBe(0);
  });

  it('quits at once when another instance holds the lock', async () => {
    fake.lock = false;
    await import('../../src/main/index');
    expect(fake.app.quit).toHaveBeenCalled();
    expect(fake.app.whenReady).not.toHaveBeenCalled();
  });
});
