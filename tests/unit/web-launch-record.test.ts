import { chmodSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/index';
import { LAUNCH_RECORD_FILE, readLaunchRecord } from '../../src/web/launch-record';
import { tempDir } from './helpers';

interface Running {
  url: URL;
  stop(): Promise<number>;
}

/** A minimal browser build, enough for `serve` to start. */
function webBuild(): string {
  const web = tempDir();
  writeFileSync(join(web, 'index.html'), '<!doctype html><title>Copydesk</title>');
  mkdirSync(join(web, 'assets'));
  return web;
}

/** Runs `copydesk serve` in-process until stop() is called. */
async function serve(args: string[], web: string): Promise<Running> {
  const abort = new AbortController();
  let stdout = '';
  let announced: (url: string) => void = () => undefined;
  const url = new Promise<string>((resolve) => (announced = resolve));
  const exited = main(['serve', ...args], {
    stdout: {
      write: (chunk: string) => {
        stdout += chunk;
        const match = /Copydesk is running at (\S+)/.exec(stdout);
        if (match) announced(match[1]!);
      },
    },
    stderr: { write: () => true },
    env: { COPYDESK_WEB_DIR: web },
    signal: abort.signal,
  });
  const address = await Promise.race([url, exited.then((code) => Promise.reject(new Error(`serve exited with ${code}`)))]);
  return {
    url: new URL(address),
    stop: () => {
      abort.abort();
      return exited;
    },
  };
}

/** A call with the session cookie a tab got from the first run's launch link. */
async function callWithCookie(origin: string, token: string): Promise<number> {
  const response = await fetch(`${origin}/api/articles:list`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Cookie: `copydesk_token=${encodeURIComponent(token)}` },
    body: '{}',
  });
  return response.status;
}

describe('copydesk serve across restarts (issue 15.4)', () => {
  it('issue 15.4: a restarted host keeps the token and the port, so an open tab’s cookie still works', async () => {
    const workspace = tempDir();
    const web = webBuild();
    const first = await serve(['-w', workspace], web);
    const token = first.url.searchParams.get('token')!;
    expect(await callWithCookie(first.url.origin, token)).toBe(200);
    expect(await first.stop()).toBe(0);

    const file = join(workspace, LAUNCH_RECORD_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toContain(token);

    const second = await serve(['-w', workspace], web);
    try {
      expect(second.url.origin).toBe(first.url.origin);
      expect(second.url.searchParams.get('token')).toBe(token);
      expect(await callWithCookie(second.url.origin, token)).toBe(200);
    } finally {
      await second.stop();
    }
  });

  it('issue 15.4: --port 0 picks any free port but keeps the token', async () => {
    const workspace = tempDir();
    const web = webBuild();
    const first = await serve(['-w', workspace, '--port', '0'], web);
    await first.stop();
    const second = await serve(['-w', workspace, '--port', '0'], web);
    try {
      expect(second.url.searchParams.get('token')).toBe(first.url.searchParams.get('token'));
    } finally {
      await second.stop();
    }
  });

  it('issue 15.4: a record others can read, a symlink or a malformed file is not trusted', async () => {
    const workspace = tempDir();
    const file = join(workspace, LAUNCH_RECORD_FILE);
    const record = JSON.stringify({ token: 'a'.repeat(40), port: 4000 });

    writeFileSync(file, record, { mode: 0o644 });
    chmodSync(file, 0o644);
    expect(readLaunchRecord(workspace)).toBeNull();

    chmodSync(file, 0o600);
    expect(readLaunchRecord(workspace)).toEqual({ token: 'a'.repeat(40), port: 4000 });

    writeFileSync(file, JSON.stringify({ token: 'short', port: 4000 }));
    expect(readLaunchRecord(workspace)).toBeNull();

    const elsewhere = join(tempDir(), 'record.json');
    writeFileSync(elsewhere, record, { mode: 0o600 });
    const linked = tempDir();
    symlinkSync(elsewhere, join(linked, LAUNCH_RECORD_FILE));
    expect(readLaunchRecord(linked)).toBeNull();
  });

  it('issue 15.4: an untrusted record is replaced by a fresh token, written 0600', async () => {
    const workspace = tempDir();
    const file = join(workspace, LAUNCH_RECORD_FILE);
    writeFileSync(file, JSON.stringify({ token: 'b'.repeat(40), port: null }), { mode: 0o644 });
    chmodSync(file, 0o644);
    const running = await serve(['-w', workspace, '--port', '0'], webBuild());
    try {
      expect(running.url.searchParams.get('token')).not.toBe('b'.repeat(40));
      expect(statSync(file).mode & 0o777).toBe(0o600);
    } finally {
      await running.stop();
    }
  });
});
