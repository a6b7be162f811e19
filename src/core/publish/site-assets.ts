import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { assetFileOf } from '../../shared/assets';
import { CopydeskError } from '../../shared/errors';

// Bundled at build time (like the migrations): the article page's stylesheet, then the listings'.
const SITE_CSS = import.meta.glob<string>('../../../resources/site/*.css', { query: '?raw', import: 'default', eager: true });

export const sha256 = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');

/** The site stylesheet and its fingerprinted path: a new stylesheet gets a new URL, so caches never serve a stale one. */
export function siteStylesheet(): { path: string; css: string; hash: string } {
  // Bundled text never changes while the process runs: every publish reuses the first answer.
  return (stylesheet ??= buildStylesheet());
}

let stylesheet: { path: string; css: string; hash: string } | undefined;

function buildStylesheet(): { path: string; css: string; hash: string } {
  const css = [SITE_CSS['../../../resources/site/article.css'], SITE_CSS['../../../resources/site/listing.css']].filter((part) => part !== undefined).join('\n');
  const hash = sha256(css);
  return { path: `/assets/site.${hash.slice(0, 12)}.css`, css, hash };
}

/**
 * Where a workspace image is published. Workspace asset names are already the first 32 hex of
 * the SHA-256 of their bytes, so the published name keeps that content hash (and the bytes are
 * checked against it when copied, so a tampered file is not published under a false name).
 */
export function publishedAssetPath(src: string): string | null {
  const file = assetFileOf(src);
  return file ? `/assets/${file}` : null;
}

export async function readWorkspaceAsset(workspaceDir: string, src: string): Promise<Uint8Array> {
  const file = assetFileOf(src);
  if (!file) throw new CopydeskError('invalid_input', `Not a workspace asset: ${src}`);
  const bytes = await readFile(join(workspaceDir, 'assets', file));
  if (!sha256(bytes).startsWith(file.slice(0, 32))) {
    throw new CopydeskError('conflict', `The asset ${file} does not match its content hash; re-insert the image`);
  }
  return bytes;
}
