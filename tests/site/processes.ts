import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { SiteStorage } from '../../src/site/db/open';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface ServerProcess {
  child: ChildProcess;
  /** The site's address, once it printed it. */
  url: Promise<string>;
  exited: Promise<number | null>;
  output(): string;
}

export function storageArgs(storage: SiteStorage): string[] {
  return 'data' in storage ? ['--data', storage.data] : ['--database', storage.database];
}

/** Starts `copydesk site serve` from source in a child process, on any free port. */
export function spawnSite(storage: SiteStorage, extraArgs: string[] = []): ServerProcess {
  const child = spawn(process.execPath, ['scripts/run-ts.js', 'tests/site/serve-process.ts', '--port', '0', ...storageArgs(storage), ...extraArgs], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const url = new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const match = /Copydesk site is running at (\S+)/.exec(out);
      if (match) resolve(match[1]!);
    });
    child.on('exit', (code) => reject(new Error(`the site process ended (${code}) before it started: ${out}`)));
  });
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  return { child, url, exited: new Promise((resolve) => child.on('exit', (code) => resolve(code))), output: () => out };
}
