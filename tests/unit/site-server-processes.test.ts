import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { CommentPageSchema } from '../../src/shared/remote/site-api';
import { openSiteDb } from '../../src/site/db/open';
import { FeedStore } from '../../src/site/store/feeds';
import { TokenStore } from '../../src/site/store/tokens';
import { useEngines } from '../site/engines';
import { readerComment, siteArticle } from '../site/harness';
import { spawnSite, type ServerProcess } from '../site/processes';

const ENGINES = useEngines();
const children: ServerProcess[] = [];
afterEach(() => {
  while (children.length) children.pop()!.child.kill('SIGKILL');
});

describe.each(ENGINES)('two server processes on one $name store', (engine) => {
  it('issue 13.2: processes keep no state of their own: one write wins a version race, any process replays any key, feeds agree', async () => {
    const storage = await engine.storage();
    const setup = await openSiteDb(storage);
    const { token } = await new TokenStore(setup.db).create('two processes');
    await setup.close();
    const [a, b] = [spawnSite(storage), spawnSite(storage)];
    children.push(a, b);
    const urls = await Promise.all([a.url, b.url]);
    const put = (url: string, id: string, headline: string, key: string, ifMatch?: string) =>
      fetch(new URL(`api/articles/${id}`, url), {
        method: 'PUT',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': key, ...(ifMatch ? { 'if-match': ifMatch } : {}) },
        body: JSON.stringify(siteArticle(headline)),
      });

    const first = await put(urls[0], 'race', 'Start', randomUUID());
    expect(first.status).toBe(200);
    // Twelve editors publish on top of version 1 at once, through both processes: one wins.
    const racers = await Promise.all(Array.from({ length: 12 }, (_, i) => put(urls[i % 2]!, 'race', `Racer ${i}`, randomUUID(), '1')));
    const statuses = racers.map((r) => r.status).sort();
    expect(statuses).toEqual([200, ...Array<number>(11).fill(412)]);

    // A write sent to one process and retried on the other is applied once.
    const key = randomUUID();
    const once = await put(urls[0], 'retry', 'Retried', key);
    const again = await put(urls[1], 'retry', 'Retried', key);
    expect([once.status, again.status]).toEqual([200, 200]);
    expect(await again.text()).toBe(await once.text());
    expect(again.headers.get('idempotent-replayed')).toBe('true');

    // Comments written while both serve: both processes page the same feed.
    const store = await openSiteDb(storage);
    await new FeedStore(store.db).upsertComments(Array.from({ length: 30 }, (_, i) => readerComment(`p${i}`, 'race')));
    await store.close();
    const pages = await Promise.all(
      urls.map(async (url) => CommentPageSchema.parse(await (await fetch(new URL('api/comments?limit=1000', url), { headers: { authorization: `Bearer ${token}` } })).json())),
    );
    expect(pages[0]).toEqual(pages[1]);
    expect(pages[0]!.items).toHaveLength(30);
  }, 120_000);
});
