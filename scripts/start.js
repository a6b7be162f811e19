#!/usr/bin/env node
// `npm start`: build with electron-vite and run the desktop app. The Electron binary is looked up
// without touching the `electron` package's index.js (which would start a download); when it is
// missing we try the package's own installer once, then explain the browser alternative.
//
// Test hooks: COPYDESK_SKIP_ELECTRON_DOWNLOAD=1 skips the download attempt;
// COPYDESK_ELECTRON_INSTALL_SCRIPT replaces electron's install.js.

// First, before anything can crash on an old Node: one sentence and exit 1 there.
import './check-node.cjs';
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { electronBinary, projectRoot } from './electron-binary.js';

const INSTALL_TIMEOUT_MS = 60_000;

/**
 * Runs electron's installer once, its output kept to ourselves: when the download fails it prints
 * a stack (`TypeError: fetch failed` and a dozen `at …` lines) that tells a person less than our
 * message below.
 */
function tryInstall(packageDir) {
  if (process.env.COPYDESK_SKIP_ELECTRON_DOWNLOAD === '1') return;
  const script = process.env.COPYDESK_ELECTRON_INSTALL_SCRIPT || join(packageDir, 'install.js');
  console.error('Copydesk: the Electron binary is not installed; trying to download it once...');
  const result = spawnSync(process.execPath, [script], { cwd: packageDir, stdio: 'ignore', timeout: INSTALL_TIMEOUT_MS });
  if (result.error?.code === 'ETIMEDOUT') console.error(`Copydesk: the download did not finish within ${INSTALL_TIMEOUT_MS / 1000} s.`);
}

let binary = electronBinary();
if (!binary.exists) {
  tryInstall(binary.packageDir);
  binary = electronBinary();
}
if (!binary.exists) {
  console.error(
    [
      '',
      `Copydesk: the Electron binary could not be downloaded (looked for ${binary.path}).`,
      'Check your network or proxy and run `npm start` again, or install it with',
      '`node node_modules/electron/install.js`.',
      '',
      'Meanwhile, `npm run start:web` runs Copydesk in your browser against the same workspace.',
      '',
    ].join('\n'),
  );
  process.exit(1);
}

const require = createRequire(import.meta.url);
const electronVite = join(require.resolve('electron-vite/package.json'), '..', 'bin', 'electron-vite.js');
const build = spawnSync(process.execPath, [electronVite, 'build'], { cwd: projectRoot, stdio: 'inherit' });
if (build.status !== 0) {
  console.error('Copydesk: electron-vite build failed.');
  process.exit(build.status ?? 1);
}

// ELECTRON_RUN_AS_NODE would make Electron behave as plain Node and never open a window.
const env = { ...process.env };
delete env.ELECTRON_RUN_AS_NODE;
const child = spawn(binary.path, [projectRoot, ...process.argv.slice(2)], { cwd: projectRoot, stdio: 'inherit', env });
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  });
}
child.on('error', (error) => {
  console.error(`Copydesk: could not start Electron: ${error.message}`);
  process.exit(1);
});
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
