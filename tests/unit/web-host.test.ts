import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import type { WebHost } from '../../src/web/server';
import { CONTENT_SECURITY_POLICY } from '../../src/web/security';
import { callApi, send, useWebHost } from './web-helpers';

const start = useWebHost();

const api = (h: WebHost, name: string, input: unknown, headers: Record<string, string> = {}) => callApi(h.port, h.token, name, input, headers);

describe('web host', () => {
  it('listens on 127.0.0.1 only, on a free port, with a tokenised launch URL', async () => {
    const h = await start();
    expect(h.port).toBeGreaterThan(0);
    expect(h.origin).toBe(`http://127.0.0.1:${h.port}`);
    expect(new URL(h.url).searchParams.get('token')).toBe(h.token);
    expect(h.token.length).toBeGreaterThanOrEqual(32);
    const { networkInterfaces } = await import('node:os');
    const external = Object.values(networkInterfaces()).flat().find((i) => i && i.family === 'IPv4' && !i.internal);
    // Loopback only: a connection to the machine's own network address is refused.
    if (external) {
      const { connect } = await import('node:net');
      const outcome = await new Promise<string>((resolve) => {
        const socket = connect(h.port, external.address);
        socket.on('connect', () => {
          socket.destroy();
          resolve('connected');
        });
        socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
      });
      expect(outcome).toBe('ECONNREFUSED');
    }
  });

  it('dispatches contract calls with a valid token', async () => {
    const h = await start();
    const reply = await api(h, 'articles:list', {});
    expect(reply.status).toBe(200);
    const body = JSON.parse(reply.body) as { ok: boolean; value: { headline: string }[] };
    expect(body.ok).toBe(true);
    expect(body.value).toHaveLength(1);
  });

  it('rejects a missing or wrong token', async () => {
    const h = await start();
    const missing = await send(h.port, '/api/articles:list', {
      method: 'POST',
      headers: { Host: `127.0.0.1:${h.port}`, 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(missing.status).toBe(401);
    const wrong = await api(h, 'articles:list', {}, { Authorization: 'Bearer nope' });
    expect(wrong.status).toBe(401);
    expect(wrong.body).not.toContain(h.token);
    const page = await send(h.port, '/', { headers: { Host: `127.0.0.1:${h.port}` } });
    expect(page.status).toBe(401);
    const badLaunch = await send(h.port, '/?token=guess', { headers: { Host: `127.0.0.1:${h.port}` } });
    expect(badLaunch.status).toBe(401);
  });

  it('rejects a foreign Host header (DNS rebinding)', async () => {
    const h = await start();
    const reply = await api(h, 'articles:list', {}, { Host: `evil.example:${h.port}` });
    expect(reply.status).toBe(403);
    expect(JSON.parse(reply.body)).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
  });

  it('rejects a foreign Origin even with the right token', async () => {
    const h = await start();
    expect((await api(h, 'articles:list', {}, { Origin: 'https://evil.example' })).status).toBe(403);
    expect((await api(h, 'articles:list', {}, { Origin: `http://127.0.0.1:${h.port + 1}` })).status).toBe(403);
    expect((await api(h, 'articles:list', {}, { Origin: h.origin })).status).toBe(200);
  });

  it('trades the launch token for an HttpOnly SameSite cookie and serves the app with a strict CSP', async () => {
    const h = await start();
    const launch = await send(h.port, new URL(h.url).pathname + new URL(h.url).search, { headers: { Host: `127.0.0.1:${h.port}` } });
    expect(launch.status).toBe(303);
    expect(launch.headers.location).toBe('/');
    const cookie = String(launch.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const page = await send(h.port, '/', { headers: { Host: `127.0.0.1:${h.port}`, Cookie: cookie.split(';')[0]! } });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>app</title>');
    expect(page.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe');
    expect(page.headers['x-frame-options']).toBe('DENY');
  });

  it('refuses path traversal out of the static folder', async () => {
    const h = await start();
    const reply = await send(h.port, '/..%2f..%2f..%2fetc%2fpasswd', { headers: { Host: `127.0.0.1:${h.port}`, Authorization: `Bearer ${h.token}` } });
    expect(reply.status).toBe(400);
  });

  it('returns envelopes for unknown calls, invalid inputs, non-JSON bodies and wrong methods', async () => {
    const h = await start();
    const unknown = await api(h, 'system:exec', { cmd: 'rm -rf /' });
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body)).toMatchObject({ ok: false, error: { code: 'unknown_call' } });
    const invalid = await api(h, 'articles:get', { id: 42 });
    expect(invalid.status).toBe(400);
    expect(JSON.parse(invalid.body)).toMatchObject({ ok: false, error: { code: 'invalid_input', fields: { id: expect.any(String) } } });
    const notJson = await send(h.port, '/api/articles:list', {
      method: 'POST',
      headers: { Host: `127.0.0.1:${h.port}`, Authorization: `Bearer ${h.token}`, 'Content-Type': 'application/json' },
      body: '{nope',
    });
    expect(notJson.status).toBe(400);
    const form = await send(h.port, '/api/articles:list', {
      method: 'POST',
      headers: { Host: `127.0.0.1:${h.port}`, Authorization: `Bearer ${h.token}`, 'Content-Type': 'text/plain' },
      body: '{}',
    });
    expect(form.status).toBe(415);
    const get = await send(h.port, '/api/articles:list', { headers: { Host: `127.0.0.1:${h.port}`, Authorization: `Bearer ${h.token}` } });
    expect(get.status).toBe(405);
  });

  it('streams workspace events to subscribers', async () => {
    const h = await start();
    const received = new Promise<string>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port: h.port, path: '/api/events', headers: { Host: `127.0.0.1:${h.port}`, Authorization: `Bearer ${h.token}` } },
        (res) => {
          let text = '';
          let created = false;
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            text += chunk;
            if (text.includes('event: articles:changed')) {
              resolve(text);
              req.destroy();
            }
            if (!created && text.includes(': connected')) {
              created = true;
              api(h, 'articles:create', { headline: 'Evented' }).catch(reject);
            }
          });
        },
      );
      req.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code !== 'ECONNRESET') reject(error);
      });
      req.end();
    });
    expect(await received).toMatch(/event: articles:changed\ndata: \{"ids":\["[^"]+"\]\}/);
  });
});
