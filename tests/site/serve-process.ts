import { parseArgs } from 'node:util';
import { startSiteServer } from '../../src/site/index';
import { DEFAULT_COMMENT_LIMITS } from '../../src/site/readers/comments-routes';
import { DEFAULT_READER_LIMITS } from '../../src/site/readers/votes-routes';

/**
 * A site server in a process of its own, run from source through scripts/run-ts.js, for tests
 * that kill it (-9) or run several side by side. It starts the server as `copydesk site serve`
 * does and prints the same line; the command itself is not used because scripts/run-ts.js
 * closes its module runner after loading, and the command loads src/site lazily.
 */
export async function main(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { data: { type: 'string' }, database: { type: 'string' }, port: { type: 'string' }, 'purge-url': { type: 'string' }, 'no-ip-limit': { type: 'boolean' } } });
  const storage = values.database ? { database: values.database } : { data: values.data! };
  // --no-ip-limit: load tests send every reader's votes and comments from 127.0.0.1.
  const readerLimits = values['no-ip-limit'] ? { ...DEFAULT_READER_LIMITS, votesPerIp: null } : undefined;
  const commentLimits = values['no-ip-limit'] ? { ...DEFAULT_COMMENT_LIMITS, commentsPerIp: null, reportsPerIp: null } : undefined;
  const site = await startSiteServer({ storage, port: Number(values.port ?? 0), logger: { level: 'warn' }, readerLimits, commentLimits, ...(values['purge-url'] ? { purgeUrl: values['purge-url'] } : {}) });
  process.stdout.write(`Copydesk site is running at ${site.url}\n`);
  await new Promise<void>((resolve) => process.once('SIGTERM', resolve));
  await site.close();
  return 0;
}
