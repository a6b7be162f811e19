import { afterEach, describe, expect, it } from 'vitest';
import { VotePageSchema, type RemoteVote } from '../../src/shared/remote/site-api';
import { openSiteDb, type SiteDb } from '../../src/site/db/open';
import { TokenStore } from '../../src/site/store/tokens';
import { VoteStore } from '../../src/site/store/votes';
import { useEngines } from '../site/engines';
import { siteArticle } from '../site/harness';
import { spawnSite, type ServerProcess } from '../site/processes';
import { castVote, signedInReaders } from '../site/readers';

/**
 * Issue 14 tests: 1,000 readers cast and change 10,000 votes at once, through two server
 * processes on one PostgreSQL (one process on SQLite), on one hot article and four others.
 * The slot tallies must equal a recount of the votes table and the answers the readers were
 * last told were saved; the feed must hold every vote once, in its final state.
 */

const ENGINES = useEngines();
const children: ServerProcess[] = [];
const open: SiteDb[] = [];
afterEach(async () => {
  while (children.length) children.pop()!.child.kill('SIGKILL');
  while (open.length) await open.pop()!.close();
});

const READERS = 1_000;
const VOTES_EACH = 10;
const IN_FLIGHT = 48;
const ARTICLES = ['hot', 'a2', 'a3', 'a4', 'a5'];
const AXES = ['interesting', 'support'] as const;
const ANSWERS = ['yes', 'no', 'withdraw'] as const;

/** A small seeded generator, so a failure replays the same votes. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

describe.each(ENGINES)('vote concurrency on $name', (engine) => {
  it('issue 14 tests: 1,000 readers casting and changing 10,000 votes in parallel end with tallies equal to a recount', async () => {
    const storage = await engine.storage();
    const setup = await openSiteDb(storage);
    open.push(setup);
    const { token } = await new TokenStore(setup.db).create('concurrency');
    const readers = await signedInReaders(setup.db, READERS);

    const processes = engine.name === 'postgres' ? [spawnSite(storage, ['--no-ip-limit']), spawnSite(storage, ['--no-ip-limit'])] : [spawnSite(storage, ['--no-ip-limit'])];
    children.push(...processes);
    const urls = await Promise.all(processes.map((p) => p.url));
    for (const id of ARTICLES) {
      const put = await fetch(new URL(`api/articles/${id}`, urls[0]), {
        method: 'PUT',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
        body: JSON.stringify(siteArticle(`Story ${id}`, { slug: id })),
      });
      expect(put.status).toBe(200);
    }

    // Each reader votes in sequence (a person clicks one answer after another); readers race.
    const next = random(14);
    const plans = readers.map((reader, r) =>
      Array.from({ length: VOTES_EACH }, () => ({
        reader,
        url: urls[r % urls.length]!,
        // Half of all votes land on the hot article.
        article: next() < 0.5 ? 'hot' : ARTICLES[1 + Math.floor(next() * 4)]!,
        axis: AXES[Math.floor(next() * 2)]!,
        answer: ANSWERS[Math.floor(next() * 3)]!,
      })),
    );
    /** What each reader was last told: article/axis/reader -> answer (null = withdrawn). */
    const told = new Map<string, 'yes' | 'no' | null>();
    const failures: string[] = [];
    let cursor = 0;
    async function worker() {
      while (cursor < plans.length) {
        const plan = plans[cursor++]!;
        for (const vote of plan) {
          const response = await castVote(vote.url, vote.article, vote.reader, vote.axis, vote.answer);
          if (response.status !== 200) failures.push(`${response.status} ${await response.text()}`);
          else {
            await response.arrayBuffer();
            told.set(`${vote.article}/${vote.axis}/${vote.reader.id}`, vote.answer === 'withdraw' ? null : vote.answer);
          }
        }
      }
    }
    const started = performance.now();
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
    console.log(`${engine.name}: ${READERS * VOTES_EACH} votes in ${Math.round(performance.now() - started)} ms`);
    expect(failures).toEqual([]);

    const votes = new VoteStore(setup.db);
    for (const article of ARTICLES) {
      const expected = Object.fromEntries(
        AXES.map((axis) => {
          const answers = [...told].filter(([key, answer]) => key.startsWith(`${article}/${axis}/`) && answer !== null).map(([, answer]) => answer);
          return [axis, { yes: answers.filter((a) => a === 'yes').length, total: answers.length }];
        }),
      );
      const tallies = await votes.tallies(article);
      expect({ interesting: tallies.interesting, support: tallies.support }).toEqual(expected);
      expect(await votes.recount(article)).toEqual(expected);
    }
    const hot = await votes.tallies('hot');
    expect(hot.interesting.total + hot.support.total).toBeGreaterThan(1_000);

    // The desktop's view: paging the feed from the start gives each vote once, in its final state.
    const seen = new Map<string, RemoteVote>();
    let since = '';
    for (;;) {
      const response = await fetch(new URL(`api/votes?limit=1000${since ? `&since=${since}` : ''}`, urls.at(-1)), { headers: { authorization: `Bearer ${token}` } });
      const page = VotePageSchema.parse(await response.json());
      for (const item of page.items) {
        expect(seen.has(item.id)).toBe(false);
        seen.set(item.id, item);
      }
      since = page.nextCursor;
      if (!page.hasMore) break;
    }
    const rows = await setup.db.selectFrom('votes').select(['id', 'value', 'withdrawn']).execute();
    expect(seen.size).toBe(rows.length);
    for (const row of rows) expect([seen.get(row.id)?.value, seen.get(row.id)?.withdrawn]).toEqual([row.value === 1, row.withdrawn === 1]);
  }, 600_000);
});
