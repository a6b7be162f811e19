import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const check = createRequire(import.meta.url)('../../scripts/check-node.cjs') as { isSupported(version: string): boolean; message(version: string): string };

/**
 * A Node older than "engines" to run the entry points with: COPYDESK_OLD_NODE, else the system's
 * /usr/bin/node when it is old (Node 20 on the project's machines). Without one, the spawned cases
 * are skipped and the version logic is still tested in-process.
 */
function findOldNode(): { path: string; version: string } | null {
  for (const path of [process.env.COPYDESK_OLD_NODE, '/usr/bin/node']) {
    if (!path || !existsSync(path)) continue;
    const version = spawnSync(path, ['--version'], { encoding: 'utf8' }).stdout.trim();
    if (version && !check.isSupported(version)) return { path, version };
  }
  return null;
}
const oldNode = findOldNode();

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'copydesk-node-check-'));
  dirs.push(dir);
  return dir;
}

describe('issue 15.17: every entry point checks the Node version first', () => {
  it('issue 15.17: the minimum is the one in package.json engines, compared by major and minor', () => {
    expect((JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } }).engines.node).toBe('>=22.12');
    for (const version of ['v22.12.0', 'v22.20.1', 'v23.0.0', 'v24.22.3', 'v100.0.0']) expect(check.isSupported(version), version).toBe(true);
    for (const version of ['v22.11.9', 'v20.20.2', 'v18.19.0', 'v8.17.0', 'v0.12.18']) expect(check.isSupported(version), version).toBe(false);
    expect(check.message('v20.20.2')).toBe('Copydesk needs Node ≥ 22.12 (you have 20.20.2): see .nvmrc');
  });

  it('issue 15.17: passes silently on this Node', () => {
    const result = spawnSync(process.execPath, ['scripts/check-node.cjs'], { cwd: ROOT, encoding: 'utf8' });
    expect(result.status).toBe(0);
    expect(result.stdout + result.stderr).toBe('');
  });

  it('issue 15.17: npm start, start:web, test, test:unit and test:e2e run the check before anything else', () => {
    const { scripts } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    for (const name of ['start', 'start:web', 'test', 'test:unit', 'test:e2e']) expect(scripts[name], name).toMatch(/^node scripts\/check-node\.cjs && /);
  });

  describe.skipIf(oldNode === null)(`on an old Node (${oldNode?.version ?? 'none found'})`, () => {
    const old = oldNode!;
    const expected = `${check.message(old.version)}\n`;

    it.each([
      ['the check itself', ['scripts/check-node.cjs']],
      ['npm start (scripts/start.js)', ['scripts/start.js']],
      ['the copydesk command', ['bin/copydesk.js', 'list']],
      ['copydesk serve', ['bin/copydesk.js', 'serve']],
    ])('issue 15.17: %s prints one sentence, exits 1 and creates no workspace folder', (_label, args) => {
      const workspace = join(tempDir(), 'workspace');
      const result = spawnSync(old.path, [...args], {
        cwd: ROOT,
        encoding: 'utf8',
        env: { ...process.env, COPYDESK_WORKSPACE: workspace, COPYDESK_SKIP_ELECTRON_DOWNLOAD: '1' },
        timeout: 30_000,
      });
      expect(result.stderr).toBe(expected);
      expect(result.stdout).toBe('');
      expect(result.status).toBe(1);
      expect(existsSync(workspace)).toBe(false);
    });

    it('issue 15.17: npm run start:web stops at the check (no build, no workspace folder)', () => {
      const workspace = join(tempDir(), 'workspace');
      const result = spawnSync('npm', ['run', '--silent', 'start:web'], {
        cwd: ROOT,
        encoding: 'utf8',
        env: { ...process.env, PATH: `${dirname(old.path)}:${process.env.PATH ?? ''}`, COPYDESK_WORKSPACE: workspace },
        timeout: 60_000,
      });
      expect(result.stderr).toContain(check.message(old.version));
      expect(result.stderr).not.toMatch(/vite|Segmentation|fetch failed/i);
      expect(result.status).toBe(1);
      expect(existsSync(workspace)).toBe(false);
    });
  });
});
