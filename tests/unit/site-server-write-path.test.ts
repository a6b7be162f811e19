import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { REPLAYED_HEADER } from '../../src/site/store/requests';
import { TokenStore } from '../../src/site/store/tokens';
import { useEngines } from '../site/engines';
import { siteArticle, startSite, type SiteUnderTest } from '../site/harness';

const ENGINES = useEngines();
const sites: SiteUnderTest[] = [];
afterEach(async () => {
  while (sites.length) await sites.pop()!.running.close();
});

const HOUR = 60 * 60 * 1000;

describe.each(ENGINES)('the write path on $name', (engine) => {
  it('issue 13 benchmarks: a write over the rate limit (counted in its own transaction) gets 429 and leaves nothing behind, its key free for later', async () => {
    let clock = Date.parse('2026-03-01T00:00:10Z');
    const s = await startSite({ storage: await engine.storage(), rateLimit: { max: 2, windowMs: 60_000 }, now: () => clock });
    sites.push(s);
    const key = randomUUID();
    expect((await s.call('PUT', 'articles/a1', { body: siteArticle('One') })).status).toBe(200);
    expect((await s.call('PUT', 'articles/a2', { body: siteArticle('Two') })).status).toBe(200);
    const limited = await s.call('PUT', 'articles/a3', { body: siteArticle('Three'), headers: { 'idempotency-key': key } });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('50');
    const { token: reader } = await new TokenStore(s.running.site.db).create('reader');
    expect((await s.call('GET', 'articles/a3', { token: reader })).status).toBe(404);
    // The next window: the same key runs the write (nothing was recorded under it).
    clock += 60_000;
    const later = await s.call('PUT', 'articles/a3', { body: siteArticle('Three'), headers: { 'idempotency-key': key } });
    expect(later.status).toBe(200);
    expect(later.headers.get(REPLAYED_HEADER)).toBeNull();
  });

  it('issue 13 benchmarks: a key is replayed while its record lives, and runs the write again once it has expired', async () => {
    let clock = Date.parse('2026-03-01T00:00:00Z');
    const s = await startSite({ storage: await engine.storage(), now: () => clock });
    sites.push(s);
    const key = randomUUID();
    const first = await s.call('PUT', 'articles/x1', { body: siteArticle('Kept'), headers: { 'idempotency-key': key } });
    expect(first.status).toBe(200);
    clock += 24 * HOUR;
    const replay = await s.call('PUT', 'articles/x1', { body: siteArticle('Kept'), headers: { 'idempotency-key': key } });
    expect(replay.headers.get(REPLAYED_HEADER)).toBe('true');
    expect(replay.text).toBe(first.text);
    clock += 25 * HOUR;
    const fresh = await s.call('PUT', 'articles/x1', { body: siteArticle('Kept again'), headers: { 'idempotency-key': key, 'if-match': '"1"' } });
    expect(fresh.status).toBe(200);
    expect(fresh.headers.get(REPLAYED_HEADER)).toBeNull();
    expect(fresh.json).toEqual({ id: 'x1', version: '2' });
    // And that answer is now the one replayed.
    const again = await s.call('PUT', 'articles/x1', { body: siteArticle('Kept again'), headers: { 'idempotency-key': key, 'if-match': '"1"' } });
    expect(again.headers.get(REPLAYED_HEADER)).toBe('true');
    expect(again.json).toEqual({ id: 'x1', version: '2' });
  });
});
