import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { openSiteDb } from '../../src/site/db/open';
import { writeTransaction } from '../../src/site/db/write';
import { LiveMemo } from '../../src/site/pages/live-memo';
import { FeedStore } from '../../src/site/store/feeds';
import { TokenStore } from '../../src/site/store/tokens';
import { useEngines } from '../site/engines';
import { readerComment, siteArticle, startSite, type SiteUnderTest } from '../site/harness';
import { spawnSite, type ServerProcess } from '../site/processes';
import { castVote, signedInReader } from '../site/readers';

/**
 * Issue 14 (live parts with 500 comments): /live/<id>.json is built once per change and served
 * from memory, and every process learns of a change from the database on the next request.
 */

const ENGINES = useEngines();
const sites: SiteUnderTest[] = [];
const children: ServerProcess[] = [];
afterEach(async () => {
  while (sites.length) await sites.pop()!.running.close();
  while (children.length) children.pop()!.child.kill('SIGKILL');
});

interface LiveJson {
  votes: { interesting: { yes: number; total: number }; support: { yes: number; total: number } };
  comments: { id: string; body: string }[];
  commentsHtml: string;
}
const liveJson = async (site: string, id: string): Promise<{ etag: string; json: LiveJson }> => {
  const response = await fetch(new URL(`live/${id}.json`, site));
  expect(response.status).toBe(200);
  return { etag: response.headers.get('etag')!, json: (await response.json()) as LiveJson };
};

describe('LiveMemo', () => {
  it('issue 14: one build per marker shared by concurrent requests, a new marker builds again', async () => {
    const memo = new LiveMemo();
    let builds = 0;
    const build = (marker: string) => async () => {
      builds++;
      await new Promise((r) => setTimeout(r, 5));
      return { marker, response: { body: Buffer.from(`${marker}#${builds}`), etag: `"${builds}"`, headers: {}, gzip: null } };
    };
    const first = await Promise.all(Array.from({ length: 20 }, () => memo.get('a1', 'm1', build('m1'))));
    expect(builds).toBe(1);
    expect(new Set(first.map((r) => r.body.toString()))).toEqual(new Set(['m1#1']));
    expect((await memo.get('a1', 'm1', build('m1'))).body.toString()).toBe('m1#1');
    expect((await memo.get('a1', 'm2', build('m2'))).body.toString()).toBe('m2#2');
    // A build that read a newer state than the request's marker is stored under its own marker.
    expect((await memo.get('a1', 'm3', build('m4'))).body.toString()).toBe('m4#3');
    expect((await memo.get('a1', 'm4', build('m4'))).body.toString()).toBe('m4#3');
    expect(builds).toBe(3);
    // A failed build is not kept: the next request tries again.
    await expect(memo.get('a2', 'm1', () => Promise.reject(new Error('database gone')))).rejects.toThrow('database gone');
    expect((await memo.get('a2', 'm1', build('m1'))).body.toString()).toBe('m1#4');
  });
});

