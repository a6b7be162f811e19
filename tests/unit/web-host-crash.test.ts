import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi, sendRaw, tempStaticDir } from './web-helpers';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

let child: ChildProcess;
let port = 0;
let token = '';
let output = '';
const dirs: string[] = [];

/** `copydesk serve` in its own process: an uncaught error there ends it, as it would for a user. */
beforeAll(async () => {
  // Own folders, not helpers.ts's: those are removed after each test, and the host outlives one.
  const workspace = mkdtempSync(join(tmpdir(), 'copydesk-serve-'));
  const staticDir = tempStaticDir(mkdtempSync(join(tmpdir(), 'copydesk-web-')));
  dirs.push(workspace, staticDir);
  child = spawn(process.execPath, ['scripts/run-ts.js', 'tests/fixtures/serve-process.ts', workspace, staticDir], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<URL>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Copydesk is running at (\S+)/.exec(output);
      if (match) resolve(new URL(match[1]!));
    });
    child.on('exit', (code) => reject(new Error(`copydesk serve exited (${code}) before it started:\n${output}`)));
  });
  port = Number(url.port);
  token = url.searchParams.get('token')!;
}, 60_000);

afterAll(() => {
  child.kill('SIGTERM');
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** The host is alive and still serves a real call. */
async function expectHostAnswers(): Promise<void> {
  expect(child.exitCode, output).toBeNull();
  const reply = await callApi(port, token, 'articles:list', {});
  expect(reply.status, output).toBe(200);
}

function rawRequest(method: string, path: string, headers: [string, string][], body = ''): string {
  const lines = [`${method} ${path} HTTP/1.1`, ...headers.map(([name, value]) => `${name}: ${value}`)];
  if (body !== '' || method === 'POST') lines.push(`Content-Length: ${Buffer.byteLength(body)}`);
  return `${lines.join('\r\n')}\r\nConnection: close\r\n\r\n${body}`;
}

describe('issue 18.1: no request can end `copydesk serve`', () => {
  it('issue 18.1: POST /api/%E0%A4%A with a valid token answers 400 JSON and the host keeps running', async () => {
    const reply = await callApi(port, token, '%E0%A4%A', {});
    expect(reply.status).toBe(400);
    expect(reply.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(reply.body)).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(/not a valid Copydesk path/) } });
    await expectHostAnswers();
  });

  it.each(['/api/%E0%A4%A', '/api/articles%3Alist%', '/api/%ZZ', '/%C0%AF', '/workspace-assets/%E0%A4%A.png', '/%', '/assets/%FF.js', '/?token=x&%E0'])(
    'issue 18.1: the malformed path %s answers 400 JSON on any route',
    async (path) => {
      const method = path.startsWith('/api/') ? 'POST' : 'GET';
      const reply = await sendRaw(port, rawRequest(method, path, [['Host', `127.0.0.1:${port}`], ['Authorization', `Bearer ${token}`], ['Content-Type', 'application/json']], method === 'POST' ? '{}' : ''));
      // The launch URL (?token=) is checked first: a wrong token there is a 401 page, also fine.
      expect(reply.status, reply.head).toBe(path.startsWith('/?token') ? 401 : 400);
      if (reply.status === 400) expect(reply.head).toMatch(/content-type: application\/json/i);
      await expectHostAnswers();
    },
  );

  it('issue 18.1: a token cookie with a broken escape is no token, not a crash', async () => {
    const reply = await sendRaw(port, rawRequest('POST', '/api/articles:list', [['Host', `127.0.0.1:${port}`], ['Cookie', 'copydesk_token=%E0%A4%A'], ['Content-Type', 'application/json']], '{}'));
    expect(reply.status).toBe(401);
    await expectHostAnswers();
  });

  it('issue 18.1: fuzzed paths and headers (fast-check) never end the host or fail inside it', async () => {
    const segment = fc.oneof(
      fc.constantFrom('api', 'workspace-assets', 'assets', 'index.html', 'articles:list', 'articles:get', 'events', '..', '.', '', '%2e%2e', '%2F', '%5C', '%00'),
      fc.constantFrom('%E0%A4%A', '%', '%Z', '%C0%AF', '%FF', '%ED%A0%80', '%F4%90%80%80', '%u002e', '%252e'),
      fc.stringMatching(/^[A-Za-z0-9%:._~!$&'()*+,;=@-]{0,12}$/),
      fc.string({ maxLength: 8 }).map(encodeURIComponent),
      // Raw non-ASCII on the request line; spaces and control characters would split it.
      fc.string({ maxLength: 6, unit: 'grapheme' }).filter((s) => [...s].every((c) => c.codePointAt(0)! > 0x20 && c !== '\u007f')),
    );
    const path = fc
      .tuple(fc.array(segment, { maxLength: 5 }), fc.option(fc.stringMatching(/^[A-Za-z0-9%=&]{0,16}$/), { nil: undefined }))
      .map(([parts, query]) => `/${parts.join('/')}${query === undefined ? '' : `?${query}`}`);
    // Header values may hold anything a client can put on the wire, except the line breaks that would end them.
    const junk = fc.string({ maxLength: 24 }).filter((s) => !/[\r\n\0]/.test(s));
    const headers = fc.record({
      host: fc.oneof(fc.constant(`127.0.0.1:${port}`), fc.constant(`localhost:${port}`), fc.constant('evil.example'), junk),
      origin: fc.option(fc.oneof(fc.constant(`http://127.0.0.1:${port}`), fc.constant('null'), fc.constant('http://['), junk), { nil: undefined }),
      authorization: fc.option(fc.oneof(fc.constant(`Bearer ${token}`), fc.constant('Bearer '), fc.constant('Bearer %E0%A4%A'), junk), { nil: undefined }),
      cookie: fc.option(fc.oneof(fc.constant(`copydesk_token=${token}`), fc.constant('copydesk_token=%E0%A4%A'), fc.constant('copydesk_token=%'), junk), { nil: undefined }),
      contentType: fc.option(fc.oneof(fc.constant('application/json'), fc.constant('text/plain'), fc.constant('multipart/form-data; boundary=x'), junk), { nil: undefined }),
    });
    const body = fc.oneof(fc.constant(''), fc.constant('{}'), fc.constant('{nope'), fc.constant('%E0%A4%A'), fc.json({ maxDepth: 2 }));
    const method = fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS');

    await fc.assert(
      fc.asyncProperty(method, path, headers, body, async (m, p, h, b) => {
        const list: [string, string][] = [['Host', h.host]];
        if (h.origin !== undefined) list.push(['Origin', h.origin]);
        if (h.authorization !== undefined) list.push(['Authorization', h.authorization]);
        if (h.cookie !== undefined) list.push(['Cookie', h.cookie]);
        if (h.contentType !== undefined) list.push(['Content-Type', h.contentType]);
        const reply = await sendRaw(port, rawRequest(m, p, list, m === 'POST' ? b : ''));
        // Every request gets an answer, and none is an internal failure.
        const context = `${m} ${p}\n${reply.head}\n${reply.error ?? ''}\nhost exit code: ${child.exitCode}\n${output.slice(-2000)}`;
        expect(reply.status, context).not.toBeNull();
        expect(reply.status, context).toBeLessThan(500);
        await expectHostAnswers();
      }),
      { numRuns: 250 },
    );
    expect(output).not.toMatch(/request failed|URIError/);
  }, 120_000);
});
