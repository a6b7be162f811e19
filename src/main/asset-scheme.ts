/**
 * The custom scheme Electron serves workspace images on: `copydesk-asset://asset/<name>`. Kept
 * free of imports so the build config can read it (for the page's CSP) without loading the app.
 */
export const ASSET_SCHEME = 'copydesk-asset';
export const ASSET_HOST = 'asset';
