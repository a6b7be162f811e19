import { randomBytes } from 'node:crypto';
import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export interface AtomicWriteOptions {
  /**
   * fsync the file and its folder (default true). Without it the rename still makes the write
   * atomic against a killed process (readers see the old file or the new one), but a power loss
   * may leave the new file truncated: only for output that can be regenerated and whose size is
   * checked on the next run (the published site; see publish/manifest.ts).
   */
  durable?: boolean;
}

/**
 * Writes a file so readers see either the old content or the new, never half of it: write a temp
 * file in the same folder (same filesystem, so rename is atomic), fsync it, then rename over.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  const durable = options.durable !== false;
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx');
  try {
    try {
      await handle.writeFile(data);
      if (durable) await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  if (durable) await syncDir(dir);
}

/** Makes the rename itself durable. Windows cannot open folders for fsync; there it is skipped. */
async function syncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r').catch(() => null);
  if (!handle) return;
  try {
    await handle.sync();
  } catch {
    // Some filesystems refuse fsync on directories; the data itself is already on disk.
  } finally {
    await handle.close();
  }
}
