import { closeSync, constants, fstatSync, openSync, readFileSync, realpathSync } from 'node:fs';
import { open, realpath, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { ASSET_MEDIA_TYPES, ASSET_SRC_PATTERN, ASSETS_FOLDER, type AssetExtension } from '../../shared/assets';
import { assetFilePath, assetsDir, type AssetFile } from './assets';

// O_NOFOLLOW does not exist on Windows, where making a symlink needs extra rights anyway.
const OPEN_NO_FOLLOW = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0);

export interface OpenedAsset {
  /** Open for reading; the caller closes it (a read stream from it closes it when done). */
  handle: FileHandle;
  size: number;
}

/**
 * Opens an asset for serving, only if `name` is a strict asset name and the file is a regular
 * file that really sits in the workspace's assets folder. An asset is always a file we wrote, so
 * a symlink there was planted, and following it could hand out copydesk.db or /etc/passwd.
 * realpath refuses a link (or a folder swapped for one) at check time, O_NOFOLLOW a link swapped
 * in before the open, and the size comes from the open handle, so what is checked is what is read.
 */
export async function openAssetFile(workspaceDir: string, name: string): Promise<OpenedAsset | null> {
  const file = assetFilePath(workspaceDir, name);
  if (file === null) return null;
  const [realFolder, realFile] = await Promise.all([realpath(assetsDir(workspaceDir)), realpath(file)]).catch(() => [null, null]);
  if (realFolder === null || realFile !== join(realFolder, name)) return null;
  const handle = await open(file, OPEN_NO_FOLLOW).catch(() => null);
  if (handle === null) return null;
  const info = await handle.stat().catch(() => null);
  if (!info?.isFile()) {
    await handle.close();
    return null;
  }
  return { handle, size: info.size };
}

/**
 * Reads workspace assets by their image-node `src` (`assets/<hash>.<ext>`) for a remote upload,
 * with the same checks as openAssetFile: only well-formed names, only regular files really in
 * the assets folder, never through a symlink (which could upload copydesk.db to a remote site).
 * A missing or refused file is null (the caller says which image is missing).
 */
export function workspaceAssetReader(workspaceDir: string): (src: string) => AssetFile | null {
  return (src) => {
    if (!ASSET_SRC_PATTERN.test(src)) return null;
    const name = src.slice(ASSETS_FOLDER.length + 1);
    const file = assetFilePath(workspaceDir, name);
    if (file === null) return null;
    let fd: number | null = null;
    try {
      if (realpathSync(file) !== join(realpathSync(assetsDir(workspaceDir)), name)) return null;
      fd = openSync(file, OPEN_NO_FOLLOW);
      if (!fstatSync(fd).isFile()) return null;
      const ext = name.slice(name.lastIndexOf('.') + 1) as AssetExtension;
      return { bytes: readFileSync(fd), type: ASSET_MEDIA_TYPES[ext] };
    } catch {
      return null;
    } finally {
      if (fd !== null) closeSync(fd);
    }
  };
}
