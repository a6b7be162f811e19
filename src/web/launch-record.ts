import { randomBytes } from 'node:crypto';
import { chmodSync, lstatSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

/**
 * What `copydesk serve` remembers between runs on one workspace: its access token and the port it
 * last listened on. A browser tab left open across a restart of the host (after a crash, a
 * reboot of the laptop, Ctrl+C and up-arrow) then reaches the same origin with a cookie that
 * still works, and sends the edits it kept while the host was away. Jupyter keeps its server's
 * token in a runtime file the same way.
 *
 * The file sits in the workspace, readable by its owner only (mode 0600): anyone who can read it
 * can already read and write the workspace's database, which is everything the token guards.
 */
export const LAUNCH_RECORD_FILE = 'web-host.json';

export interface LaunchRecord {
  token: string;
  /** The port the host last listened on; null before the first successful start. */
  port: number | null;
}

const LaunchRecordSchema = z.object({
  // At least 32 characters: a shorter token in a hand-edited file is not trusted.
  token: z.string().regex(/^[A-Za-z0-9_-]{32,128}$/),
  port: z.number().int().min(1).max(65535).nullable(),
});

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

function recordPath(workspaceDir: string): string {
  return join(workspaceDir, LAUNCH_RECORD_FILE);
}

/**
 * The record stored for this workspace, or null when there is none or it cannot be trusted: not
 * a regular file (a symlink could point anywhere), readable by others, or not in our shape. The
 * caller then starts afresh with a new token, as every start did before.
 */
export function readLaunchRecord(workspaceDir: string): LaunchRecord | null {
  const path = recordPath(workspaceDir);
  try {
    const stat = lstatSync(path);
    if (!stat.isFile()) return null;
    if (process.platform !== 'win32' && (stat.mode & 0o077) !== 0) return null;
    const parsed = LaunchRecordSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Writes the record atomically (temp file, then rename), mode 0600. */
export function writeLaunchRecord(workspaceDir: string, record: LaunchRecord): void {
  mkdirSync(workspaceDir, { recursive: true });
  const path = recordPath(workspaceDir);
  const temp = `${path}.${process.pid}.tmp`;
  // A temp file left by a crash is removed, and 'wx' never writes through a file or symlink
  // that appears at the temp name meanwhile.
  rmSync(temp, { force: true });
  writeFileSync(temp, `${JSON.stringify(record)}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(temp, 0o600);
  renameSync(temp, path);
}
