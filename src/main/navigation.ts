import type { App, WebContents } from 'electron';
import { APP_HOST, APP_SCHEME } from './app-scheme';

export type NavigationDecision = 'allow' | 'external' | 'deny';

/** Parses a URL, or null when it is not one: nothing unparseable is ever allowed. */
function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

function decodedPath(url: URL): string {
  try {
    return decodeURIComponent(url.pathname);
  } catch {
    return url.pathname;
  }
}

/**
 * True when `url` is the app's own page (the same document, ignoring query and fragment): the
 * built page on `copydesk-app://app`, or the http dev server's page during development. Used
 * for navigation and to decide which IPC senders are trusted. `file:` is never the app: nothing
 * loads from it any more.
 */
export function isAppDocument(url: string, appUrl: string): boolean {
  const target = parse(url);
  const app = parse(appUrl);
  if (!target || !app || target.protocol !== app.protocol) return false;
  if (target.username !== '' || target.password !== '' || target.port !== app.port) return false;
  const samePage = decodedPath(target) === decodedPath(app);
  // A custom scheme has no web origin in Node's URL (origin is 'null'): compare its host.
  if (app.protocol === `${APP_SCHEME}:`) return app.host === APP_HOST && target.host === APP_HOST && samePage;
  if (app.protocol === 'http:' || app.protocol === 'https:') return target.origin === app.origin && samePage;
  return false;
}

/**
 * What to do with a navigation away from the app. Only the app's own page may load in the window;
 * web links go to the OS browser; every other scheme (file:, javascript:, data:, custom protocols)
 * is refused. Other pages of the app's own origin are refused too: the window is one document.
 */
export function classifyNavigation(url: string, appUrl: string): NavigationDecision {
  if (isAppDocument(url, appUrl)) return 'allow';
  const target = parse(url);
  const app = parse(appUrl);
  if (!target || (target.protocol !== 'http:' && target.protocol !== 'https:')) return 'deny';
  if (app && target.origin === app.origin) return 'deny';
  return 'external';
}

export type OpenExternal = (url: string) => Promise<void> | void;

/** What a sandboxed subframe (the article preview's srcdoc frame) may navigate to. */
const SUBFRAME_DOCUMENTS: readonly string[] = ['about:srcdoc', 'about:blank'];

/**
 * Locks a window to the app's page: navigations in any frame, redirects and window.open can only
 * reach the app itself or the OS browser, webviews never attach, and web permissions (camera,
 * geolocation, notifications...) are refused because Copydesk uses none of them.
 */
export function installNavigationGuards(contents: WebContents, appUrl: string, openExternal: OpenExternal): void {
  const openOutside = (url: string): void => {
    // Errors (no browser configured, say) must not crash main; there is nothing more to do.
    Promise.resolve()
      .then(() => openExternal(url))
      .catch(() => undefined);
  };

  contents.on('will-navigate', (event) => {
    const decision = classifyNavigation(event.url, appUrl);
    if (decision === 'allow') return;
    event.preventDefault();
    if (decision === 'external') openOutside(event.url);
  });

  // will-navigate sees only the top frame. Subframes may hold only the preview's own srcdoc
  // document. The top frame is left to will-navigate, which Electron emits after this event
  // only when it is not prevented, and which opens web links outside.
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame && !SUBFRAME_DOCUMENTS.includes(event.url)) event.preventDefault();
  });

  contents.on('will-redirect', (event) => {
    if (classifyNavigation(event.url, appUrl) !== 'allow') event.preventDefault();
  });

  contents.setWindowOpenHandler(({ url }) => {
    if (classifyNavigation(url, appUrl) === 'external') openOutside(url);
    return { action: 'deny' };
  });

  contents.on('will-attach-webview', (event) => event.preventDefault());

  contents.session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  contents.session.setPermissionCheckHandler(() => false);
}

/** The kinds of web contents Copydesk never creates: if one appears, it may go nowhere. */
const FOREIGN_CONTENTS: readonly string[] = ['webview', 'browserView', 'offscreen', 'backgroundPage'];

/**
 * A net under the per-window guards, for every web contents the process ever makes (a future
 * window, a webview a bug let through): none may attach a webview or open a window, and contents
 * of a kind the app never creates may not navigate at all. App windows then get their full
 * guards (installNavigationGuards), whose window-open handler replaces the blanket refusal.
 */
export function installWebContentsGuards(app: Pick<App, 'on'>): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    if (FOREIGN_CONTENTS.includes(contents.getType())) {
      contents.on('will-navigate', (event) => event.preventDefault());
      contents.on('will-frame-navigate', (event) => event.preventDefault());
    }
  });
}
