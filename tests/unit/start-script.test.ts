import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { electronBinary } from '../../scripts/electron-binary.js';

// Own temp dirs rather than helpers.ts: this test needs no core code.
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'copydesk-start-'));
  dirs.push(dir);
  return dir;
}

const startScript = fileURLToPath(new URL('../../scripts/start.js', import.meta.url));

function runStart(env: Record<string, string>) {
  return spawnSync(process.execPath, [startScript], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
}

describe('scripts/start.js without an Electron binary', () => {
  it('exits 1 and points to npm run start:web when the download is skipped', () => {
    const result = runStart({ ELECTRON_OVERRIDE_DIST_PATH: tempDir(), COPYDESK_SKIP_ELECTRON_DOWNLOAD: '1' });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/Electron binary could not be downloaded/);
    expect(result.stderr).toContain('npm run start:web');
  });

  it('tries the electron installer once, then gives up with the same advice', () => {
    const dir = tempDir();
    const marker = join(dir, 'install-ran');
    const fakeInstall = join(dir, 'fake-install.cjs');
    writeFileSync(fakeInstall, `require('node:fs').appendFileSync(${JSON.stringify(marker)}, 'x'); process.exit(1);`);
    const result = runStart({ ELECTRON_OVERRIDE_DIST_PATH: tempDir(), COPYDESK_ELECTRON_INSTALL_SCRIPT: fakeInstall });
    expect(result.status).toBe(1);
    expect(existsSync(marker)).toBe(true);
    expect(result.stderr).toMatch(/trying to download it once/);
    expect(result.stderr).toContain('npm run start:web');
  });
});

describe('issue 15.17: npm start without the Electron binary', () => {
  it('issue 15.17: prints only the clear message, never the installer\'s fetch failed stack', () => {
    const dir = tempDir();
    const fakeInstall = join(dir, 'fake-install.cjs');
    // What electron's install.js prints when GitHub cannot be reached.
    writeFileSync(
      fakeInstall,
      `const error = new TypeError('fetch failed'); error.cause = new Error('getaddrinfo ENOTFOUND github.com'); console.error(error); process.exit(1);`,
    );
    const result = runStart({ ELECTRON_OVERRIDE_DIST_PATH: tempDir(), COPYDESK_ELECTRON_INSTALL_SCRIPT: fakeInstall });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('npm run start:web');
    expect(result.stderr).not.toMatch(/fetch failed|TypeError|ENOTFOUND/);
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(result.stdout).toBe('');
  });
});

describe('electronBinary', () => {
  it('looks inside ELECTRON_OVERRIDE_DIST_PATH when it is set', () => {
    const dir = tempDir();
    const binary = electronBinary({ env: { ELECTRON_OVERRIDE_DIST_PATH: dir }, platform: 'linux' });
    expect(binary.path.startsWith(dir)).toBe(true);
    expect(binary.exists).toBe(false);
    writeFileSync(binary.path, '');
    expect(electronBinary({ env: { ELECTRON_OVERRIDE_DIST_PATH: dir }, platform: 'linux' }).exists).toBe(true);
  });
});
