import { randomBytes } from 'node:crypto';
import { closeSync, constants, lstatSync, mkdtempSync, openSync, renameSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** O_NOFOLLOW where the platform has it (not on Windows, where the folder's ACL does the work). */
const NO_FOLLOW = constants.O_NOFOLLOW ?? 0;

/**
 * The private folder "Open in browser" writes draft previews to. Drafts are unpublished work, and
 * the temp folder is shared by every local user: a fixed, world-readable path would let anyone
 * read them, or plant a symlink there so our write lands in another file. So the folder is made
 * by mkdtemp (an unguessable name, mode 0700, owned by us), each file is created fresh with
 * O_CREAT | O_EXCL | O_NOFOLLOW and mode 0600 under a random name, then renamed over the
 * article's name (a rename replaces a link itself, never its target), and the whole folder is
 * removed when the app quits.
 */
export class PreviewFolder {
  private dir: string | null = null;

  /** `parent`: where the private folder is made (the OS temp folder unless a test says). */
  constructor(private readonly parent: string = tmpdir()) {}

  /** The folder, made on first use, and made again if it vanished or is no longer private. */
  path(): string {
    if (this.dir === null || !isPrivateFolder(this.dir)) this.dir = mkdtempSync(join(this.parent, 'copydesk-preview-'));
    return this.dir;
  }

  /** Writes `content` as `<name>` in the folder (replacing an earlier one) and returns its path. */
  write(name: string, content: string): string {
    const dir = this.path();
    const file = join(dir, name);
    const temp = join(dir, `.${randomBytes(8).toString('hex')}.tmp`);
    const fd = openSync(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | NO_FOLLOW, 0o600);
    try {
      writeSync(fd, content);
    } catch (error) {
      closeSync(fd);
      unlinkSync(temp);
      throw error;
    }
    closeSync(fd);
    renameSync(temp, file);
    return file;
  }

  /** Removes the folder and every preview in it (on quit). Writing again makes a new folder. */
  dispose(): void {
    if (this.dir !== null) rmSync(this.dir, { recursive: true, force: true });
    this.dir = null;
  }
}

/** Still a real folder (not a link) that we own and nobody else may enter. */
function isPrivateFolder(dir: string): boolean {
  try {
    const stat = lstatSync(dir);
    if (!stat.isDirectory()) return false;
    if (process.platform === 'win32') return true;
    return stat.uid === process.getuid?.() && (stat.mode & 0o077) === 0;
  } catch {
    return false;
  }
}
