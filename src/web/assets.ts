import type { ServerResponse } from 'node:http';
import { assetsDir } from '../core/assets/assets';
import { openAssetFile } from '../core/assets/open-asset';
import { assetMediaType } from '../shared/assets';
import { SECURITY_HEADERS } from './security';
import { resolveStatic } from './static';

/** Where the browser renderer loads workspace images from: `/workspace-assets/<name>`. */
export const WORKSPACE_ASSETS_PREFIX = '/workspace-assets/';

function notFound(res: ServerResponse): void {
  res.writeHead(404, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' }).end('Not found');
}

/**
 * Serves one image from `<workspace>/assets`. Only a strict asset name (`<32 hex>.<png|jpg|gif|
 * webp>`) is looked up, so a slash, `..`, an encoded separator, a dotfile or an SVG never reaches
 * the disk; the folder itself is never listed, and only a regular file inside it is served. The
 * caller has already checked the token.
 */
export async function serveWorkspaceAsset(workspaceDir: string, urlPath: string, res: ServerResponse, method: string): Promise<void> {
  const name = urlPath.slice(WORKSPACE_ASSETS_PREFIX.length);
  const type = assetMediaType(name);
  const root = assetsDir(workspaceDir);
  // The pattern already excludes separators; resolving inside the folder is a second lock.
  const opened = type === null || resolveStatic(root, name) === null ? null : await openAssetFile(workspaceDir, name);
  if (type === null || opened === null) {
    notFound(res);
    return;
  }
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'Content-Type': type,
    'Content-Length': String(opened.size),
    // Content-addressed: a name always means the same bytes. Private: it needed the token.
    'Cache-Control': 'private, max-age=31536000, immutable',
  });
  if (method === 'HEAD') {
    await opened.handle.close();
    res.end();
    return;
  }
  opened.handle
    .createReadStream()
    .on('error', () => res.destroy())
    .pipe(res);
}
