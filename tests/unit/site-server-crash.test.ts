import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { ArticleVersionSchema, StoredArticleSchema } from '../../src/shared/remote/site-api';
import { openSiteDb } from '../../src/site/db/open';
import { TokenStore } from '../../src/site/store/tokens';
import { useEngines } from '../site/engines';
import { siteArticle } from '../site/harness';
import { spawnSite, type ServerProcess } from '../site/processes';

const ENGINES = useEngines();
const children: ServerProcess[] = [];
afterEach(() => {
  while (children.length) children.pop()!.child.kill('SIGKILL');
});

const COUNT = 40;

describe.each(ENGINES)('site server killed with -9 on $name', (engine) => {
  it('issue 13 bad input: a kill -9 at any moment loses no acknowledged write, and retries with the same keys apply each write once', async () => {
    const storage = await engine.storage();
    const setup = await openSiteDb(storage);
    const { token } = await new TokenStore(setup.db).create('crash test');
    await setup.close();

    const writes = Array.from({ length: COUNT }, (_, i) => ({ id: `crash${i}`, key: randomUUID(), article: siteArticle(`Crash ${i}`) }));
    const put = (base: string, w: (typeof writes)[number]) =>
      fetch(new URL(`api/articles/${w.id}`, base), {
        method: 'PUT',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': w.key },
        body: JSON.stringify(w.article),
      });

    const first = spawnSite(storage);
    children.push(first);
    const url = await first.url;
    // Four clients write at once; the server is killed once a third of the writes are answered,
    // with others in flight.
    const acknowledged = new Map<string, string>();
    let next = 0;
    const client = async () => {
      while (next < COUNT) {
        const w = writes[next++]!;
        try {
          const response = await put(url, w);
          if (response.status === 200) acknowledged.set(w.id, ArticleVersionSchema.parse(await response.json()).version);
        } catch {
          // The connection died with the server: not acknowledged.
        }
        if (acknowledged.size >= COUNT / 3 && !first.child.killed) first.child.kill('SIGKILL');
      }
    };
    await Promise.all([client(), client(), client(), client()]);
    expect(await first.exited).toBeNull();
    expect(acknowledged.size).toBeGreaterThanOrEqual(COUNT / 3);
    expect(acknowledged.size).toBeLessThan(COUNT);

    const second = spawnSite(storage);
    children.push(second);
    const again = await second.url;
    const read = async (id: string) => {
      const response = await fetch(new URL(`api/articles/${id}`, again), { headers: { authorization: `Bearer ${token}` } });
      return response.status === 200 ? StoredArticleSchema.parse(await response.json()) : null;
    };
    for (const [id, version] of acknowledged) expect((await read(id))?.version, id).toBe(version);

    // The client retries every write with its own key: each ends as version 1, applied once.
    for (const w of writes) {
      const response = await put(again, w);
      expect(response.status, w.id).toBe(200);
      expect(ArticleVersionSchema.parse(await response.json()).version).toBe('1');
    }
    for (const w of writes) expect((await read(w.id))?.headline).toBe(w.article.headline);
  }, 120_000);
});
