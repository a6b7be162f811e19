import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openSiteDb, type SiteDb } from '../../src/site/db/open';
import { writeTransaction } from '../../src/site/db/write';

const opened: { site: SiteDb; dir: string }[] = [];
afterEach(async () => {
  for (const { site, dir } of opened.splice(0)) {
    await site.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

async function sqliteSite(): Promise<SiteDb> {
  const dir = mkdtempSync(join(tmpdir(), 'copydesk-group-commit-'));
  const site = await openSiteDb({ data: dir });
  opened.push({ site, dir });
  return site;
}

const ban = (site: SiteDb, id: string) => (trx: Parameters<Parameters<typeof writeTransaction>[1]>[0]) =>
  trx.insertInto('banned_authors').values({ author_id: id, reason: '', banned_at: '2026-01-01T00:00:00Z' }).execute();

describe('group commit on SQLite', () => {
  it('issue 13 benchmarks: concurrent writes share a commit, one that fails rolls back alone, each sees the writes before it', async () => {
    const site = await sqliteSite();
    // A second connection to the file sees only what is committed.
    const outside = new Sqlite(site.describe, { readonly: true });
    const committed = () => (outside.prepare('SELECT count(*) AS n FROM banned_authors').get() as { n: number }).n;
    const seen: number[] = [];
    const committedWhileRunning: number[] = [];
    const writes = Array.from({ length: 6 }, (_, i) =>
      writeTransaction(site.db, async (trx) => {
        await ban(site, `author${i}`)(trx);
        const rows = await trx.selectFrom('banned_authors').select('author_id').execute();
        seen.push(rows.length);
        committedWhileRunning.push(committed());
        if (i === 2) throw new Error('this write fails after its insert');
        return i;
      }),
    );
    const outcomes = await Promise.allSettled(writes);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled']);
    const stored = (await site.db.selectFrom('banned_authors').select('author_id').orderBy('author_id').execute()).map((r) => r.author_id);
    expect(stored).toEqual(['author0', 'author1', 'author3', 'author4', 'author5']);
    // Each write saw the ones before it (the failed one's row rolled back)...
    expect(seen).toEqual([1, 2, 3, 3, 4, 5]);
    // ...in one shared transaction: nothing was committed until all six had run.
    expect(committedWhileRunning).toEqual([0, 0, 0, 0, 0, 0]);
    expect(committed()).toBe(5);
    outside.close();
  });

  it('issue 13 benchmarks: when the shared commit fails, no write of the batch is acknowledged or stored', async () => {
    const site = await sqliteSite();
    // A deferred foreign key is checked only at COMMIT: the second write makes the shared commit fail.
    await sql`CREATE TABLE deferred_check (id INTEGER PRIMARY KEY, parent INTEGER REFERENCES deferred_check (id) DEFERRABLE INITIALLY DEFERRED)`.execute(site.db);
    const writes = [
      writeTransaction(site.db, async (trx) => ban(site, 'kept?')(trx)),
      writeTransaction(site.db, async (trx) => trx.insertInto('deferred_check' as never).values({ id: 1, parent: 99 } as never).execute()),
    ];
    const outcomes = await Promise.allSettled(writes);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    expect(await site.db.selectFrom('banned_authors').selectAll().execute()).toEqual([]);
  });
});
