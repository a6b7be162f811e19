import { afterEach, describe, expect, it } from 'vitest';
import { VotePageSchema } from '../../src/shared/remote/site-api';
import { writeTransaction } from '../../src/site/db/write';
import { openSiteDb, type SiteDb } from '../../src/site/db/open';
import { changeVote, readerVoteId } from '../../src/site/store/votes';
import { useEngines } from '../site/engines';
import { siteArticle, startSite, type SiteUnderTest } from '../site/harness';
import { castVote, signedInReader } from '../site/readers';

/**
 * The votes feed on PostgreSQL, where transactions really overlap: a vote whose transaction is
 * still open must not hold up other readers' votes (they no longer queue on feed_counters), and
 * the feed must still hand it out after it commits, after a cursor that moved past the votes
 * that committed meanwhile.
 */

const ENGINES = useEngines().filter((engine) => engine.name === 'postgres');
const sites: SiteUnderTest[] = [];
const dbs: SiteDb[] = [];
afterEach(async () => {
  while (dbs.length) await dbs.pop()!.close();
  while (sites.length) await sites.pop()!.running.close();
});

describe.each(ENGINES)('votes feed numbering on $name', (engine) => {
  it('issue 14.2: a vote left uncommitted does not block other votes, and the feed never skips it once it commits', async () => {
    const storage = await engine.storage();
    const s = await startSite({ storage });
    sites.push(s);
    const url = s.running.listening;
    for (const id of ['slow', 'busy']) expect((await s.call('PUT', `articles/${id}`, { body: siteArticle(`Story ${id}`, { slug: id }) })).status).toBe(200);
    const late = await signedInReader(s.running.site.db);
    const others = await Promise.all(Array.from({ length: 5 }, () => signedInReader(s.running.site.db)));
    // The late reader's earlier answer is already numbered (seen by the desktop once).
    await castVote(url, 'slow', late, 'support', 'yes');
    const first = VotePageSchema.parse((await s.call('GET', 'votes')).json);
    expect(first.items).toHaveLength(1);

    // A second connection changes that vote and keeps its transaction open.
    const side = await openSiteDb(storage, { migrate: false });
    dbs.push(side);
    let commit!: () => void;
    const held = new Promise<void>((resolve) => (commit = resolve));
    let changed!: () => void;
    const inside = new Promise<void>((resolve) => (changed = resolve));
    const id = readerVoteId('slow', late.id, 'support');
    const transaction = writeTransaction(side.db, async (trx) => {
      await changeVote(trx, id, (old) => (old ? { ...old, value: 0, created_at: new Date().toISOString() } : null), new Date().toISOString());
      changed();
      await held;
    });
    await inside;

    // Other readers vote meanwhile on another article; each must finish without waiting for it.
    for (const reader of others) {
      const started = performance.now();
      expect((await castVote(url, 'busy', reader, 'interesting', 'yes')).status).toBe(200);
      expect(performance.now() - started).toBeLessThan(3_000);
    }
    const meanwhile = VotePageSchema.parse((await s.call('GET', `votes?since=${first.nextCursor}`)).json);
    expect(meanwhile.items.map((v) => v.voterId).sort()).toEqual(others.map((r) => r.id).sort());

    commit();
    await transaction;
    const after = VotePageSchema.parse((await s.call('GET', `votes?since=${meanwhile.nextCursor}`)).json);
    expect(after.items.map((v) => [v.id, v.value])).toEqual([[id, false]]);
  });
});
