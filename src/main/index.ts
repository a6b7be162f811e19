import { join } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, protocol, screen, shell, utilityProcess } from 'electron';
import { createHandlers } from '../core/api/handlers';
import { defaultWorkspaceDir } from '../core/paths';
import { PreviewFolder } from '../core/preview/preview-folder';
import { localSiteFor } from '../core/local-site/local-site';
import { openWorkspace, type Workspace } from '../core/workspace';
import { handleAppProtocol, registerPrivilegedSchemes } from './app-protocol';
import { handleAssetProtocol } from './assets-protocol';
import { utilityCliLauncher } from './local-site';
import { forwardEvents, registerIpc } from './ipc';
import { installMenu } from './menu';
import { installWebContentsGuards, isAppDocument } from './navigation';
import { confirmPlaintextStorage, PlaintextConsent } from './credential-consent';
import { SafeStorageSecretStore } from './secrets';
import { appUrlOf, createMainWindow, isAppWindowContents, rendererSource } from './window';
import { clampToDisplays, loadWindowState, WINDOW_STATE_FILE } from './window-state';

/** Target credentials, encrypted by safeStorage, in userData (never in the workspace database). */
const CREDENTIALS_FILE = 'credentials.json';
/** The person's answer to "store credentials without a keyring?", kept by main only. */
const CONSENT_FILE = 'credential-consent.json';

// Built layout: out/main/index.js, out/preload/index.cjs, out/renderer/index.html.
const preloadPath = join(import.meta.dirname, '../preload/index.cjs');
/** The CLI bundle (`npm run build` makes it beside main): the local site runs its `site serve`. */
const cliModule = join(import.meta.dirname, '../cli/index.js');
const rendererDir = join(import.meta.dirname, '../renderer');
const source = rendererSource(rendererDir, process.env, app.isPackaged);
const appUrl = appUrlOf(source);

let mainWindow: BrowserWindow | null = null;
let workspace: Workspace | null = null;
const cleanups: (() => void)[] = [];

function openWindow(): BrowserWindow {
  const stateFile = join(app.getPath('userData'), WINDOW_STATE_FILE);
  const state = loadWindowState(stateFile);
  const primary = screen.getPrimaryDisplay();
  // Primary first: a window that fits no display is centred on it.
  const displays = [primary, ...screen.getAllDisplays().filter((d) => d.id !== primary.id)].map((d) => d.workArea);
  const window = createMainWindow({
    preloadPath,
    source,
    state: { ...state, bounds: clampToDisplays(state.bounds, displays) },
    stateFile,
    openExternal: (url) => shell.openExternal(url),
  });
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null;
  });
  return window;
}

function start(): void {
  try {
    // The plaintext fallback (Linux without a keyring) is allowed only once the person accepted
    // it in a dialog main shows; the answer stays in userData, out of the renderer's reach.
    const consent = new PlaintextConsent({
      file: join(app.getPath('userData'), CONSENT_FILE),
      confirm: () => confirmPlaintextStorage(dialog, mainWindow),
    });
    const secrets = new SafeStorageSecretStore({ file: join(app.getPath('userData'), CREDENTIALS_FILE), consent });
    workspace = openWorkspace(defaultWorkspaceDir(), { remote: { secrets } });
  } catch (error) {
    // Includes MigrationError: its message already says what happened and that nothing changed.
    const message = error instanceof Error ? error.message : String(error);
    dialog.showErrorBox('Copydesk could not open its workspace', message);
    app.exit(1);
    return;
  }
  // Draft previews for "Open in browser": a folder only this user can read, removed on quit.
  const previewFolder = new PreviewFolder();
  cleanups.push(() => previewFolder.dispose());
  // "Start a local site for this workspace": on demand only, and stopped on quit (the signal goes
  // out synchronously in stop(), so will-quit need not wait for it).
  const localSite = localSiteFor(workspace, utilityCliLauncher((...args) => utilityProcess.fork(...args), cliModule));
  cleanups.push(() => void localSite.stop());
  const host = {
    previewFolder,
    localSite,
    // shell.openPath resolves with an error message ('' on success) instead of rejecting.
    openPath: async (file: string) => {
      const problem = await shell.openPath(file);
      if (problem) throw new Error(`Could not open the preview in the browser: ${problem}`);
    },
    // The output folder's "Choose…": Electron's own folder dialog, over the app window.
    chooseFolder: async () => {
      const options = { title: 'Choose the output folder', properties: ['openDirectory', 'createDirectory'] as ('openDirectory' | 'createDirectory')[] };
      const result = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options);
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
  };
  cleanups.push(registerIpc(ipcMain, createHandlers(workspace, host), { isAppContents: isAppWindowContents, isAppUrl: (url) => isAppDocument(url, appUrl) }));
  // The page itself (copydesk-app://app/), then the workspace's images.
  cleanups.push(handleAppProtocol(protocol, rendererDir));
  cleanups.push(handleAssetProtocol(protocol, workspace.dir));
  cleanups.push(
    forwardEvents(workspace.events, (name, payload) => {
      if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.send(name, payload);
    }),
  );
  installMenu(process.platform);
  // Background delivery of queued remote effects (one worker per target) while the app runs.
  workspace.remote.start();
  mainWindow = openWindow();
}

if (!app.requestSingleInstanceLock()) {
  // Another Copydesk already has the workspace open; it focuses itself (below) and we leave.
  app.quit();
} else {
  app.enableSandbox();
  // Custom schemes must be declared before the app is ready.
  registerPrivilegedSchemes(protocol);
  // Before any window exists, so every web contents ever made gets them.
  installWebContentsGuards(app);
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
  });
  app.on('activate', () => {
    if (workspace && !mainWindow) mainWindow = openWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', () => {
    while (cleanups.length) cleanups.pop()?.();
    // Aborts in-flight requests; their rows stay in flight and are resent (same key) next start.
    void workspace?.remote.stop();
    workspace?.close();
    workspace = null;
  });
  app.whenReady().then(start, (error: unknown) => {
    dialog.showErrorBox('Copydesk could not start', error instanceof Error ? error.message : String(error));
    app.exit(1);
  });
}
