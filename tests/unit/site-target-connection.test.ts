// Issue 13 item 6: "Copydesk site" is a target kind next to Ghost. Its "Test connection" proves the
// address is a Copydesk site and the token holds both scopes, against the real site server, and
// says in a sentence what to fix when it does not.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { EnvFileSecretStore } from '../../src/core/remote/secrets';
import { siteApiRoot } from '../../src/core/remote/site/connection';
import type { Scope } from '../../src/site/store/tokens';
import { startSite, type SiteUnderTest } from '../site/harness';
import { useEngines } from '../site/engines';
import { tempWorkspace } from './helpers';

const ENGINES = useEngines();
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const clean of cleanups.splice(0).reverse()) await clean();
});

async function site(storage: Parameters<typeof startSite>[0]['storage'], scopes?: Scope[]): Promise<SiteUnderTest> {
  const s = await startSite({ storage }, scopes);
  cleanups.push(() => s.running.close());
  return s;
}

/** The desk's own "Test connection" for a target at `baseUrl` with `token`. */
async function testConnection(baseUrl: string, token: string) {
  const ws = tempWorkspace({ seed: false, remote: { secrets: new EnvFileSecretStore({ COPYDESK_TARGET_NEWS_TOKEN: token }, null), timeoutMs: 5_000 } });
  cleanups.push(() => ws.close());
  const target = ws.remote.saveTarget({ name: 'news', kind: 'site', baseUrl, autoPublish: false });
  return ws.remote.testTarget(target.id);
}

describe('the API root of a Copydesk site', () => {
  it('is the site address plus api/, and an address already ending in /api is kept', () => {
    expect(siteApiRoot('https://news.example.org')).toBe('https://news.example.org/api/');
    expect(siteApiRoot('https://news.example.org/')).toBe('https://news.example.org/api/');
    expect(siteApiRoot('https://news.example.org/api')).toBe('https://news.example.org/api/');
    expect(siteApiRoot('https://example.org/news/')).toBe('https://example.org/news/api/');
  });
});

describe.each(ENGINES)('Test connection to a Copydesk site on $name', (engine) => {
  it('passes with the site address and a publish+moderate token, and with the API root too', async () => {
    const s = await site(await engine.storage());
    const ok = await testConnection(s.running.listening, s.token);
    expect(ok).toEqual({ ok: true, message: `Connected to the Copydesk site at ${s.running.listening}: this token may publish articles and moderate comments and votes.` });
    expect((await testConnection(s.api, s.token)).ok).toBe(true);
  });

  it('names the missing scope', async () => {
    const storage = await engine.storage();
    const publishOnly = await site(storage, ['publish']);
    expect(await testConnection(publishOnly.running.listening, publishOnly.token)).toEqual({
      ok: false,
      message: 'The token may publish but not moderate comments and votes. Create one with the moderate scope too (--scope publish,moderate).',
    });
    const moderateOnly = await site(await engine.storage(), ['moderate']);
    expect(await testConnection(moderateOnly.running.listening, moderateOnly.token)).toEqual({
      ok: false,
      message: 'The token may moderate but not publish articles. Create one with the publish scope too (--scope publish,moderate).',
    });
  });

  it('says the token is wrong or revoked', async () => {
    const s = await site(await engine.storage());
    const result = await testConnection(s.running.listening, `${s.token.slice(0, -4)}AAAA`);
    expect(result).toEqual({ ok: false, message: 'The site refused the token: it is wrong or was revoked. Create a new one on the site (copydesk site token create) and paste it here.' });
  });
});

describe('Test connection to an address that is not a Copydesk site', () => {
  it('says nothing answers at a closed port', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    expect(await testConnection(`http://127.0.0.1:${port}/`, 'cds_x')).toEqual({ ok: false, message: `Nothing answers at http://127.0.0.1:${port}/. Check the address, and that the site is running.` });
  });

  it('says an ordinary web server is not a Copydesk site (HTML, or JSON of another shape)', async () => {
    for (const answer of [
      { type: 'text/html', body: '<!doctype html><title>Blog</title><h1>Not found</h1>' },
      { type: 'application/json', body: '{"posts":[]}' },
    ]) {
      const server: Server = createServer((_req, res) => res.writeHead(answer.type === 'text/html' ? 404 : 200, { 'content-type': answer.type }).end(answer.body));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
      expect(await testConnection(url, 'cds_x')).toEqual({
        ok: false,
        message: `Something answers at ${url}, but it is not a Copydesk site. Check the address: it is the site’s own address, such as https://news.example.org/.`,
      });
    }
  });
});
