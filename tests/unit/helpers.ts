import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { openWorkspace, type OpenOptions, type Workspace } from '../../src/core/workspace';

const cleanups: (() => void)[] = [];

afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

/** A fresh folder under the OS temp dir, removed after the test. */
export function tempDir(prefix = 'copydesk-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A real workspace (real SQLite file) in a temp folder, closed after the test. */
export function tempWorkspace(options: OpenOptions = { seed: false }): Workspace {
  const ws = openWorkspace(tempDir(), options);
  cleanups.push(() => ws.close());
  return ws;
}
