import { parseArgs } from 'node:util';
import { openSiteDb } from '../../src/site/db/open';
import { FeedStore } from '../../src/site/store/feeds';
import type { RemoteComment, RemoteVote } from '../../src/shared/remote/site-api';

/**
 * Readers acting on a site, for browser tests (there is no reader UI yet): inserts comments and
 * votes through the site's own store, in a process of its own (Playwright cannot load src/site,
 * whose migrations are bundled by Vite). Usage, through scripts/run-ts.js:
 *   seed-process.ts --data DIR [--comments JSON] [--votes JSON]
 */
export async function main(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { data: { type: 'string' }, comments: { type: 'string' }, votes: { type: 'string' } } });
  const site = await openSiteDb({ data: values.data! });
  try {
    const feeds = new FeedStore(site.db);
    if (values.comments) await feeds.upsertComments(JSON.parse(values.comments) as RemoteComment[]);
    if (values.votes) await feeds.upsertVotes(JSON.parse(values.votes) as RemoteVote[]);
    return 0;
  } finally {
    await site.close();
  }
}
