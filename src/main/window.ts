import { pathToFileURL } from 'node:url';
import { BrowserWindow, type BrowserWindowConstructorOptions } from 'electron';
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

export type RendererSource = { kind: 'url'; url: string } | { kind: 'file'; file: string };

/**
 * Where the renderer comes from: electron-vite's dev server (ELECTRON_RENDERER_URL) during
 * development, the built `out/renderer/index.html` otherwise. A packaged app ignores the variable,
 * so an environment variable can never point it at someone else's page.
 */
export function rendererSource(rendererFile: string, env: NodeJS.ProcessEnv, isPackaged: boolean): RendererSource {
  const devUrl = env.ELECTRON_RENDERER_URL;
  if (!isPackaged && devUrl) {
    try {
      const url = new URL(devUrl);
      if (url.protocol === 'http:' || url.protocol === 'https:') return { kind: 'url', url: url.href };
    } catch {
      // Not a URL: fall back to the built files.
    }
  }
  return { kind: 'file', file: rendererFile };
}

/** The URL the app's page has once loaded: what navigation and IPC sender checks compare against. */
export function appUrlOf(source: RendererSource): string {
  return source.kind === 'url' ? source.url : pathToFileURL(source.file).href;
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
  if (options.state.maximized) window.maximize();
  // Shown only once painted, so the user never sees a blank white frame.
  window.once('ready-to-show', () => window.show());
  installNavigationGuards(window.webContents, appUrlOf(options.source), options.openExternal);
  trackWindowState(window, options.stateFile);

  const loaded = options.source.kind === 'url' ? window.loadURL(options.source.url) : window.loadFile(options.source.file);
  loaded.catch((error: unknown) => console.error('Copydesk: the window could not load its page', error));
  return window;
}
