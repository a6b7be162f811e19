// Where the Electron binary is and whether it exists, found WITHOUT loading the `electron` package:
// its index.js starts a download when the binary is missing. Shared by scripts/start.js and the
// Electron end-to-end test, so both agree on "Electron is installed".
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The folder of the installed `electron` package (resolving package.json runs no code). */
export function electronPackageDir(root = projectRoot) {
  const require = createRequire(join(root, 'package.json'));
  return dirname(require.resolve('electron/package.json'));
}

/** The executable's path inside the dist folder, as electron's install.js names it per platform. */
function platformExecutable(platform) {
  if (platform === 'darwin' || platform === 'mas') return 'Electron.app/Contents/MacOS/Electron';
  if (platform === 'win32') return 'electron.exe';
  return 'electron';
}

/**
 * Resolves the binary the way the electron package does: node_modules/electron/path.txt names the
 * executable inside node_modules/electron/dist, and ELECTRON_OVERRIDE_DIST_PATH replaces that dist.
 */
export function electronBinary({ root = projectRoot, env = process.env, platform = process.platform } = {}) {
  const packageDir = electronPackageDir(root);
  const pathFile = join(packageDir, 'path.txt');
  const executable = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : platformExecutable(platform);
  const distDir = env.ELECTRON_OVERRIDE_DIST_PATH || join(packageDir, 'dist');
  const path = join(distDir, executable);
  return { path, exists: existsSync(path), packageDir };
}