describe.each(ENGINES)('live JSON from memory on $name', (engine) => {
  it('issue 14: unchanged live parts are the same bytes (ETag, 304); any change, even one made without telling this process, shows on the next request', async () => {
    // No invalidation and a bound longer than the test: only the database's marker can show a change.
    const s = await startSite({ storage: await engine.storage(), cache: { ttlMs: 10 * 60_000 }, readerLimits: { votesPerReader: { max: 100, windowMs: 60_000 }, votesPerIp: null } });
    sites.push(s);
    const site = s.running.listening;
    expect((await s.call('PUT', 'articles/p1', { body: siteArticle('Bridge reopens', { slug: 'bridge' }) })).status).toBe(200);
    const feeds = new FeedStore(s.running.site.db);
    const moderate = (decision: { action: 'approve' | 'reject'; commentId: string }) => writeTransaction(s.running.site.db, (trx) => feeds.moderate(trx, { decisions: [decision] }, new Date().toISOString()));
    await feeds.upsertComments(Array.from({ length: 30 }, (_, i) => ({ ...readerComment(`c${i}`, 'p1', `Comment ${i}`), status: 'approved' as const })));
    const first = await liveJson(site, 'p1');
    expect(first.json.comments).toHaveLength(30);
    expect((await liveJson(site, 'p1')).etag).toBe(first.etag);
    expect((await fetch(new URL('live/p1.json', site), { headers: { 'if-none-match': first.etag } })).status).toBe(304);

    // A reader's vote: the answer and the next live JSON carry the new tallies.
    const ann = await signedInReader(s.running.site.db);
    expect((await castVote(site, 'p1', ann, 'support', 'yes')).status).toBe(200);
    expect((await liveJson(site, 'p1')).json.votes.support).toEqual({ yes: 1, total: 1 });
    expect((await castVote(site, 'p1', ann, 'support', 'no')).status).toBe(200);
    expect((await liveJson(site, 'p1')).json.votes.support).toEqual({ yes: 0, total: 1 });

    // Written straight to the database, as another process or an import would (no cache call).
    await feeds.upsertComments([{ ...readerComment('c-new', 'p1', 'Pending first'), createdAt: '2026-01-13T10:00:00Z', updatedAt: '2026-01-13T10:00:00Z' }]);
    expect((await liveJson(site, 'p1')).json.comments).toHaveLength(30);
    await moderate({ action: 'approve', commentId: 'c-new' });
    const approved = await liveJson(site, 'p1');
    expect(approved.json.comments.at(-1)).toMatchObject({ id: 'c-new', body: 'Pending first' });
    expect(approved.json.commentsHtml).toContain('Pending first');
    // An edit of an approved comment (a new feed number, the same count).
    await feeds.upsertComments([{ ...readerComment('c3', 'p1', 'Comment 3, corrected'), status: 'approved' as const, updatedAt: '2026-01-14T10:00:00Z' }]);
    expect((await liveJson(site, 'p1')).json.comments.find((c) => c.id === 'c3')?.body).toBe('Comment 3, corrected');
    // A removal: the count goes down.
    await moderate({ action: 'reject', commentId: 'c-new' });
    const removed = await liveJson(site, 'p1');
    expect(removed.json.comments.map((c) => c.id)).not.toContain('c-new');
    expect(removed.json.commentsHtml).not.toContain('Pending first');

    // Unpublished: a 404 at once, then published again.
    expect((await s.call('DELETE', 'articles/p1')).status).toBeLessThan(300);
    expect((await fetch(new URL('live/p1.json', site))).status).toBe(404);
  });
});

describe.each(ENGINES)('two server processes on one $name store: live JSON', (engine) => {
  it('issue 14: a vote or an approval through one process is in the live JSON of both on the request after the write', async () => {
    const storage = await engine.storage();
    const setup = await openSiteDb(storage);
    const { token } = await new TokenStore(setup.db).create('live marker');
    const ann = await signedInReader(setup.db);
    await setup.close();
    const [a, b] = [spawnSite(storage, ['--no-ip-limit']), spawnSite(storage, ['--no-ip-limit'])];
    children.push(a, b);
    const [urlA, urlB] = await Promise.all([a.url, b.url]);
    const api = (method: string, path: string, body: unknown) =>
      fetch(new URL(`api/${path}`, urlA), { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() }, body: JSON.stringify(body) });
    expect((await api('PUT', 'articles/x1', siteArticle('Harbour closes', { slug: 'harbour' }))).status).toBe(200);
    // Both processes hold the live JSON in memory before the writes.
    for (const url of [urlA, urlB]) expect((await liveJson(url, 'x1')).json.votes.interesting).toEqual({ yes: 0, total: 0 });

    expect((await castVote(urlA, 'x1', ann, 'interesting', 'yes')).status).toBe(200);
    for (const url of [urlB, urlA]) expect((await liveJson(url, 'x1')).json.votes.interesting).toEqual({ yes: 1, total: 1 });

    const feeds = await openSiteDb(storage);
    try {
      await new FeedStore(feeds.db).upsertComments([readerComment('k1', 'x1', 'Open it again')]);
    } finally {
      await feeds.close();
    }
    expect((await liveJson(urlB, 'x1')).json.comments).toEqual([]);
    expect((await api('POST', 'moderation', { decisions: [{ action: 'approve', commentId: 'k1' }] })).status).toBe(200);
    for (const url of [urlB, urlA]) expect((await liveJson(url, 'x1')).json.comments.map((c) => c.body)).toEqual(['Open it again']);
  }, 60_000);
});
