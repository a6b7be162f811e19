import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { WebHost } from '../../src/web/server';
import { tempDir } from './helpers';
import { callApi, send, tempStaticDir, useWebHost } from './web-helpers';

/**
 * The defences an outside attack confirmed (issue 18): foreign Host and Origin, missing token,
 * text/plain and form posts, GET on writes, traversal in every encoding. web-host.test.ts has one
 * case of each; these are the variants the attack tried, so none of them can quietly regress.
 */
const startHost = useWebHost();

const SECRET = 'secret-outside-the-build-3f9a';

/** A host whose browser build sits in <temp>/web, next to a secret file it must never serve. */
async function start(): Promise<{ h: WebHost; staticDir: string }> {
  const parent = tempDir();
  writeFileSync(join(parent, 'secret.txt'), SECRET);
  const staticDir = join(parent, 'web');
  mkdirSync(staticDir);
  return { h: await startHost(tempStaticDir(staticDir)), staticDir };
}

async function articleCount(h: WebHost): Promise<number> {
  const reply = await callApi(h.port, h.token, 'articles:list', {});
  return (JSON.parse(reply.body) as { value: unknown[] }).value.length;
}

describe('issue 18: the web host keeps refusing what the attack tried', () => {
  it('issue 18: refuses every foreign or missing Host, even with the right token', async () => {
    const { h } = await start();
    for (const hostHeader of [`evil.example:${h.port}`, `127.0.0.1:${h.port + 1}`, '127.0.0.1', `localhost.evil.example:${h.port}`, `127.0.0.1.nip.io:${h.port}`, `[::1]:${h.port}`]) {
      const reply = await callApi(h.port, h.token, 'articles:list', {}, { Host: hostHeader });
      expect(reply.status, hostHeader).toBe(403);
    }
  });

  it('issue 18: refuses a foreign, opaque or malformed Origin, even with the right token', async () => {
    const { h } = await start();
    for (const origin of ['null', `https://127.0.0.1:${h.port}`, `http://localhost:${h.port + 1}`, 'http://evil.example', 'http://[', `http://127.0.0.1:${h.port}.evil.example`]) {
      const reply = await callApi(h.port, h.token, 'articles:list', {}, { Origin: origin });
      expect(reply.status, origin).toBe(403);
    }
    expect((await callApi(h.port, h.token, 'articles:list', {}, { Origin: `http://localhost:${h.port}` })).status).toBe(200);
  });

  it('issue 18: an API call needs the token in a header or cookie, never in the query', async () => {
    const { h } = await start();
    const reply = await send(h.port, `/api/articles:create?token=${encodeURIComponent(h.token)}`, {
      method: 'POST',
      headers: { Host: `127.0.0.1:${h.port}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ headline: 'Via query' }),
    });
    expect(reply.status).toBe(401);
    expect(await articleCount(h)).toBe(1);
  });

  it('issue 18: refuses text/plain and form posts (what a cross-site form can send), and writes nothing', async () => {
    const { h } = await start();
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'text/plain; charset=application/json']) {
      const reply = await send(h.port, '/api/articles:create', {
        method: 'POST',
        headers: { Host: `127.0.0.1:${h.port}`, Authorization: `Bearer ${h.token}`, 'Content-Type': type },
        body: JSON.stringify({ headline: 'Forged' }),
      });
      expect(reply.status, type).toBe(415);
    }
    expect(await articleCount(h)).toBe(1);
  });

  it('issue 18: refuses GET and HEAD on writes, and writes nothing', async () => {
    const { h } = await start();
    for (const method of ['GET', 'HEAD']) {
      for (const call of ['articles:create', 'articles:trash', 'site:update', 'publish:site']) {
        const reply = await send(h.port, `/api/${call}?headline=Forged`, { method, headers: { Host: `127.0.0.1:${h.port}`, Authorization: `Bearer ${h.token}` } });
        expect(reply.status, `${method} ${call}`).toBe(405);
      }
    }
    expect(await articleCount(h)).toBe(1);
  });

  it('issue 18: never serves a file outside the browser build, whatever the encoding', async () => {
    const { h } = await start();
    const paths = [
      '/../secret.txt',
      '/..%2fsecret.txt',
      '/..%2Fsecret.txt',
      '/%2e%2e/secret.txt',
      '/%2e%2e%2fsecret.txt',
      '/.%2e/secret.txt',
      '/..%5csecret.txt',
      '/%2e%2e%5csecret.txt',
      '/%252e%252e%252fsecret.txt',
      '/%c0%ae%c0%ae/secret.txt',
      '/..%c0%afsecret.txt',
      '/..%ef%bc%8fsecret.txt',
      '/%u002e%u002e/secret.txt',
      '/..;/secret.txt',
      '/....//secret.txt',
      '/..%00/secret.txt',
      '/assets/../../secret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/assets/%2e%2e/%2e%2e/secret.txt',
      `/${'..%2f'.repeat(12)}secret.txt`,
    ];
    for (const path of paths) {
      const reply = await send(h.port, path, { headers: { Host: `127.0.0.1:${h.port}`, Authorization: `Bearer ${h.token}` } });
      expect(reply.body, path).not.toContain(SECRET);
    }
  });

  it('issue 18.1: a request while the browser build is missing answers 404, and the host keeps running', async () => {
    const { h, staticDir } = await start();
    rmSync(staticDir, { recursive: true, force: true });
    const page = await send(h.port, '/', { headers: { Host: `127.0.0.1:${h.port}`, Authorization: `Bearer ${h.token}` } });
    expect(page.status).toBe(404);
    expect(await articleCount(h)).toBe(1);
  });
});
