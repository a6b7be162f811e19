import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, isAbsolute, normalize, sep } from 'node:path';
import { resolveInside } from './output';

/**
 * SiteWriter's synchronous twin, for the render workers (and a build without workers): a worker
 * has nothing else to do while a file is written, and a blocking write skips the promise, file
 * handle and thread-pool round trips of fs/promises (~5 per file). Same guarantees: temp file in
 * the same folder + rename, so a reader or a killed process sees the old file or the new one
 * (in a fresh folder, where there is no old file, written in place: see writeWhole); not fsynced
 * (see SiteWriter.write); each folder created once.
 */
export class SyncSiteWriter {
  private readonly made = new Set<string>();
  /** Temp names as writeFileAtomic makes them (`.<name>.<pid>.<12 hex>.tmp`, which removeStaleTemps knows), without a random read per file. */
  private readonly tempBase = randomBytes(5).readUIntBE(0, 5);
  private temps = 0;

  /** The output folder with a trailing separator, when manifest paths can be appended to it as they are (see place). */
  private readonly prefix: string | null;

  constructor(
    private readonly outDir: string,
    /**
     * The output folder had no files when the build began, so no folder under it exists yet:
     * each is made before its first file instead of after a failed open (whose ENOENT error,
     * stack trace included, cost more than the system call: ~0.15 s of a 4,000-article build).
     */
    private readonly fresh = false,
  ) {
    this.prefix = sep === '/' && isAbsolute(outDir) && normalize(outDir) === outDir ? (outDir.endsWith('/') ? outDir : `${outDir}/`) : null;
  }

  /**
   * The file's full path and its folder. A manifest path of plain names (no empty, "." or ".."
   * segment, no leading "/") stays inside the folder by construction, so it is appended as is:
   * resolveInside's resolve/relative/resolve and path.join were ~3% of a full build's CPU.
   */
  private place(file: string): { full: string; dir: string; name: string } {
    if (this.prefix !== null && PLAIN_FILE.test(file) && !DOT_SEGMENT.test(file)) {
      const full = this.prefix + file;
      const slash = full.lastIndexOf('/');
      return { full, dir: full.slice(0, slash), name: full.slice(slash + 1) };
    }
    const full = resolveInside(this.outDir, file);
    return { full, dir: dirname(full), name: basename(full) };
  }

  write(file: string, data: Uint8Array): void {
    const { full, dir, name } = this.place(file);
    if (this.fresh) {
      if (!this.made.has(dir)) {
        mkdirSync(dir, { recursive: true });
        this.made.add(dir);
      }
      writeWhole(full, data);
      return;
    }
    const suffix = ((this.tempBase + this.temps++) % 2 ** 48).toString(16).padStart(12, '0');
    const temp = `${dir}${dir.endsWith(sep) ? '' : sep}.${name}.${process.pid}.${suffix}.tmp`;
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
      writeAll(fd, data);
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
    const info = statSync(this.place(file).full, { throwIfNoEntry: false });
    return info?.isFile() ? info.size : null;
  }
}

/** Relative paths of names separated by single slashes (no NUL, no backslash)... */
const PLAIN_FILE = /^[^/\\\0]+(?:\/[^/\\\0]+)*$/;
/** ...none of which is "." or "..". */
const DOT_SEGMENT = /(?:^|\/)\.\.?(?:\/|$)/;

/** Writes all of `data` to `fd` and closes it (closed also when a write fails). */
function writeAll(fd: number, data: Uint8Array): void {
  try {
    for (let at = 0; at < data.byteLength; ) at += writeSync(fd, data, at, data.byteLength - at);
  } finally {
    closeSync(fd);
  }
}

/**
 * A file of a fresh folder, written in place: open, write, close. Nothing was there before this
 * build, so there is no old file a temp + rename would keep whole for a reader, and a file a
 * killed build cut short is shorter than the manifest would say (the manifest only moves forward
 * after a build finishes), so the next publish rewrites it. The rename was a fifth of the
 * system calls of each page, and a directory update each.
 */
function writeWhole(full: string, data: Uint8Array): void {
  const fd = openSync(full, 'w');
  try {
    writeAll(fd, data);
  } catch (error) {
    try {
      unlinkSync(full);
    } catch {
      // Never made, or already gone.
    }
    throw error;
  }
}
