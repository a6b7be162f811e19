import { BrowserWindow, type BrowserWindowConstructorOptions, type WebContents } from 'electron';
import { APP_ENTRY_URL } from './app-scheme';
import { installNavigationGuards, type OpenExternal } from './navigation';
import { MIN_HEIGHT, MIN_WIDTH, trackWindowState, type WindowBounds, type WindowState } from './window-state';

export const WINDOW_TITLE = 'Copydesk';

/**
 * The main window's options. The renderer is untrusted web content: it gets no Node, runs
 * sandboxed in an isolated world, and reaches main only through the preload's contract bridge.
 */
export function windowOptions(preloadPath: string, bounds: WindowBounds): BrowserWindowConstructorOptions {
  return {
    ...bounds,
    minWidth: MIN_WIDTH,
    minHeight: MIN_HEIGHT,
    title: WINDOW_TITLE,
    show: false,
    backgroundColor: '#ffffff',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: true,
      navigateOnDragDrop: false,
    },
  };
}

export type RendererSource = { kind: 'url'; url: string } | { kind: 'app'; dir: string };

/**
 * Where the renderer comes from: electron-vite's dev server (ELECTRON_RENDERER_URL) during
 * development, otherwise the built `out/renderer` folder, served on `copydesk-app://app/`
 * (app-protocol.ts), never as `file:`. A packaged app ignores the variable, so an environment
 * variable can never point it at someone else's page.
 */
export function rendererSource(rendererDir: string, env: NodeJS.ProcessEnv, isPackaged: boolean): RendererSource {
  const devUrl = env.ELECTRON_RENDERER_URL;
  if (!isPackaged && devUrl) {
    try {
      const url = new URL(devUrl);
      if (url.protocol === 'http:' || url.protocol === 'https:') return { kind: 'url', url: url.href };
    } catch {
      // Not a URL: fall back to the built files.
    }
  }
  return { kind: 'app', dir: rendererDir };
}

/** The URL the app's page has once loaded: what navigation and IPC sender checks compare against. */
export function appUrlOf(source: RendererSource): string {
  return source.kind === 'url' ? source.url : APP_ENTRY_URL;
}

/** The web contents of windows this process created: the only ones IPC answers. */
const appContents = new WeakSet<WebContents>();

/** True for the web contents of a window made by createMainWindow (and not some other contents). */
export function isAppWindowContents(contents: WebContents): boolean {
  return appContents.has(contents);
}

export interface MainWindowOptions {
  preloadPath: string;
  source: RendererSource;
  state: WindowState;
  /** Where the window's bounds are saved when it closes. */
  stateFile: string;
  openExternal: OpenExternal;
}

/** Creates the main window, locks its navigation to the app, and loads the renderer. */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow(windowOptions(options.preloadPath, options.state.bounds));
  appContents.add(window.webContents);
  if (options.state.maximized) window.maximize();
  // Shown only once painted, so the user never sees a blank white frame.
  window.once('ready-to-show', () => window.show());
  installNavigationGuards(window.webContents, appUrlOf(options.source), options.openExternal);
  trackWindowState(window, options.stateFile);

  window.loadURL(appUrlOf(options.source)).catch((error: unknown) => console.error('Copydesk: the window could not load its page', error));
  return window;
}
