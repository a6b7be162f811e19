import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import type { CustomScheme, Protocol } from 'electron';
import { APP_HOST, APP_SCHEME } from './app-scheme';
import { ASSET_SCHEME } from './asset-scheme';
import { RENDERER_CONTENT_SECURITY_POLICY } from './csp';

/**
 * Declares Copydesk's schemes before the app is ready (Electron allows one call, then). Both are
 * `standard` (real origins, host and path parsing) and `secure` (a locked-down page may load them
 * like https).
 * - `copydesk-app:` serves the built renderer. `supportFetchAPI` and `corsEnabled` let Chromium
 *   load the page's module scripts (which Vite marks `crossorigin`) from it; our answers carry no
 *   Access-Control-Allow-Origin, so no other origin can read them.
 * - `copydesk-asset:` serves workspace images only: no fetch, no CORS, no service workers.
 */
export function registerPrivilegedSchemes(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  const schemes: CustomScheme[] = [
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true } },
    { scheme: ASSET_SCHEME, privileges: { standard: true, secure: true } },
  ];
  protocol.registerSchemesAsPrivileged(schemes);
}

/** What the built renderer folder holds; anything else is not served. */
const MEDIA_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

function refuse(status: 403 | 404 | 405): Response {
  const text = status === 405 ? 'Only GET and HEAD are served' : 'Not found';
  return new Response(text, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' } });
}

/** The path inside the renderer folder a request names, or null when it names none. */
function requestedPath(url: URL): string | null {
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST || url.username !== '' || url.password !== '') return null;
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (path.includes('\0') || path.includes('\\')) return null;
  return path === '/' ? '/index.html' : path;
}

/** True when `file` is `root` itself or lies inside it. */
const inside = (root: string, file: string): boolean => file.startsWith(root + sep);

/**
 * Answers one `copydesk-app:` request from the built renderer folder. Only regular files whose
 * real path (links resolved) lies inside the folder are served, so neither `..` in any encoding
 * nor a symlink can reach the rest of the disk. The page itself also gets its CSP as a header,
 * where `frame-ancestors` can be said.
 */
export async function respondToAppRequest(rendererDir: string, requestUrl: string, method = 'GET'): Promise<Response> {
  if (method !== 'GET' && method !== 'HEAD') return refuse(405);
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return refuse(404);
  }
  const path = requestedPath(url);
  if (path === null) return refuse(404);
  const root = resolve(rendererDir);
  const file = resolve(root, `.${path}`);
  if (!inside(root, file)) return refuse(403);
  const type = MEDIA_TYPES[extname(file).toLowerCase()];
  if (type === undefined) return refuse(404);
  const [realRoot, realFile] = await Promise.all([realpath(root).catch(() => null), realpath(file).catch(() => null)]);
  if (realRoot === null || realFile === null) return refuse(404);
  if (!inside(realRoot, realFile)) return refuse(403);
  const info = await stat(realFile).catch(() => null);
  if (info === null || !info.isFile()) return refuse(404);
  const bytes = await readFile(realFile).catch(() => null);
  if (bytes === null) return refuse(404);
  const headers: Record<string, string> = {
    'Content-Type': type,
    'Content-Length': String(bytes.length),
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-cache',
  };
  if (type.startsWith('text/html')) headers['Content-Security-Policy'] = `${RENDERER_CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`;
  return new Response(method === 'HEAD' ? null : new Uint8Array(bytes), { status: 200, headers });
}

/** Serves the built renderer on `copydesk-app:`; returns a cleanup that stops serving it. */
export function handleAppProtocol(protocol: Pick<Protocol, 'handle' | 'unhandle'>, rendererDir: string): () => void {
  protocol.handle(APP_SCHEME, (request) => respondToAppRequest(rendererDir, request.url, request.method));
  return () => protocol.unhandle(APP_SCHEME);
}
