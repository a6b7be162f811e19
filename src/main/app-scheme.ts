/**
 * The custom scheme the Electron window loads the app from: `copydesk-app://app/index.html`.
 * A page on its own privileged, standard scheme has its own origin, so `'self'` in its CSP means
 * the built renderer folder and nothing else, and the page gets none of the extra powers Chromium
 * gives `file:` documents (reading other local files). Kept free of imports, like asset-scheme.ts,
 * so the build config and tests can read it without loading Electron.
 */
export const APP_SCHEME = 'copydesk-app';
export const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** The one document the window shows. */
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;
