import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadConfigFromFile, type Logger } from 'vite';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

interface PackageManifest {
  name?: string;
  version?: string;
  scripts?: Record<string, string>;
  allowScripts?: Record<string, boolean>;
}

function readManifest(file: string): PackageManifest {
  return JSON.parse(readFileSync(file, 'utf8')) as PackageManifest;
}

/**
 * The install-time scripts npm 11 would run for an installed package: the declared lifecycle
 * scripts, or its implicit `node-gyp rebuild` when it ships a binding.gyp and declares none
 * (better-sqlite3's case: the lockfile does not record that one as hasInstallScript).
 */
function installScripts(packageDir: string): string[] {
  const scripts = readManifest(join(packageDir, 'package.json')).scripts ?? {};
  const declared = ['preinstall', 'install', 'postinstall'].filter((name) => scripts[name] !== undefined);
  if (declared.length === 0 && existsSync(join(packageDir, 'binding.gyp'))) return ['install (node-gyp rebuild)'];
  return declared;
}

describe('issue 15.18: a clean install prints no warnings', () => {
  it('issue 15.18: every installed package with an install script is approved or denied in allowScripts', () => {
    const policy = readManifest(join(root, 'package.json')).allowScripts ?? {};
    const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, { optional?: boolean }> };
    const uncovered: string[] = [];
    for (const path of Object.keys(lock.packages)) {
      const dir = join(root, path);
      // The root itself, and optional packages for other platforms that are not on this disk.
      if (path === '' || !existsSync(join(dir, 'package.json'))) continue;
      const { name, version } = readManifest(join(dir, 'package.json'));
      if (installScripts(dir).length > 0 && name !== undefined && !(name in policy) && !(`${name}@${version}` in policy)) uncovered.push(`${name}@${version}`);
    }
    expect(uncovered).toEqual([]);
  });

  it('issue 15.18: better-sqlite3 may still run its install script (it compiles where no prebuild fits)', () => {
    const policy = readManifest(join(root, 'package.json')).allowScripts ?? {};
    expect(policy['better-sqlite3']).toBe(true);
  });

  it.each(['vite.cli.config.ts', 'vite.web.config.ts', 'vite.publish-worker.config.ts', 'electron.vite.config.ts'])(
    'issue 15.18: %s loads without a Vite configLoader warning',
    async (file) => {
      const warnings: string[] = [];
      const logger: Logger = {
        info: () => {},
        warn: (message) => warnings.push(message),
        warnOnce: (message) => warnings.push(message),
        error: (message) => warnings.push(message),
        clearScreen: () => {},
        hasErrorLogged: () => false,
        hasWarned: false,
      };
      const loaded = await loadConfigFromFile({ command: 'build', mode: 'production' }, join(root, file), root, 'warn', logger);
      expect(loaded?.path).toBe(join(root, file));
      expect(warnings).toEqual([]);
    },
  );
});
