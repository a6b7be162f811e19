import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { assetsDir } from '../core/assets/assets';
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
 * the disk; the folder itself is never listed. The caller has already checked the token.
 */
export async function serveWorkspaceAsset(workspaceDir: string, urlPath: string, res: ServerResponse, method: string): Promise<void> {
  const name = urlPath.slice(WORKSPACE_ASSETS_PREFIX.length);
  const type = assetMediaType(name);
  const root = assetsDir(workspaceDir);
  // The pattern already excludes separators; resolving inside the folder is a second lock.
  const file = type === null ? null : resolveStatic(root, name);
  if (type === null || file === null) {
    notFound(res);
    return;
  }
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) {
    notFound(res);
    return;
  }
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'Content-Type': type,
    'Content-Length': String(info.size),
    // Content-addressed: a name always means the same bytes. Private: it needed the token.
    'Cache-Control': 'private, max-age=31536000, immutable',
  });
  if (method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(file)
    .on('error', () => res.destroy())
    .pipe(res);
}
