import { appContentSecurityPolicy } from '../core/app-csp';
import { ASSET_SCHEME } from './asset-scheme';

/**
 * The Electron page's Content Security Policy, put into the built index.html as a `<meta>` (a
 * `file:` page has no response headers to carry one). It matches the web host's header policy
 * (src/web/security.ts) except that images may also come from the workspace asset scheme, and
 * `frame-ancestors`, which a `<meta>` policy cannot express (the window is never framed anyway).
 */
export const RENDERER_CONTENT_SECURITY_POLICY = appContentSecurityPolicy({ imageSources: [`${ASSET_SCHEME}:`] });
