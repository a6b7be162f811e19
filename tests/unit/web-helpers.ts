import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { startWebHost, type WebHost } from '../../src/web/server';
import { tempDir, tempWorkspace } from './helpers';

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A browser build stand-in: an app shell and one script, in a temp folder removed after the test (or in `staticDir`). */
export function tempStaticDir(staticDir = tempDir()): string {
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>app</title>');
  mkdirSync(join(staticDir, 'assets'));
  writeFileSync(join(staticDir, 'assets', 'app.js'), 'console.log(1)');
  return staticDir;
}

/**
 * Starts web hosts for the calling test file on a seeded temp workspace (the browser build from
 * tempStaticDir unless given), closing each after its test.
 */
export function useWebHost(): (staticDir?: string) => Promise<WebHost> {
  let host: WebHost | undefined;
  afterEach(async () => {
    await host?.close();
    host = undefined;
  });
  return async (staticDir = tempStaticDir()) => {
    host = await startWebHost({ workspace: tempWorkspace({ seed: true }), staticDir });
    return host;
  };
}

/** Raw HTTP through node:http, so tests can send any Host and Origin header (fetch forbids Host). */
export function send(port: number, path: string, init: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: init.method ?? 'GET', headers: init.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

/** A contract call with the token, as the browser renderer makes it. */
export function callApi(port: number, token: string, name: string, input: unknown, headers: Record<string, string> = {}): Promise<Reply> {
  return send(port, `/api/${name}`, {
    method: 'POST',
    headers: { Host: `127.0.0.1:${port}`, 'Content-Type': 'application/json', Authorization: `Bearer ${token}`, ...headers },
    body: JSON.stringify(input),
  });
}

/**
 * Writes `text` as it is onto a fresh TCP connection (node:http would refuse or escape a
 * malformed request line or header) and resolves with the status line's code once the response
 * head has arrived, or null when the connection ended without one.
 */
export function sendRaw(port: number, text: string): Promise<{ status: number | null; head: string; error?: string }> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    const finish = (error?: NodeJS.ErrnoException): void => {
      socket.destroy();
      const match = /^HTTP\/1\.[01] (\d{3})/.exec(received);
      const head = received.split('\r\n\r\n')[0] ?? '';
      resolve({ status: match ? Number(match[1]) : null, head, ...(error ? { error: error.code ?? error.message } : {}) });
    };
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      // The head is enough (an event stream would never end).
      if (received.includes('\r\n\r\n')) finish();
    });
    socket.on('end', () => finish());
    socket.on('error', finish);
    // Not end(): a half-closed client aborts its own request on the server before any reply.
    socket.write(Buffer.from(text, 'utf8'));
  });
}
