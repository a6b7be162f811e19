import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';

export interface Served {
  url: string;
  origin: string;
  workspace: string;
  process: ChildProcess;
  /** Stops the server (SIGKILL when `hard`, as a crash would) and resolves when it has exited. */
  stop(hard?: boolean): Promise<void>;
  /** Starts a new server on the same workspace (same port and token when free); resolves with its launch URL. */
  restart(): Promise<Served>;
}

/** Runs `copydesk serve` (the built CLI) on a workspace and waits for its "running at" line. */
export function serve(workspace: string, port?: number): Promise<Served> {
  return new Promise((resolve, reject) => {
    // Without a port, the first start takes any free port and a restart takes the same one again
    // (with the same token), as a person restarting `copydesk serve` would get. A fixed port
    // keeps the page's origin (and its storage) across two workspaces.
    const portArgs = port === undefined ? [] : ['--port', String(port)];
    const child = spawn(process.execPath, ['bin/copydesk.js', 'serve', '--workspace', workspace, ...portArgs], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, COPYDESK_WORKSPACE: '' },
    });
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`copydesk serve did not start:\n${out}\n${err}`)), 20_000);
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const match = /Copydesk is running at (\S+)/.exec(out);
      if (!match) return;
      clearTimeout(timer);
      const url = match[1]!;
      const exited = new Promise<void>((done) => child.once('exit', () => done()));
      resolve({
        url,
        origin: new URL(url).origin,
        workspace,
        process: child,
        stop: async (hard = false) => {
          if (child.exitCode === null) child.kill(hard ? 'SIGKILL' : 'SIGTERM');
          await exited;
        },
        restart: () => serve(workspace),
      });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`copydesk serve exited with ${code}:\n${out}\n${err}`));
    });
  });
}

export const test = base.extend<{ served: Served }>({
  // Playwright reads fixture dependencies from the destructuring pattern; this one has none.
  // eslint-disable-next-line no-empty-pattern
  served: async ({}, use) => {
    const workspace = mkdtempSync(join(tmpdir(), 'copydesk-e2e-'));
    const served = await serve(workspace);
    let current = served;
    await use(
      new Proxy(served, {
        get(target, key, receiver) {
          if (key === 'restart') {
            return async () => {
              current = await target.restart();
              return current;
            };
          }
          return Reflect.get(target, key, receiver) as unknown;
        },
      }),
    );
    await current.stop();
    await served.stop();
    rmSync(workspace, { recursive: true, force: true });
  },
});

/**
 * Clicks "New article" and waits until the new, empty form has the focus: typing before that
 * would edit the article that was open before.
 */
export async function newArticle(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'New article' }).click();
  const headline = page.getByLabel('Headline', { exact: true });
  await expect(headline).toBeFocused();
  await expect(headline).toHaveValue('');
}

export { expect };
