import { appContentSecurityPolicy } from '../core/app-csp';
import { ASSET_SCHEME } from './asset-scheme';

/**
 * The Electron page's Content Security Policy, put into the built index.html as a `<meta>` (and
 * sent again as a header by app-protocol.ts, with `frame-ancestors`). The page lives on its own
 * `copydesk-app://app` origin, so `'self'` is the built renderer folder and nothing else. It
 * matches the web host's policy (src/web/security.ts) except that images may also come from the
 * workspace asset scheme, and that the page may open no connection at all: Electron's renderer
 * reaches main only through the preload's IPC bridge, never fetch, XHR or WebSocket.
 */
export const RENDERER_CONTENT_SECURITY_POLICY = appContentSecurityPolicy({ imageSources: [`${ASSET_SCHEME}:`], connect: 'none' });
