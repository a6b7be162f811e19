import type { Protocol } from 'electron';
import { openAssetFile } from '../core/assets/open-asset';
import { assetMediaType } from '../shared/assets';
import { ASSET_HOST, ASSET_SCHEME } from './asset-scheme';

/**
 * Workspace images reach the Electron page as `copydesk-asset://asset/<name>`. The page (on
 * `copydesk-app:`) must not read the disk directly, so this scheme is the one door to the
 * workspace's assets folder, and it opens only for a strict asset name. Its privileges are
 * declared with the app's scheme in app-protocol.ts (Electron takes one declaration).
 */
export { ASSET_HOST, ASSET_SCHEME };

function notFound(): Response {
  return new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' } });
}

/** Answers one `copydesk-asset:` request from `<workspaceDir>/assets`. */
export async function respondToAssetRequest(workspaceDir: string, requestUrl: string, method = 'GET'): Promise<Response> {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return notFound();
  }
  if (url.protocol !== `${ASSET_SCHEME}:` || url.host !== ASSET_HOST || url.search !== '' || (method !== 'GET' && method !== 'HEAD')) return notFound();
  const name = url.pathname.slice(1);
  const type = assetMediaType(name);
  // Only a regular file inside the assets folder: a planted symlink could lead to copydesk.db.
  const opened = type === null ? null : await openAssetFile(workspaceDir, name);
  if (type === null || opened === null) return notFound();
  const bytes = await opened.handle.readFile().finally(() => opened.handle.close());
  return new Response(method === 'HEAD' ? null : new Uint8Array(bytes), {
    status: 200,
    headers: {
      'Content-Type': type,
      'Content-Length': String(bytes.length),
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'private, max-age=31536000, immutable',
    },
  });
}

/** Serves the scheme for one workspace; returns a cleanup that stops serving it. */
export function handleAssetProtocol(protocol: Pick<Protocol, 'handle' | 'unhandle'>, workspaceDir: string): () => void {
  protocol.handle(ASSET_SCHEME, (request) => respondToAssetRequest(workspaceDir, request.url, request.method));
  return () => protocol.unhandle(ASSET_SCHEME);
}
