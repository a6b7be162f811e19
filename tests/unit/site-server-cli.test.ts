import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { main, type CliIO } from '../../src/cli/index';
import { useEngines } from '../site/engines';
import { siteArticle } from '../site/harness';

const ENGINES = useEngines();

interface Run {
  code: Promise<number>;
  stdout: () => string;
  stderr: () => string;
  stop: () => void;
}

const running: Run[] = [];
afterEach(async () => {
  while (running.length) {
    const run = running.pop()!;
    run.stop();
    await run.code;
  }
});

function start(argv: string[], env: Record<string, string> = {}): Run {
  let stdout = '';
  let stderr = '';
  const controller = new AbortController();
  const io: CliIO = { stdout: { write: (c: string) => (stdout += c) }, stderr: { write: (c: string) => (stderr += c) }, env, signal: controller.signal };
  return { code: main(argv, io), stdout: () => stdout, stderr: () => stderr, stop: () => controller.abort() };
}

async function run(argv: string[], env: Record<string, string> = {}) {
  const r = start(argv, env);
  return { code: await r.code, stdout: r.stdout(), stderr: r.stderr() };
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 20));
  if (!check()) throw new Error('timed out waiting');
}

describe.each(ENGINES)('copydesk site on $name', (engine) => {
  it('issue 13.1: token create prints the token once, list never shows it, serve accepts it, revoke refuses it', async () => {
    const storage = await engine.storage();
    const where = 'data' in storage ? ['--data', storage.data] : ['--database', storage.database];

    const migrated = await run(['site', 'migrate', ...where]);
    expect(migrated.code, migrated.stderr).toBe(0);
    // Every numbered migration is applied to a new store and named (0003 readers, 0004 votes, ...).
    expect(migrated.stdout).toMatch(/Applied \d+ migration\(s\) to .*0001_site\.sql/);
    expect(migrated.stdout).toContain('0004_engagement.sql');
    expect((await run(['site', 'migrate', ...where])).stdout).toContain('up to date');

    const created = await run(['site', 'token', 'create', '--name', 'newsroom desk', ...where]);
    expect(created.code, created.stderr).toBe(0);
    const token = created.stdout.trim();
    expect(token).toMatch(/^cds_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    expect(created.stderr).toContain('shown only this once');

    const listed = await run(['site', 'token', 'list', ...where]);
    expect(listed.stdout).toMatch(/active\s+publish,moderate\s+\S+\s+newsroom desk/);
    expect(listed.stdout).not.toContain(token);

    const server = start(['site', 'serve', '--port', '0', '--title', 'The Harbour Times', ...where]);
    running.push(server);
    await until(() => server.stdout().includes('\n'));
    const url = /^Copydesk site is running at (http:\/\/127\.0\.0\.1:\d+\/)$/m.exec(server.stdout())?.[1];
    expect(url, server.stdout() + server.stderr()).toBeDefined();
    const put = (key: string) =>
      fetch(new URL('api/articles/cli1', url), {
        method: 'PUT',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify(siteArticle('From the CLI')),
      });
    expect((await put('7d2c4a5e-8b1f-4c3d-9e6a-0f1b2c3d4e5f')).status).toBe(200);
    // The published article is a page on the site, under the site's title.
    const page = await fetch(new URL('from-the-cli/', url));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>From the CLI · The Harbour Times</title>');

    expect((await run(['site', 'token', 'revoke', 'newsroom desk', ...where])).code).toBe(0);
    expect((await put('8d2c4a5e-8b1f-4c3d-9e6a-0f1b2c3d4e5f')).status).toBe(401);
    expect((await run(['site', 'token', 'revoke', 'newsroom desk', ...where])).code).toBe(1);

    server.stop();
    expect(await server.code).toBe(0);
    // JSON log lines with request ids, and no token in them.
    const logs = server.stderr().trim().split('\n').map((l) => JSON.parse(l) as { reqId?: string });
    expect(logs.some((l) => typeof l.reqId === 'string')).toBe(true);
    expect(server.stderr()).not.toContain(token);
  });
});

describe('copydesk site serve shutdown', () => {
  it('issue 13.5: on stop it answers the request in flight, refuses new ones, then exits 0', async () => {
    const storage = await ENGINES[0]!.storage();
    const where = 'data' in storage ? ['--data', storage.data] : [];
    const token = (await run(['site', 'token', 'create', '--name', 'desk', ...where])).stdout.trim();
    const server = start(['site', 'serve', '--port', '0', ...where]);
    running.push(server);
    await until(() => server.stdout().includes('\n'));
    const url = new URL(/running at (\S+)/.exec(server.stdout())![1]!);
    const body = JSON.stringify(siteArticle('In flight'));
    // A publish whose body is still arriving when the server is told to stop.
    let finish: (() => void) | null = null;
    const answered = new Promise<number>((resolve, reject) => {
      const req = request(
        { host: url.hostname, port: url.port, method: 'PUT', path: '/api/articles/inflight', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'idempotency-key': '6f1c2d3e-4a5b-4c6d-8e7f-901234567890' } },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', reject);
      req.write(body.slice(0, 100));
      finish = () => req.end(body.slice(100));
    });
    await new Promise((r) => setTimeout(r, 300));
    server.stop();
    // Once stopping, new requests are refused (no new connections, or 503), while ours waits.
    let late: number | string = 200;
    for (let i = 0; i < 100 && late === 200; i++) {
      await new Promise((r) => setTimeout(r, 50));
      late = await fetch(new URL('healthz', url)).then((r) => r.status, () => 'refused');
    }
    expect([503, 'refused']).toContain(late);
    finish!();
    expect(await answered).toBe(200);
    expect(await server.code).toBe(0);
    running.pop();
    // The write it answered is stored.
    const again = start(['site', 'serve', '--port', '0', ...where]);
    running.push(again);
    await until(() => again.stdout().includes('\n'));
    const read = await fetch(new URL('api/articles/inflight', /running at (\S+)/.exec(again.stdout())![1]!), { headers: { authorization: `Bearer ${token}` } });
    expect(read.status).toBe(200);
  });
});

describe('copydesk site usage', () => {
  it('issue 13.1: usage errors exit 2 and say what to do', async () => {
    expect((await run(['site'])).code).toBe(2);
    expect((await run(['site', 'dance'])).code).toBe(2);
    expect((await run(['site', 'token', 'create'])).stderr).toContain('--name NAME is required');
    const both = await run(['site', 'serve', '--data', '/tmp/x', '--database', 'postgres://x/y']);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('not both');
    expect((await run(['site', 'serve', '--port', 'eighty'])).code).toBe(2);
    expect((await run(['site', 'serve', '--public-url', 'ftp://x'])).code).toBe(2);
    expect((await run(['--help'])).stdout).toMatch(/^ {2}site +Run Copydesk Site/m);
  });
});
