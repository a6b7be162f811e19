import { afterEach, describe, expect, it } from 'vitest';
import { moderationIngest } from '../../src/core/sync/moderation-ingest';
import { useEngines } from '../site/engines';
import { siteArticle, startSite, type SiteUnderTest } from '../site/harness';
import { castVote, signedInReader } from '../site/readers';
import { tempWorkspace } from './helpers';
import { remoteFor } from './remote-helpers';

/**
 * Issue 14.2: readers' votes reach the desktop through `copydesk sync` with the signals its
 * vote-fraud view uses (account age, IP hash, device hash), and a withdrawn vote leaves the
 * desktop's tallies.
 */

const ENGINES = useEngines();
const sites: SiteUnderTest[] = [];
afterEach(async () => {
  while (sites.length) await sites.pop()!.running.close();
});

describe.each(ENGINES)('reader votes synced to the desktop ($name)', (engine) => {
  it('issue 14.2: votes arrive with account age, IP hash and device hash; withdrawn votes leave the desktop', async () => {
    const s = await startSite({ storage: await engine.storage() });
    sites.push(s);
    const ws = tempWorkspace();
    const article = ws.articles.create({ headline: 'Voted on' });
    expect((await s.call('PUT', `articles/${article.id}`, { body: siteArticle('Voted on') })).status).toBe(200);
    const url = s.running.listening;
    const ann = await signedInReader(s.running.site.db, { createdAt: '2026-12-07T09:00:00.000Z' });
    const bob = await signedInReader(s.running.site.db);
    await castVote(url, article.id, ann, 'interesting', 'yes');
    await castVote(url, article.id, bob, 'support', 'no');

    const remote = remoteFor(ws, { COPYDESK_TARGET_SITE_TOKEN: s.token }, { ingest: moderationIngest(ws.db), timeoutMs: 5_000 });
    remote.saveTarget({ name: 'site', kind: 'site', baseUrl: s.api });
    await remote.sync();
    const rows = () =>
      ws.db
        .prepare(
          `SELECT a.remote_id AS voter, a.remote_created_at AS created, v.axis, v.value, v.ip_hash AS ip, v.device_hash AS device, v.state
             FROM votes v JOIN comment_authors a ON a.id = v.voter_id ORDER BY a.remote_id = ? DESC`,
        )
        .all(ann.id) as { voter: string; created: string | null; axis: string; value: string; ip: string | null; device: string | null; state: string }[];
    const [annVote, bobVote] = rows();
    expect(annVote).toMatchObject({ voter: ann.id, axis: 'interesting', value: 'yes', state: 'counted' });
    expect(annVote!.created).toMatch(/^2026-12-07T09:00:00/);
    expect(annVote!.ip).toMatch(/^ip1_/);
    expect(annVote!.device).toMatch(/^dv1_/);
    expect(bobVote).toMatchObject({ voter: bob.id, axis: 'support', value: 'no', state: 'counted' });
    // Both came from one address on one day: the shared-IP signal can see it.
    expect(bobVote!.ip).toBe(annVote!.ip);

    // Ann takes her answer back and Bob changes his: the next sync follows both.
    await castVote(url, article.id, ann, 'interesting', 'withdraw');
    await castVote(url, article.id, bob, 'support', 'yes');
    await remote.sync();
    expect(rows().map((r) => [r.voter, r.axis, r.value])).toEqual([[bob.id, 'support', 'yes']]);
  });
});
