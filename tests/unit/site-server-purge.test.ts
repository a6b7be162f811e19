import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { listingPagesChanged } from '../../src/site/purge/plan';
import type { ListingPlace } from '../../src/site/store/listings';
import { FeedStore } from '../../src/site/store/feeds';
import { useEngines } from '../site/engines';
import { readerComment, readerVote, siteArticle, startSite } from '../site/harness';
import { startPurgeReceiver, type PurgeReceiver } from '../site/purge-receiver';
import type { SiteServerOptions } from '../../src/site/index';

/**
 * Issue 13 item 4: purge of exactly the pages an event changed. The webhook is a real HTTP
 * receiver on 127.0.0.1; the pages it is told about carry the same surrogate keys.
 */

const ENGINES = useEngines();
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const place = (position: number, total: number, heading = 'World'): ListingPlace => ({ kind: 'section', slug: 'world', position, total, heading });

describe('which listing pages a write changed', () => {
  it('issue 13.4: an edit in place changes its own page only; a move, the pages between; an arrival or departure, the pages after it', () => {
    expect(listingPagesChanged(place(45, 60), place(45, 60))).toEqual([3]);
    expect(listingPagesChanged(place(45, 60), place(3, 60))).toEqual([1, 2, 3]);
    expect(listingPagesChanged(undefined, place(25, 31))).toEqual([2]);
    expect(listingPagesChanged(place(5, 30), undefined)).toEqual([1, 2]);
    expect(listingPagesChanged(undefined, undefined)).toEqual([]);
  });

  it('issue 13.4: a change of page count or of the heading (the newest spelling) changes every page', () => {
    // 40 → 41 items: "Page N of 2" becomes "of 3" everywhere.
    expect(listingPagesChanged(undefined, place(30, 41))).toEqual([1, 2, 3]);
    expect(listingPagesChanged(place(39, 41), undefined)).toEqual([1, 2, 3]);
    expect(listingPagesChanged(place(0, 30, 'World'), place(0, 30, 'world'))).toEqual([1, 2]);
    // The newest article arriving may bring its own spelling of the heading.
    expect(listingPagesChanged(undefined, place(0, 30))).toEqual([1, 2]);
  });
});

const day = (n: number) => new Date(Date.UTC(2026, 0, 1 + n, 9)).toISOString();
/** Story n: odd ones in "Local News", even ones in "World", all tagged water, published on day n of 2026. */
const story = (n: number) => siteArticle(`Story ${n}`, { slug: `story-${n}`, section: n % 2 ? 'Local News' : 'World', tags: ['water'], publishedAt: day(n), updatedAt: day(n) });

