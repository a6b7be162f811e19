import { PREVIEW_STYLE_SOURCE } from './preview/style-hash';

/**
 * The app page's Content Security Policy, one definition for both hosts: the page may load only
 * its own scripts and styles (plus the preview frame's stylesheet, by hash: preview/style-hash.ts)
 * and talk only to its own origin. `frame-src 'self'` and `blob:` leave room for the article
 * preview (a sandboxed srcdoc iframe), which carries a CSP of its own.
 * - `imageSources`: where images may come from besides the page, data: and blob:;
 * - `connect`: 'self' where the page talks to its host over HTTP (the web host), 'none' where it
 *   has no network to talk to (Electron: every call goes through the preload's IPC bridge);
 * - `frameAncestors`: only a header policy can say it (a `<meta>` policy cannot).
 */
export function appContentSecurityPolicy(options: { imageSources?: readonly string[]; connect?: 'self' | 'none'; frameAncestors?: boolean } = {}): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    `style-src 'self' ${PREVIEW_STYLE_SOURCE}`,
    ["img-src 'self' data: blob:", ...(options.imageSources ?? [])].join(' '),
    "font-src 'self'",
    `connect-src '${options.connect ?? 'self'}'`,
    "frame-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    ...(options.frameAncestors ? ["frame-ancestors 'none'"] : []),
  ].join('; ');
}
