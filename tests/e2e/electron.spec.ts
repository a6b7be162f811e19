// Desktop smoke test: launch the built Electron app on a temp workspace and find the library.
// Skipped, with the reason, when the Electron binary is not installed (same check as npm start).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { electronBinary, projectRoot } from '../../scripts/electron-binary.js';

const binary = electronBinary();

test.describe('Electron app', () => {
  test.skip(
    !binary.exists,
    `Electron binary is not installed on this machine (looked for ${binary.path}); run \`node node_modules/electron/install.js\` to enable this test`,
  );

  let workspace = '';

  test.beforeAll(() => {
    test.setTimeout(180_000);
    const build = spawnSync(process.execPath, [join(projectRoot, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], {
      cwd: projectRoot,
      stdio: 'inherit',
    });
    expect(build.status, 'electron-vite build').toBe(0);
    expect(existsSync(join(projectRoot, 'out/preload/index.cjs'))).toBe(true);
    workspace = mkdtempSync(join(tmpdir(), 'copydesk-e2e-electron-'));
  });

  test.afterAll(() => {
    if (workspace) rmSync(workspace, { recursive: true, force: true });
  });

  test('opens the library on a fresh workspace', async () => {
    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries(process.env)) if (value !== undefined && key !== 'ELECTRON_RUN_AS_NODE') env[key] = value;
    const app = await electron.launch({
      executablePath: binary.path,
      args: [projectRoot],
      cwd: projectRoot,
      env: { ...env, COPYDESK_WORKSPACE: workspace },
    });
    try {
      const window = await app.firstWindow();
      await expect(window).toHaveTitle(/Copydesk/);
      const library = window.getByRole('navigation', { name: 'Library' }).or(window.getByRole('heading', { name: 'Library' }));
      await expect(library.first()).toBeVisible();
      // The renderer is sandboxed: no Node globals leak into the page, only the contract bridge.
      expect(await window.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
      expect(await window.evaluate(() => Object.keys((globalThis as unknown as { copydesk: object }).copydesk).sort())).toEqual(['calls', 'on']);
    } finally {
      await app.close();
    }
  });
});
