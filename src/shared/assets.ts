/**
 * Workspace assets (images in article bodies and answers). Files live in `<workspace>/assets/`
 * under a content-addressed name, so the same bytes are stored once and a name can never be
 * chosen by a user: `assets/<first 32 hex of SHA-256>.<ext>`. Every host that serves or reads an
 * asset checks names against these patterns before touching the disk.
 */

/** The workspace folder assets live in (the same as core's ASSETS_DIR; a test keeps them equal). */
export const ASSETS_FOLDER = 'assets';

/** The extensions Copydesk stores, with their media types. SVG is deliberately absent (it can hold script). */
export const ASSET_MEDIA_TYPES = {
  png: 'image/png',
  jpg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
} as const;

export type AssetExtension = keyof typeof ASSET_MEDIA_TYPES;

/** A bare asset file name: `<32 lowercase hex>.<png|jpg|gif|webp>`. */
export const ASSET_FILE_PATTERN = /^[0-9a-f]{32}\.(?:png|jpg|gif|webp)$/;

/** An image node's `src`: the file name under the workspace's `assets/` folder. */
export const ASSET_SRC_PATTERN = /^assets\/[0-9a-f]{32}\.(?:png|jpg|gif|webp)$/;

/** The largest image a workspace accepts (bytes). */
export const MAX_ASSET_BYTES = 20 * 1024 * 1024;

/** Base64 of MAX_ASSET_BYTES is 4/3 as long; a little slack for padding. */
export const MAX_ASSET_BASE64_CHARS = Math.ceil(MAX_ASSET_BYTES / 3) * 4 + 4;

/** The largest width or height an image node may declare. */
export const MAX_IMAGE_DIMENSION = 20_000;

/** Alt text and caption limits (characters). */
export const MAX_ALT_TEXT = 1000;
export const MAX_CAPTION = 1000;

export function isAssetSrc(value: unknown): value is string {
  return typeof value === 'string' && ASSET_SRC_PATTERN.test(value);
}

/** `assets/abc….png` → `abc….png`, or null when `src` is not a workspace asset. */
export function assetFileOf(src: string): string | null {
  return ASSET_SRC_PATTERN.test(src) ? src.slice('assets/'.length) : null;
}

/** The media type for a valid asset file name, or null. */
export function assetMediaType(file: string): string | null {
  if (!ASSET_FILE_PATTERN.test(file)) return null;
  const ext = file.slice(file.lastIndexOf('.') + 1) as AssetExtension;
  return ASSET_MEDIA_TYPES[ext];
}
