import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { ArticleVersionSchema, CommentPageSchema, ModerationResultSchema, StoredArticleSchema, VotePageSchema, ApiErrorSchema } from '../../src/shared/remote/site-api';
import { FeedStore } from '../../src/site/store/feeds';
import { TokenStore } from '../../src/site/store/tokens';
import { useEngines } from '../site/engines';
import { readerComment, readerVote, siteArticle, startSite, type SiteUnderTest } from '../site/harness';

const ENGINES = useEngines();
const sites: SiteUnderTest[] = [];
afterEach(async () => {
  while (sites.length) await sites.pop()!.running.close();
});

describe.each(ENGINES)('site API on $name', (engine) => {
  async function site(options: Parameters<typeof startSite>[0] extends infer O ? Partial<O> : never = {}) {
    const started = await startSite({ storage: await engine.storage(), ...options });
    sites.push(started);
    return started;
  }

  it('issue 13.3: articles put/get/delete with ETag, If-Match and 412', async () => {
    const s = await site();
    const first = await s.call('PUT', 'articles/a1', { body: siteArticle('First') });
    expect(first.status).toBe(200);
    expect(ArticleVersionSchema.parse(first.json)).toEqual({ id: 'a1', version: '1' });
    expect(first.headers.get('etag')).toBe('"1"');

    const read = await s.call('GET', 'articles/a1');
    expect(read.status).toBe(200);
    expect(StoredArticleSchema.parse(read.json)).toMatchObject({ id: 'a1', version: '1', headline: 'First' });

    // Existing article without If-Match, and with a stale one: 412, nothing written.
    expect((await s.call('PUT', 'articles/a1', { body: siteArticle('No match') })).status).toBe(412);
    const stale = await s.call('PUT', 'articles/a1', { body: siteArticle('Stale'), headers: { 'if-match': '7' } });
    expect(stale.status).toBe(412);
    expect(ApiErrorSchema.parse(stale.json).error.code).toBe('version_mismatch');

    // The version as the client echoes it (plain), or as an HTTP ETag (quoted).
    expect((await s.call('PUT', 'articles/a1', { body: siteArticle('Second'), headers: { 'if-match': '1' } })).json).toEqual({ id: 'a1', version: '2' });
    expect((await s.call('PUT', 'articles/a1', { body: siteArticle('Third'), headers: { 'if-match': '"2"' } })).json).toEqual({ id: 'a1', version: '3' });
    expect(StoredArticleSchema.parse((await s.call('GET', 'articles/a1')).json).headline).toBe('Third');

    expect((await s.call('DELETE', 'articles/a1')).status).toBe(204);
    expect((await s.call('DELETE', 'articles/a1')).status).toBe(204);
    expect((await s.call('GET', 'articles/a1')).status).toBe(404);
    // Deleted on the site while the client still holds a version: 412, not a silent re-create.
    expect((await s.call('PUT', 'articles/a1', { body: siteArticle('Back'), headers: { 'if-match': '3' } })).status).toBe(412);
  });

  it('issue 13.3: a repeated Idempotency-Key replays the first response without writing again, for at least 24 hours', async () => {
    let clock = Date.parse('2026-03-01T00:00:00Z');
    const s = await site({ now: () => clock });
    const key = randomUUID();
    const first = await s.call('PUT', 'articles/k1', { body: siteArticle('Once'), headers: { 'idempotency-key': key } });
    expect(first.status).toBe(200);
    clock += 24 * 60 * 60 * 1000 + 60_000;
    // Checked before If-Match and before the body: the same answer, byte for byte.
    const again = await s.call('PUT', 'articles/k1', { body: siteArticle('Twice'), headers: { 'idempotency-key': key } });
    expect(again.status).toBe(200);
    expect(again.text).toBe(first.text);
    expect(again.headers.get('etag')).toBe('"1"');
    expect([first.headers.get('idempotent-replayed'), again.headers.get('idempotent-replayed')]).toEqual([null, 'true']);
    expect(StoredArticleSchema.parse((await s.call('GET', 'articles/k1')).json)).toMatchObject({ version: '1', headline: 'Once' });
    // The same key on another operation is a client bug, said plainly.
    expect((await s.call('DELETE', 'articles/k1', { headers: { 'idempotency-key': key } })).status).toBe(422);
    // A write without a key is refused.
    expect((await s.call('PUT', 'articles/k2', { body: siteArticle('No key'), headers: { 'idempotency-key': 'not-a-uuid' } })).status).toBe(400);
  });

  it('issue 13.3: bearer tokens are checked against stored hashes; scopes and revocation apply', async () => {
    const s = await site();
    expect((await s.call('GET', 'articles/x', { token: null })).status).toBe(401);
    const wrong = s.token.slice(0, -4) + (s.token.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    expect((await s.call('GET', 'articles/x', { token: wrong })).status).toBe(401);
    expect((await s.call('GET', 'articles/x', { token: 'cds_0000000000000000_' + 'A'.repeat(43) })).status).toBe(401);
    const tokens = new TokenStore(s.running.site.db);
    const { token: publisher } = await tokens.create('publisher', ['publish']);
    expect((await s.call('GET', 'articles/x', { token: publisher })).status).toBe(404);
    expect((await s.call('GET', 'comments', { token: publisher })).status).toBe(403);
    expect(await tokens.revoke('publisher')).toBe(true);
    expect((await s.call('GET', 'articles/x', { token: publisher })).status).toBe(401);
    // Only a hash is stored.
    const rows = await s.running.site.db.selectFrom('site_tokens').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(publisher);
    expect(JSON.stringify(rows)).not.toContain(s.token);
  });

  it('issue 13.3: comments and votes feeds page with stable cursors, and moderation changes rejoin the feed', async () => {
    const s = await site();
    const feeds = new FeedStore(s.running.site.db);
    await feeds.upsertComments(Array.from({ length: 250 }, (_, i) => readerComment(`c${i}`, 'art1')));
    await feeds.upsertVotes([readerVote('v1', 'art1'), readerVote('v2', 'art1')]);
    const ids: string[] = [];
    let since: string | undefined;
    const hasMore: boolean[] = [];
    for (;;) {
      const page = CommentPageSchema.parse((await s.call('GET', `comments?limit=100${since ? `&since=${since}` : ''}`)).json);
      ids.push(...page.items.map((c) => c.id));
      hasMore.push(page.hasMore);
      since = page.nextCursor;
      if (!page.hasMore) break;
    }
    expect(ids).toEqual(Array.from({ length: 250 }, (_, i) => `c${i}`));
    expect(hasMore).toEqual([true, true, false]);
    // Nothing new: the same cursor comes back with no items.
    const empty = CommentPageSchema.parse((await s.call('GET', `comments?since=${since}`)).json);
    expect(empty).toEqual({ items: [], nextCursor: since, hasMore: false });

    const decided = await s.call('POST', 'moderation', {
      body: { decisions: [{ action: 'approve', commentId: 'c3' }, { action: 'spam', commentId: 'missing' }, { action: 'void_vote', voteId: 'v2', reason: 'duplicate' }, { action: 'ban', authorId: 'a-c9' }] },
    });
    expect(decided.status).toBe(200);
    expect(ModerationResultSchema.parse(decided.json).results).toEqual([
      { index: 0, status: 'applied' },
      { index: 1, status: 'not_found' },
      { index: 2, status: 'applied' },
      { index: 3, status: 'applied' },
    ]);
    const changed = CommentPageSchema.parse((await s.call('GET', `comments?since=${since}`)).json);
    expect(changed.items.map((c) => [c.id, c.status])).toEqual([['c3', 'approved']]);
    const votes = VotePageSchema.parse((await s.call('GET', 'votes')).json);
    expect(votes.items.map((v) => [v.id, v.voided])).toEqual([['v1', false], ['v2', true]]);

    expect((await s.call('GET', 'comments?since=bm9wZQ')).status).toBe(400);
    expect((await s.call('GET', 'comments?limit=0')).status).toBe(400);
    expect((await s.call('GET', 'comments?limit=1001')).status).toBe(400);
  });

  it('issue 13.3: an invalid moderation batch is refused whole (all or nothing)', async () => {
    const s = await site();
    await new FeedStore(s.running.site.db).upsertComments([readerComment('c1', 'art1')]);
    const bad = await s.call('POST', 'moderation', { body: { decisions: [{ action: 'approve', commentId: 'c1' }, { action: 'explode', commentId: 'c1' }] } });
    expect(bad.status).toBe(400);
    expect(ApiErrorSchema.parse(bad.json).error.message).toContain('$.decisions[1]');
    const page = CommentPageSchema.parse((await s.call('GET', 'comments')).json);
    expect(page.items[0]!.status).toBe('pending');
  });

  it('issue 13 bad input: malformed JSON 400 with where, schema errors with a JSON path, 413 over 2 MB, 404 JSON for unknown API paths', async () => {
    const s = await site();
    const malformed = await s.call('PUT', 'articles/b1', { raw: '{\n  "slug": "x",\n  oops\n}' });
    expect(malformed.status).toBe(400);
    expect(ApiErrorSchema.parse(malformed.json).error.message).toMatch(/not valid JSON \(at line 3, column \d+\)/);

    const wrong = await s.call('PUT', 'articles/b1', { body: { ...siteArticle('Typed'), headline: 42 } });
    expect(wrong.status).toBe(400);
    expect(wrong.json).toMatchObject({ error: { code: 'invalid_request', path: '$.headline' } });

    const huge = await s.call('PUT', 'articles/b1', { body: siteArticle('Huge', { html: 'x'.repeat(2 * 1024 * 1024 + 10) }) });
    expect(huge.status).toBe(413);
    expect(ApiErrorSchema.parse(huge.json).error.code).toBe('too_large');
    expect((await s.call('GET', 'articles/b1')).status).toBe(404);

    const unknown = await s.call('GET', 'nothing/here');
    expect(unknown.status).toBe(404);
    expect(ApiErrorSchema.parse(unknown.json).error.message).toContain('/api/nothing/here');
    const page = await fetch(new URL('no-such-page?<b>', s.running.listening));
    expect(page.status).toBe(404);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).not.toContain('<b>');
  });

  it('issue 13.3: a token that sends too fast gets 429 with Retry-After, counted across server processes', async () => {
    const storage = await engine.storage();
    const rateLimit = { max: 3, windowMs: 60_000 };
    const clock = () => Date.parse('2026-03-01T00:00:10Z');
    const a = await startSite({ storage, logger: false, rateLimit, now: clock });
    sites.push(a);
    // A second server on the same store, as a second process behind a load balancer would be.
    const b = await startSite({ storage, logger: false, rateLimit, now: clock });
    sites.push(b);
    const statuses = [];
    for (const server of [a, b, a]) statuses.push((await server.call('GET', 'articles/r1', { token: a.token })).status);
    expect(statuses).toEqual([404, 404, 404]);
    const limited = await b.call('GET', 'articles/r1', { token: a.token });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('50');
    // Another token has its own allowance.
    expect((await b.call('GET', 'articles/r1')).status).toBe(404);
  });

  it('issue 13.5: /healthz and /readyz answer, with a request id on every response', async () => {
    const s = await site();
    const health = await fetch(new URL('healthz', s.running.listening));
    expect(health.status).toBe(200);
    expect(health.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const ready = await fetch(new URL('readyz', s.running.listening), { headers: { 'x-request-id': 'from-the-proxy' } });
    expect(await ready.json()).toEqual({ status: 'ready' });
    expect(ready.headers.get('x-request-id')).toBe('from-the-proxy');
  });
});
