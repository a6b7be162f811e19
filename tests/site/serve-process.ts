import { parseArgs } from 'node:util';
import { startSiteServer } from '../../src/site/index';

/**
 * A site server in a process of its own, run from source through scripts/run-ts.js, for tests
 * that kill it (-9) or run several side by side. It starts the server as `copydesk site serve`
 * does and prints the same line; the command itself is not used because scripts/run-ts.js
 * closes its module runner after loading, and the command loads src/site lazily.
 */
export async function main(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { data: { type: 'string' }, database: { type: 'string' }, port: { type: 'string' }, 'purge-url': { type: 'string' } } });
  const storage = values.database ? { database: values.database } : { data: values.data! };
  const site = await startSiteServer({ storage, port: Number(values.port ?? 0), logger: { level: 'warn' }, ...(values['purge-url'] ? { purgeUrl: values['purge-url'] } : {}) });
  process.stdout.write(`Copydesk site is running at ${site.url}\n`);
  await new Promise<void>((resolve) => process.once('SIGTERM', resolve));
  await site.close();
  return 0;
}