describe.each(ENGINES)('purge on $name', (engine) => {
  async function site(options: Partial<SiteServerOptions> = {}) {
    const receiver = await startPurgeReceiver();
    cleanups.push(() => receiver.stop());
    const s = await startSite({ storage: await engine.storage(), purgeUrl: receiver.url, publicUrl: 'https://news.example.org/', ...options });
    cleanups.push(() => s.running.close());
    return { s, receiver };
  }

  /** A site with stories 1–25, the webhook's record cleared once their purges arrived. */
  async function publishedSite(options: Partial<SiteServerOptions> = {}) {
    const { s, receiver } = await site(options);
    for (let n = 1; n <= 25; n++) expect((await s.call('PUT', `articles/s${n}`, { body: story(n) })).status).toBe(200);
    // Purges made while a call is on its way go together in the next one: wait for the last.
    await receiver.waitForUrl('https://news.example.org/story-25/');
    receiver.received.length = 0;
    return { s, receiver };
  }

  const at = (...paths: string[]) => paths.map((p) => `https://news.example.org${p}`).sort();
  const SITEMAP = ['/sitemap.xml', '/sitemap-pages.xml', '/sitemap-2026-01.xml'];
  const FEEDS = ['/feed.xml', '/atom.xml', '/feed.json'];

  /** The next webhook call, after checking that nothing else arrived before it. */
  async function next(receiver: PurgeReceiver, seen: number) {
    await receiver.waitFor(seen + 1);
    expect(receiver.received).toHaveLength(seen + 1);
    const got = receiver.received[seen]!;
    return { ...got, urls: [...got.urls].sort() };
  }

  it('issue 13.4: publish, edit and unpublish purge exactly the article, the listing pages it moved, feeds when it is among the newest, and the sitemap', async () => {
    const { s, receiver } = await publishedSite();

    // An edit that moves nothing: its page, the one page of each listing that shows it; not the feeds (it is 23rd).
    expect((await s.call('PUT', 'articles/s3', { body: { ...story(3), headline: 'Story 3, corrected' }, headers: { 'if-match': '"1"' } })).status).toBe(200);
    const edit = await next(receiver, 0);
    expect(edit.events).toEqual(['article.published']);
    expect(edit.urls).toEqual(at('/story-3/', '/page/2/', '/section/local-news/', '/tag/water/page/2/', ...SITEMAP));
    expect(edit.keys.sort()).toEqual(['article:s3', 'listing:home:2', 'listing:section:local-news:1', 'listing:tag:water:2', 'sitemap', 'sitemap:2026-01', 'sitemap:pages'].sort());

    // A new newest article: every page of home and of its tag (all shift), its section (not the other one), the feeds.
    const fresh = story(26);
    expect((await s.call('PUT', 'articles/s26', { body: fresh })).status).toBe(200);
    const published = await next(receiver, 1);
    const publishedUrls = at('/story-26/', '/', '/page/2/', '/section/world/', '/tag/water/', '/tag/water/page/2/', ...FEEDS, ...SITEMAP);
    expect(published.urls).toEqual(publishedUrls);

    // Every page it names that still exists carries the keys the webhook named.
    for (const url of published.urls) {
      const response = await fetch(new URL(new URL(url).pathname, s.running.listening));
      expect(response.status, url).toBe(200);
      const pageKeys = response.headers.get('surrogate-key')!.split(' ');
      expect(pageKeys[0]).toBe('copydesk-site');
      for (const key of pageKeys.slice(1)) expect(published.keys, url).toContain(key);
    }

    expect((await s.call('DELETE', 'articles/s26')).status).toBe(204);
    const unpublished = await next(receiver, 2);
    expect(unpublished.events).toEqual(['article.unpublished']);
    expect(unpublished.urls).toEqual(publishedUrls);
  });

  it('issue 13.4: refused writes, replays and unpublishing what is not there purge nothing', async () => {
    const { s, receiver } = await publishedSite();
    const key = randomUUID();
    const edit = { body: { ...story(25), summary: 'New summary' }, headers: { 'if-match': '"1"', 'idempotency-key': key } };
    expect((await s.call('PUT', 'articles/s25', edit)).status).toBe(200);
    await receiver.waitFor(1);
    // The same request again (a client retrying): the stored answer, no second purge.
    const replay = await s.call('PUT', 'articles/s25', edit);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    // A stale version: 412, nothing changed.
    expect((await s.call('PUT', 'articles/s25', { body: story(25), headers: { 'if-match': '"1"' } })).status).toBe(412);
    expect((await s.call('DELETE', 'articles/nothing-here')).status).toBe(204);
    expect((await s.call('PUT', 'articles/s24', { body: { ...story(24), headline: 'Story 24, again' }, headers: { 'if-match': '"1"' } })).status).toBe(200);
    const after = await next(receiver, 1);
    expect(after.urls).toContain('https://news.example.org/story-24/');
  });

  it('issue 13.4: a moderation batch purges the page and live parts of each article whose approved comments or counted votes it changed', async () => {
    const { s, receiver } = await publishedSite();
    const feeds = new FeedStore(s.running.site.db);
    await feeds.upsertComments([readerComment('c1', 's3'), readerComment('c2', 's5')]);
    await feeds.upsertVotes([readerVote('v1', 's7')]);
    const decisions = [
      { action: 'approve', commentId: 'c1' },
      // Pending to rejected: readers never saw it, so no page changes.
      { action: 'reject', commentId: 'c2' },
      { action: 'void_vote', voteId: 'v1' },
      { action: 'ban', authorId: 'a-c2' },
      { action: 'approve', commentId: 'nowhere' },
    ];
    expect((await s.call('POST', 'moderation', { body: { decisions } })).status).toBe(200);
    const moderated = await next(receiver, 0);
    expect(moderated.events).toEqual(['moderation.decided']);
    expect(moderated.urls).toEqual(at('/story-3/', '/live/s3.json', '/story-7/', '/live/s7.json'));
    expect(moderated.keys.sort()).toEqual(['article:s3', 'article:s7', 'live:s3', 'live:s7']);
    const live = await fetch(new URL('live/s3.json', s.running.listening));
    expect(live.headers.get('surrogate-key')).toBe('copydesk-site live:s3');

    // Decisions that change nothing readers see (re-approving, rejecting a pending one, a ban) send nothing.
    await feeds.upsertComments([readerComment('c3', 's9')]);
    expect((await s.call('POST', 'moderation', { body: { decisions: [{ action: 'approve', commentId: 'c1' }, { action: 'reject', commentId: 'c3' }, { action: 'ban', authorId: 'a-c3' }] } })).status).toBe(200);
    expect((await s.call('POST', 'moderation', { body: { decisions: [{ action: 'reject', commentId: 'c1' }] } })).status).toBe(200);
    const withdrawn = await next(receiver, 1);
    expect(withdrawn.urls).toEqual(at('/story-3/', '/live/s3.json'));
  });

  it('issue 13.4: writes made while a purge call is on its way go together in the next call', async () => {
    const { s, receiver } = await site();
    const held: ServerResponse[] = [];
    receiver.respond = (_request, response) => void held.push(response);
    expect((await s.call('PUT', 'articles/s1', { body: story(1) })).status).toBe(200);
    await receiver.waitFor(1);
    for (const n of [2, 3]) expect((await s.call('PUT', `articles/s${n}`, { body: story(n) })).status).toBe(200);
    expect((await s.call('DELETE', 'articles/s2')).status).toBe(204);
    receiver.respond = (_request, response) => response.writeHead(200).end();
    held[0]!.writeHead(200).end();
    const burst = await next(receiver, 1);
    expect(burst.events.sort()).toEqual(['article.published', 'article.unpublished']);
    expect(burst.urls).toEqual(expect.arrayContaining(at('/story-2/', '/story-3/', '/section/world/', '/section/local-news/')));
    expect(new Set(burst.urls).size).toBe(burst.urls.length);
  });

  it('issue 13.4: a failing, unreachable or hanging webhook never fails or holds up the write, and is logged without its secret', async () => {
    const logs: string[] = [];
    const logger = { level: 'warn', stream: { write: (line: string) => void logs.push(line) } };
    // A long timeout: a write that waited for the webhook would not be answered within the test.
    const { s, receiver } = await site({ logger, purgeTimeoutMs: 60_000 });
    receiver.respond = (_request, response) => response.writeHead(500).end('no');
    expect((await s.call('PUT', 'articles/s1', { body: story(1) })).status).toBe(200);
    await receiver.waitFor(1);
    for (let i = 0; i < 100 && !logs.some((l) => l.includes('refused the purge')); i++) await new Promise((r) => setTimeout(r, 20));
    expect(logs.join('')).toContain('the purge webhook refused the purge');

    // Hanging: the publish is answered while the webhook still holds the request.
    const held: ServerResponse[] = [];
    receiver.respond = (_request, response) => void held.push(response);
    expect((await s.call('PUT', 'articles/s2', { body: story(2) })).status).toBe(200);
    await receiver.waitFor(2);
    expect(held).toHaveLength(1);
    held[0]!.writeHead(200).end();

    // Unreachable: the receiver is gone.
    await receiver.stop();
    expect((await s.call('PUT', 'articles/s3', { body: story(3) })).status).toBe(200);
    for (let i = 0; i < 100 && !logs.some((l) => l.includes('could not be reached')); i++) await new Promise((r) => setTimeout(r, 20));
    expect(logs.join('')).toContain('the purge webhook could not be reached');
    expect(logs.join('')).not.toContain('s3cret');
    // Everything was stored and is served.
    for (const n of [1, 2, 3]) expect((await fetch(new URL(`story-${n}/`, s.running.listening))).status).toBe(200);
  });
});
