import { createHash } from 'node:crypto';
import { access, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ASSET_FILE_PATTERN, ASSETS_FOLDER, MAX_ASSET_BYTES, MAX_IMAGE_DIMENSION } from '../../shared/assets';
import { CopydeskError } from '../../shared/errors';
import { writeFileAtomic } from '../io/atomic';
import { inspectImage } from './image-type';

export interface ImportedAsset {
  /** `assets/<32 hex>.<ext>`: what an image node stores. */
  src: string;
  width: number;
  height: number;
  bytes: number;
}

/** Where a workspace's assets live. */
export function assetsDir(workspaceDir: string): string {
  return join(workspaceDir, ASSETS_FOLDER);
}

/**
 * The path of an asset file, or null when `name` is not a well-formed asset name. The strict
 * pattern (hex + known extension, no separators) is what keeps callers inside the folder.
 */
export function assetFilePath(workspaceDir: string, name: string): string | null {
  return ASSET_FILE_PATTERN.test(name) ? join(assetsDir(workspaceDir), name) : null;
}

function describe(fileName: string | undefined): string {
  // Control characters would garble the message; the name is only ever shown, never used as a path.
  const clean = [...(fileName ?? '')].filter((c) => c >= ' ' && c !== '\u007f').join('').trim().slice(0, 120);
  return clean ? JSON.stringify(clean) : 'The file';
}

/**
 * Copies an image into the workspace's assets folder under a content-addressed name. The type
 * comes from the bytes, never the file name; the same bytes always land in the same file, which
 * is written once (atomically) and reused afterwards. Nothing is written for a rejected file.
 */
export async function importAsset(workspace: { dir: string }, bytes: Uint8Array, fileName?: string): Promise<ImportedAsset> {
  const label = describe(fileName);
  if (bytes.length === 0) throw new CopydeskError('invalid_input', `${label} is empty.`);
  if (bytes.length > MAX_ASSET_BYTES) {
    const mb = (bytes.length / (1024 * 1024)).toFixed(1);
    throw new CopydeskError('invalid_input', `${label} is ${mb} MB; images can be at most ${MAX_ASSET_BYTES / (1024 * 1024)} MB. Resize or compress it first.`);
  }
  const { ext, width, height } = inspectImage(bytes, label);
  if (width > MAX_IMAGE_DIMENSION || height > MAX_IMAGE_DIMENSION) {
    throw new CopydeskError('invalid_input', `${label} is ${width}×${height} pixels; images can be at most ${MAX_IMAGE_DIMENSION} pixels on a side.`);
  }
  const name = `${createHash('sha256').update(bytes).digest('hex').slice(0, 32)}.${ext}`;
  const dir = assetsDir(workspace.dir);
  const path = join(dir, name);
  const exists = await access(path).then(
    () => true,
    () => false,
  );
  if (!exists) {
    await mkdir(dir, { recursive: true });
    await writeFileAtomic(path, bytes);
  }
  return { src: `${ASSETS_FOLDER}/${name}`, width, height, bytes: bytes.length };
}

/** An asset's bytes and media type, for hosts that send it elsewhere (a Ghost image upload). */
export interface AssetFile {
  bytes: Uint8Array;
  type: string;
}
