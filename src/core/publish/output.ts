import { mkdir, readdir, rmdir, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { CopydeskError } from '../../shared/errors';
import { writeFileAtomic } from '../io/atomic';

/** Copydesk writes this file into every folder it publishes to; only such folders are reused. */
export const MARKER_FILE = '.copydesk-site';

/** What writeFileAtomic leaves behind when a process dies between write and rename. */
const STALE_TEMP = /^\..+\.\d+\.[0-9a-f]{12}\.tmp$/;

/**
 * The output folder must be empty, missing, or already carry the marker: publishing into a
 * folder of other files could overwrite them. `force` (the user confirmed) lifts the check.
 */
export async function checkOutputFolder(outDir: string, force: boolean): Promise<'new' | 'ours' | 'forced'> {
  let names: string[];
  try {
    names = await readdir(outDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'new';
    if ((error as NodeJS.ErrnoException).code === 'ENOTDIR') throw new CopydeskError('invalid_input', `${outDir} is a file, not a folder`);
    throw error;
  }
  if (names.includes(MARKER_FILE)) return 'ours';
  if (names.length === 0) return 'new';
  if (force) return 'forced';
  throw new CopydeskError(
    'conflict',
    `${outDir} already has files that Copydesk did not write (no ${MARKER_FILE} marker). Choose an empty folder, or publish with force to write into it anyway.`,
    { outputDir: 'This folder is not empty and was not created by Copydesk' },
  );
}

export async function writeMarker(outDir: string): Promise<void> {
  await mkdir(outDir, { recursive: true });
  await writeFile(join(outDir, MARKER_FILE), 'This folder is a static site published by Copydesk. Copydesk rewrites and deletes the files it lists in its manifest.\n');
}

/** Resolves a manifest path inside the output folder, refusing anything that would escape it. */
export function resolveInside(outDir: string, file: string): string {
  const full = resolve(outDir, file);
  const rel = relative(outDir, full);
  if (rel === '' || rel.startsWith(`..${sep}`) || rel === '..' || resolve(rel) === rel) {
    throw new CopydeskError('internal', `Refusing to touch ${file}: outside the output folder`);
  }
  return full;
}

export class SiteWriter {
  private readonly made = new Set<string>();

  constructor(private readonly outDir: string) {}

  /**
   * Temp file + rename: a reader (or a killed process) sees the old file or the new, never half.
   * Not fsynced: the site can always be regenerated, and a file a power loss cut short has the
   * wrong size on disk, which the next publish notices (manifest sizes) and rewrites.
   */
  async write(file: string, data: string | Uint8Array): Promise<void> {
    const full = resolveInside(this.outDir, file);
    const dir = dirname(full);
    if (!this.made.has(dir)) {
      await mkdir(dir, { recursive: true });
      this.made.add(dir);
    }
    await writeFileAtomic(full, data, { durable: false });
  }

  /** The file's size on disk, or null when it is missing (or not a file). */
  async size(file: string): Promise<number | null> {
    try {
      const info = await stat(resolveInside(this.outDir, file));
      return info.isFile() ? info.size : null;
    } catch {
      return null;
    }
  }

  async exists(file: string): Promise<boolean> {
    try {
      await stat(resolveInside(this.outDir, file));
      return true;
    } catch {
      return false;
    }
  }

  /** Deletes a file and then any folders it leaves empty (up to, not including, the output folder). */
  async remove(file: string): Promise<void> {
    const full = resolveInside(this.outDir, file);
    await unlink(full).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
    let dir = dirname(full);
    while (dir !== this.outDir && dir.startsWith(this.outDir + sep)) {
      try {
        await rmdir(dir);
      } catch {
        break;
      }
      dir = dirname(dir);
    }
  }

  /** Removes temp files a killed publish left behind (they were never renamed into place). */
  async removeStaleTemps(): Promise<number> {
    let removed = 0;
    const walk = async (dir: string): Promise<void> => {
      const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
      for (const entry of entries) {
        if (entry.isDirectory()) await walk(join(dir, entry.name));
        else if (STALE_TEMP.test(entry.name)) {
          await unlink(join(dir, entry.name)).catch(() => undefined);
          removed += 1;
        }
      }
    };
    await walk(this.outDir);
    return removed;
  }
}

/** Runs `tasks` with at most `limit` in flight; rejects with the first failure after the rest settle. */
export async function runLimited(tasks: readonly (() => Promise<void>)[], limit: number): Promise<void> {
  let next = 0;
  let failure: unknown = null;
  const lane = async () => {
    while (next < tasks.length && failure === null) {
      const task = tasks[next++]!;
      try {
        await task();
      } catch (error) {
        failure ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, lane));
  if (failure !== null) throw failure;
}
