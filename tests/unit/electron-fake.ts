import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

/**
 * The electron that src/main sees in the main-process tests that load src/main/index.ts: an app
 * that is ready at once, windows that record what they load, ipcMain handlers kept in `fake`,
 * a consent dialog answered with `fake.dialogAnswer`, and a reversible safeStorage stand-in.
 * Use from a vi.mock factory: `vi.mock('electron', async () => (await import('./electron-fake')).fakeElectron(fake))`.
 */

type Listener = (event: unknown, input?: unknown) => unknown;

export interface ElectronFakeState {
  app: EventEmitter & { whenReady: () => Promise<void> };
  loaded: string[];
  windows: { webContents: { mainFrame: { url: string } } }[];
  ipcHandlers: Map<string, Listener>;
  userData: string;
  backend: string;
  /** The button main's consent dialog is answered with (0 Cancel, 1 Store without a keyring). */
  dialogAnswer: number;
  dialogs: number;
}

export function fakeElectron(fake: ElectronFakeState, extra: Record<string, unknown> = {}) {
  const app = Object.assign(new EventEmitter(), {
    isPackaged: false,
    requestSingleInstanceLock: vi.fn(() => true),
    enableSandbox: vi.fn(),
    whenReady: vi.fn(() => Promise.resolve()),
    getPath: vi.fn(() => fake.userData),
    quit: vi.fn(),
    exit: vi.fn(),
  });
  fake.app = app;
  class BrowserWindow extends EventEmitter {
    loadFile = vi.fn(async () => undefined);
    loadURL = vi.fn(async (url: string) => {
      this.webContents.mainFrame.url = url;
      fake.windows.push(this);
      fake.loaded.push(url);
    });
    show = vi.fn();
    maximize = vi.fn();
    isDestroyed = vi.fn(() => false);
    isMaximized = vi.fn(() => false);
    getNormalBounds = vi.fn(() => ({ x: 0, y: 0, width: 1000, height: 700 }));
    webContents = { mainFrame: { url: '' }, on: vi.fn(), send: vi.fn(), setWindowOpenHandler: vi.fn(), session: { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn() } };
  }
  const display = { id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1080 } };
  return {
    ...extra,
    app,
    BrowserWindow,
    dialog: {
      showErrorBox: vi.fn(),
      showMessageBox: vi.fn(async () => {
        fake.dialogs += 1;
        return { response: fake.dialogAnswer, checkboxChecked: false };
      }),
    },
    ipcMain: { handle: (name: string, listener: Listener) => fake.ipcHandlers.set(name, listener), removeHandler: (name: string) => fake.ipcHandlers.delete(name) },
    screen: { getPrimaryDisplay: () => display, getAllDisplays: () => [display] },
    shell: { openExternal: vi.fn() },
    Menu: { buildFromTemplate: vi.fn(() => ({})), setApplicationMenu: vi.fn() },
    protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn(), unhandle: vi.fn() },
    safeStorage: {
      isEncryptionAvailable: () => true,
      getSelectedStorageBackend: () => fake.backend,
      // A reversible stand-in for the OS keychain: the file must never hold the token itself.
      encryptString: (value: string) => Buffer.from(value, 'utf8').map((b) => b ^ 0x5a),
      decryptString: (sealed: Buffer) => Buffer.from(sealed.map((b) => b ^ 0x5a)).toString('utf8'),
    },
  };
}
