import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test } from './fixtures';

/**
 * What the specs that drive the desk against a remote (a Copydesk site, Ghost, the contract
 * fixture) share: a credentials file of their own, commands run to their end, `copydesk site
 * serve`, and contract calls through the web host.
 */

/** Target secrets go to a throwaway plaintext file (no OS keychain here), removed after the spec. */
export function useTempSecretsFile(): void {
  const secretsDir = mkdtempSync(join(tmpdir(), 'copydesk-e2e-secrets-'));
  test.beforeAll(() => {
    process.env.COPYDESK_SECRETS_FILE = join(secretsDir, 'credentials.json');
  });
  test.afterAll(() => {
    delete process.env.COPYDESK_SECRETS_FILE;
    rmSync(secretsDir, { recursive: true, force: true });
  });
}

/** Runs a Node command to its end and returns what it printed. */
export function run(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.once('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${args.join(' ')} failed (${code}): ${err}`))));
  });
}

/** `copydesk site serve` on a free port; resolves once it printed its address. */
export function serveSite(data: string): Promise<{ url: string; child: ChildProcess }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/copydesk.js', 'site', 'serve', '--data', data, '--port', '0', '--log-level', 'warn', '--title', 'The Harbor Ledger'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const match = /Copydesk site is running at (\S+)/.exec(out);
      if (match) resolve({ url: match[1]!, child });
    });
    child.once('exit', (code) => reject(new Error(`copydesk site serve ended (${code}): ${out}`)));
  });
}

/** A contract call through the web host, authorised by the session cookie the page holds. */
export async function call<T>(page: Page, name: string, input: unknown = {}): Promise<T> {
  const envelope = await page.evaluate(
    async ([n, body]) => (await fetch(`/api/${n}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })).json() as Promise<{ ok: boolean; value: unknown; error?: { message: string } }>,
    [name, input] as const,
  );
  if (!envelope.ok) throw new Error(`${name}: ${envelope.error?.message}`);
  return envelope.value as T;
}
