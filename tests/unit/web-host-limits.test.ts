import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import type { WebHost } from '../../src/web/server';
import { callApi, send, type Reply, useWebHost } from './web-helpers';

const start = useWebHost();

const FIFTY_MB = 50 * 1024 * 1024;

/**
 * POSTs `size` bytes to a contract call, declared up front (Content-Length) or streamed in 1 MB
 * chunks with no length (chunked), as a browser or script would. A reset connection rejects.
 */
function postLarge(h: WebHost, size: number, declared: boolean): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { Host: `127.0.0.1:${h.port}`, 'Content-Type': 'application/json', Authorization: `Bearer ${h.token}` };
    if (declared) headers['Content-Length'] = String(size);
    const req = request({ host: '127.0.0.1', port: h.port, path: '/api/articles:create', method: 'POST', headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    const chunk = Buffer.alloc(1024 * 1024, 0x20);
    let sent = 0;
    const writeMore = (): void => {
      while (sent < size) {
        sent += chunk.length;
        if (!req.write(chunk)) {
          req.once('drain', writeMore);
          return;
        }
      }
      req.end();
    };
    writeMore();
  });
}

describe('issue 18.4: a body over the limit gets 413 JSON, not a reset connection', () => {
  it.each([
    ['with a Content-Length', true],
    ['streamed without a length', false],
  ])('issue 18.4: a 50 MB POST %s answers 413 with the limit in the message, then closes', async (_label, declared) => {
    const h = await start();
    const reply = await postLarge(h, FIFTY_MB, declared);
    expect(reply.status).toBe(413);
    expect(reply.headers['content-type']).toMatch(/^application\/json/);
    expect(reply.headers.connection).toBe('close');
    const body = JSON.parse(reply.body) as { ok: boolean; error: { code: string; message: string } };
    expect(body).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(body.error.message).toContain('32 MB');
    // Nothing was created from the refused body, and the host still serves calls.
    const list = await callApi(h.port, h.token, 'articles:list', {});
    expect(list.status).toBe(200);
    expect((JSON.parse(list.body) as { value: unknown[] }).value).toHaveLength(1);
  });

  it('issue 18.4: a body just under the limit is still read and dispatched', async () => {
    const h = await start();
    // JSON allows whitespace around the value: 31 MB of it keeps the call itself tiny.
    const reply = await send(h.port, '/api/articles:create', {
      method: 'POST',
      headers: { Host: `127.0.0.1:${h.port}`, 'Content-Type': 'application/json', Authorization: `Bearer ${h.token}` },
      body: `${JSON.stringify({ headline: 'Padded' })}${' '.repeat(31 * 1024 * 1024)}`,
    });
    expect(reply.status).toBe(200);
  });
});
