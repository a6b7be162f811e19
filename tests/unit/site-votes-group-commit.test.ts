import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it, vi } from 'vitest';
import { openSiteDb, type SiteDb } from '../../src/site/db/open';
import { VoteStore } from '../../src/site/store/votes';

/**
 * SQLite's group commit: concurrent votes share transactions, each still answered with its own
 * outcome, and one vote that fails inside a shared transaction fails alone.
 */

const open: { site: SiteDb; dir: string }[] = [];
afterEach(async () => {
  while (open.length) {
    const { site, dir } = open.pop()!;
    await site.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

const signals = { voterCreatedAt: null, ipHash: null, deviceHash: null };

it('issue 14.6: concurrent votes are committed in shared transactions with exact tallies; a failing vote fails alone', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'copydesk-group-'));
  const site = await openSiteDb({ data: dir });
  open.push({ site, dir });
  const votes = new VoteStore(site.db, true);
  const transactions = vi.spyOn(site.db, 'transaction');
  const grouped = votes;
  const now = new Date().toISOString();
  const outcomes = await Promise.allSettled(
    Array.from({ length: 300 }, (_, i) =>
      grouped.cast({
        articleId: 'art',
        readerId: `r${i % 200}`,
        axis: 'support',
        answer: i < 200 ? 'yes' : 'no',
        signals,
        now,
        limit: async () => {
          if (i === 150) throw new Error('this one fails');
          return 0;
        },
      }),
    ),
  );
  expect(outcomes.filter((o) => o.status === 'rejected')).toHaveLength(1);
  expect((outcomes[150] as PromiseRejectedResult).reason).toBeInstanceOf(Error);
  // Readers 0..99 said yes then no; 100..199 said yes (150's vote failed, so it has none).
  expect((await votes.tallies('art')).support).toEqual({ yes: 99, total: 199 });
  expect(await votes.recount('art')).toEqual({ interesting: { yes: 0, total: 0 }, support: { yes: 99, total: 199 } });
  // Far fewer commits than votes (plus one retry per vote of the batch that failed).
  expect(transactions.mock.calls.length).toBeLessThan(300);
});
