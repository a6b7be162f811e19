import { PREVIEW_STYLE_SOURCE } from '../core/preview/style-hash';
import { ASSET_SCHEME } from './asset-scheme';

/**
 * The Electron page's Content Security Policy, put into the built index.html as a `<meta>` (a
 * `file:` page has no response headers to carry one). It matches the web host's header policy
 * (src/web/security.ts) except that images may also come from the workspace asset scheme, and
 * `frame-ancestors`, which a `<meta>` policy cannot express (the window is never framed anyway).
 */
export const RENDERER_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  // The preview frame's stylesheet, by hash (src/core/preview/style-hash.ts).
  `style-src 'self' ${PREVIEW_STYLE_SOURCE}`,
  `img-src 'self' data: blob: ${ASSET_SCHEME}:`,
  "font-src 'self'",
  "connect-src 'self'",
  "frame-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');
