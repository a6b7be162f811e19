import type { WebContents } from 'electron';

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
 * True when `url` is the app's own page (the same document, ignoring query and fragment): the same
 * origin and path for the http dev server, the same file for a `file:` build. Used for navigation
 * and to decide which IPC senders are trusted.
 */
export function isAppDocument(url: string, appUrl: string): boolean {
  const target = parse(url);
  const app = parse(appUrl);
  if (!target || !app || target.protocol !== app.protocol) return false;
  if (app.protocol === 'file:') return target.host === app.host && decodedPath(target) === decodedPath(app);
  if (app.protocol === 'http:' || app.protocol === 'https:') {
    return target.origin === app.origin && target.username === '' && target.password === '' && decodedPath(target) === decodedPath(app);
  }
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

/**
 * Locks a window to the app's page: navigations, redirects and window.open can only reach the app
 * itself or the OS browser, webviews never attach, and web permissions (camera, geolocation,
 * notifications...) are refused because Copydesk uses none of them.
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
