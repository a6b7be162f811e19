import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { resolveInside } from './output';

/**
 * SiteWriter's synchronous twin, for the render workers (and a build without workers): a worker
 * has nothing else to do while a file is written, and a blocking write skips the promise, file
 * handle and thread-pool round trips of fs/promises (~5 per file). Same guarantees: temp file in
 * the same folder + rename, so a reader or a killed process sees the old file or the new one;
 * not fsynced (see SiteWriter.write); each folder created once.
 */
export class SyncSiteWriter {
  private readonly made = new Set<string>();
  /** Temp names as writeFileAtomic makes them (`.<name>.<pid>.<12 hex>.tmp`, which removeStaleTemps knows), without a random read per file. */
  private readonly tempBase = randomBytes(5).readUIntBE(0, 5);
  private temps = 0;

  constructor(private readonly outDir: string) {}

  write(file: string, data: Uint8Array): void {
    const full = resolveInside(this.outDir, file);
    const dir = dirname(full);
    const suffix = ((this.tempBase + this.temps++) % 2 ** 48).toString(16).padStart(12, '0');
    const temp = join(dir, `.${basename(full)}.${process.pid}.${suffix}.tmp`);
    let fd: number;
    try {
      fd = openSync(temp, 'wx');
    } catch (error) {
      // The folder is made on first need: a republish writes into folders that exist, where a
      // recursive mkdir costs two system calls per file (mkdir, then stat on EEXIST).
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || this.made.has(dir)) throw error;
      mkdirSync(dir, { recursive: true });
      this.made.add(dir);
      fd = openSync(temp, 'wx');
    }
    try {
      try {
        for (let at = 0; at < data.byteLength; ) at += writeSync(fd, data, at, data.byteLength - at);
      } finally {
        closeSync(fd);
      }
      renameSync(temp, full);
    } catch (error) {
      try {
        unlinkSync(temp);
      } catch {
        // Already gone (or never made): nothing to clean up.
      }
      throw error;
    }
  }

  /** The file's size on disk, or null when it is missing (or not a file). */
  size(file: string): number | null {
    const info = statSync(resolveInside(this.outDir, file), { throwIfNoEntry: false });
    return info?.isFile() ? info.size : null;
  }
}
