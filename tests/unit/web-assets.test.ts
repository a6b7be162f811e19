import { copyFileSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { importAsset } from '../../src/core/assets/assets';
import type { Workspace } from '../../src/core/workspace';
import { startWebHost, type WebHost } from '../../src/web/server';
import { gif, png } from '../fixtures/images';
import { tempDir, tempWorkspace } from './helpers';

let host: WebHost | undefined;
afterEach(async () => {
  await host?.close();
  host = undefined;
});

async function start(): Promise<{ h: WebHost; ws: Workspace }> {
  const staticDir = tempDir();
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>app</title>');
  const ws = tempWorkspace();
  host = await startWebHost({ workspace: ws, staticDir });
  return { h: host, ws };
}

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** Raw HTTP so paths reach the server exactly as written (no client-side normalising). */
function get(h: WebHost, path: string, authorised = true, method = 'GET'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { Host: `127.0.0.1:${h.port}` };
    if (authorised) headers.Authorization = `Bearer ${h.token}`;
    const req = request({ host: '127.0.0.1', port: h.port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('GET /workspace-assets/<name>', () => {
  it('serves an imported image with its type, nosniff and the exact bytes', async () => {
    const { h, ws } = await start();
    const bytes = png(3, 3);
    const { src } = await importAsset(ws, bytes);
    const reply = await get(h, `/workspace-assets/${src.slice('assets/'.length)}`);
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('image/png');
    expect(reply.headers['x-content-type-options']).toBe('nosniff');
    expect(reply.body.equals(bytes)).toBe(true);
    const other = await importAsset(ws, gif(2, 2));
    expect((await get(h, `/workspace-assets/${other.src.slice('assets/'.length)}`)).headers['content-type']).toBe('image/gif');
    const head = await get(h, `/workspace-assets/${src.slice('assets/'.length)}`, true, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
  });

  it('refuses requests without the token', async () => {
    const { h, ws } = await start();
    const { src } = await importAsset(ws, png(2, 2));
    const reply = await get(h, `/workspace-assets/${src.slice('assets/'.length)}`, false);
    expect(reply.status).toBe(401);
    expect(reply.headers['content-type']).not.toBe('image/png');
  });

  it('answers 404 for a missing asset and never lists the folder', async () => {
    const { h, ws } = await start();
    await importAsset(ws, png(2, 2));
    expect((await get(h, `/workspace-assets/${'a'.repeat(32)}.png`)).status).toBe(404);
    for (const path of ['/workspace-assets/', '/workspace-assets', '/workspace-assets/.']) {
      const reply = await get(h, path);
      expect(reply.body.toString()).not.toMatch(/[0-9a-f]{32}\.png/);
      expect(reply.headers['content-type']).not.toMatch(/^image\//);
    }
  });

  it('refuses traversal and anything but a strict asset name', async () => {
    const { h, ws } = await start();
    writeFileSync(join(ws.dir, 'assets', 'notes.png'), png(1, 1));
    writeFileSync(join(ws.dir, 'assets', `${'b'.repeat(32)}.svg`), '<svg/>');
    for (const path of [
      '/workspace-assets/..%2Fcopydesk.db',
      '/workspace-assets/%2e%2e/copydesk.db',
      '/workspace-assets/..%5Ccopydesk.db',
      '/workspace-assets/notes.png',
      `/workspace-assets/${'b'.repeat(32)}.svg`,
      `/workspace-assets/${'B'.repeat(32)}.png`,
      `/workspace-assets/${'a'.repeat(32)}.png%00.png`,
    ]) {
      const reply = await get(h, path);
      expect(reply.status, path).toBeGreaterThanOrEqual(400);
      expect(reply.body.subarray(0, 16).toString('latin1'), path).not.toContain('SQLite');
      expect(reply.headers['content-type'], path).not.toMatch(/^image\//);
    }
  });

  it('issue 18.3: a symlink named like an asset is never followed, to a file outside or to copydesk.db', async () => {
    const { h, ws } = await start();
    const outside = join(tempDir(), 'outside.txt');
    writeFileSync(outside, 'secret outside the workspace');
    const folder = join(ws.dir, 'assets');
    const links: [string, string][] = [
      [outside, `${'1'.repeat(32)}.png`],
      [join(ws.dir, 'copydesk.db'), `${'2'.repeat(32)}.png`],
      ['../copydesk.db', `${'3'.repeat(32)}.jpg`],
      ['/etc/passwd', `${'4'.repeat(32)}.gif`],
    ];
    for (const [target, name] of links) symlinkSync(target, join(folder, name));
    // Even a link to a real asset in the folder: an asset is only ever a regular file.
    const { src } = await importAsset(ws, png(2, 2));
    symlinkSync(join(ws.dir, src), join(folder, `${'5'.repeat(32)}.png`));
    for (const name of [...links.map(([, n]) => n), `${'5'.repeat(32)}.png`]) {
      for (const method of ['GET', 'HEAD']) {
        const reply = await get(h, `/workspace-assets/${name}`, true, method);
        expect(reply.status, `${method} ${name}`).toBe(404);
        expect(reply.body.toString('latin1'), name).not.toMatch(/SQLite|secret outside|root:/);
      }
    }
    // The real asset itself still serves.
    expect((await get(h, `/workspace-assets/${src.slice('assets/'.length)}`)).status).toBe(200);
  });

  it('issue 18.3: an assets folder that is itself a link serves its own files, never links out of it', async () => {
    const { h, ws } = await start();
    const elsewhere = tempDir();
    const name = `${'6'.repeat(32)}.png`;
    writeFileSync(join(elsewhere, name), png(1, 1));
    // A workspace whose assets folder the owner moved to another disk and linked.
    rmSync(join(ws.dir, 'assets'), { recursive: true, force: true });
    symlinkSync(elsewhere, join(ws.dir, 'assets'));
    expect((await get(h, `/workspace-assets/${name}`)).status).toBe(200);
    // A file in it that links on elsewhere is still refused.
    mkdirSync(join(elsewhere, 'x'));
    copyFileSync(join(elsewhere, name), join(elsewhere, 'x', name));
    symlinkSync(join(elsewhere, 'x', name), join(elsewhere, `${'7'.repeat(32)}.png`));
    expect((await get(h, `/workspace-assets/${'7'.repeat(32)}.png`)).status).toBe(404);
  });
});
