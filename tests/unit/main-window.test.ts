import { beforeEach, describe, expect, it, vi } from 'vitest';

const created = vi.hoisted(() => [] as FakeWindowShape[]);
interface FakeWindowShape {
  options: unknown;
  loadURL: ReturnType<typeof vi.fn>;
  loadFile: ReturnType<typeof vi.fn>;
  show: ReturnType<typeof vi.fn>;
  maximize: ReturnType<typeof vi.fn>;
  emit(name: string, ...args: unknown[]): boolean;
  webContents: { on: ReturnType<typeof vi.fn>; setWindowOpenHandler: ReturnType<typeof vi.fn>; session: Record<string, ReturnType<typeof vi.fn>> };
}

vi.mock('electron', async () => {
  const { EventEmitter: Emitter } = await import('node:events');
  class BrowserWindow extends Emitter {
    options: unknown;
    loadURL = vi.fn(async () => undefined);
    loadFile = vi.fn(async () => undefined);
    show = vi.fn();
    maximize = vi.fn();
    getNormalBounds = () => ({ x: 0, y: 0, width: 1000, height: 700 });
    isMaximized = () => false;
    webContents = {
      mainFrame: {},
      on: vi.fn(),
      setWindowOpenHandler: vi.fn(),
      session: { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn() },
    };
    constructor(options: unknown) {
      super();
      this.options = options;
      created.push(this as unknown as FakeWindowShape);
    }
  }
  return { BrowserWindow };
});

const { appUrlOf, createMainWindow, isAppWindowContents, rendererSource, windowOptions } = await import('../../src/main/window');


describe('windowOptions', () => {
  const options = windowOptions('/app/out/preload/index.cjs', { x: 10, y: 20, width: 1200, height: 800 });

  it('isolates and sandboxes the renderer, with no Node and web security on', () => {
    expect(options.webPreferences).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      webviewTag: false,
      spellcheck: true,
    });
  });

  it('stays hidden until painted, is titled Copydesk, and uses the given bounds with a minimum size', () => {
    expect(options).toMatchObject({ show: false, title: 'Copydesk', x: 10, y: 20, width: 1200, height: 800 });
    expect(options.minWidth).toBeGreaterThanOrEqual(600);
    expect(options.minHeight).toBeGreaterThanOrEqual(400);
  });
});

describe('rendererSource', () => {
  const dir = '/app/out/renderer';

  it('uses the electron-vite dev server in development', () => {
    expect(rendererSource(dir, { ELECTRON_RENDERER_URL: 'http://localhost:5173' }, false)).toEqual({ kind: 'url', url: 'http://localhost:5173/' });
  });

  it('ignores the variable in a packaged app, and a non-web URL anywhere', () => {
    expect(rendererSource(dir, { ELECTRON_RENDERER_URL: 'https://evil.example/' }, true)).toEqual({ kind: 'app', dir });
    expect(rendererSource(dir, { ELECTRON_RENDERER_URL: 'javascript:alert(1)' }, false)).toEqual({ kind: 'app', dir });
    expect(rendererSource(dir, {}, false)).toEqual({ kind: 'app', dir });
  });

  it('issue 18.10: derives the app URL from the source: the built app is on copydesk-app://, never file://', () => {
    expect(appUrlOf({ kind: 'app', dir })).toBe('copydesk-app://app/index.html');
    expect(appUrlOf({ kind: 'url', url: 'http://localhost:5173/' })).toBe('http://localhost:5173/');
  });
});

describe('createMainWindow', () => {
  beforeEach(() => {
    created.length = 0;
  });

  const base = {
    preloadPath: '/app/out/preload/index.cjs',
    state: { bounds: { width: 1000, height: 700 }, maximized: false },
    stateFile: '/nonexistent/window-state.json',
    openExternal: vi.fn(),
  };

  it('issue 18.10: loads the built app from copydesk-app:// (not file://) and shows the window only when ready to show', () => {
    const window = createMainWindow({ ...base, source: { kind: 'app', dir: '/app/out/renderer' } }) as unknown as FakeWindowShape;
    expect(window.loadURL).toHaveBeenCalledWith('copydesk-app://app/index.html');
    expect(window.loadFile).not.toHaveBeenCalled();
    expect(window.show).not.toHaveBeenCalled();
    window.emit('ready-to-show');
    expect(window.show).toHaveBeenCalledTimes(1);
    expect(window.maximize).not.toHaveBeenCalled();
  });

  it('loads the dev server URL and restores the maximized state', () => {
    const window = createMainWindow({
      ...base,
      state: { ...base.state, maximized: true },
      source: { kind: 'url', url: 'http://localhost:5173/' },
    }) as unknown as FakeWindowShape;
    expect(window.loadURL).toHaveBeenCalledWith('http://localhost:5173/');
    expect(window.maximize).toHaveBeenCalled();
  });

  it('installs the navigation guards on its webContents, and marks them as the app window contents', () => {
    const window = createMainWindow({ ...base, source: { kind: 'app', dir: '/app/out/renderer' } }) as unknown as FakeWindowShape;
    const events = window.webContents.on.mock.calls.map((call) => call[0]);
    expect(events).toEqual(expect.arrayContaining(['will-navigate', 'will-frame-navigate', 'will-redirect', 'will-attach-webview']));
    expect(isAppWindowContents(window.webContents as never)).toBe(true);
    expect(isAppWindowContents({ mainFrame: {} } as never)).toBe(false);
    expect(window.webContents.setWindowOpenHandler).toHaveBeenCalled();
    expect(window.webContents.session.setPermissionRequestHandler).toHaveBeenCalled();
  });
});
