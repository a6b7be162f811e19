import { constants } from 'node:fs';
import { open, realpath, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { assetFilePath, assetsDir } from './assets';

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
  // O_NOFOLLOW does not exist on Windows, where making a symlink needs extra rights anyway.
  const handle = await open(file, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0)).catch(() => null);
  if (handle === null) return null;
  const info = await handle.stat().catch(() => null);
  if (!info?.isFile()) {
    await handle.close();
    return null;
  }
  return { handle, size: info.size };
}
