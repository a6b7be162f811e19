import { parseArgs } from 'node:util';
import { startSiteServer } from '../../src/site/index';
import { openSiteDb } from '../../src/site/db/open';
import { TokenStore, type Scope } from '../../src/site/store/tokens';

/**
 * `copydesk site serve|token` for tests that run the desktop's local site from source: the same
 * server and token store, the same printed lines, in a process of its own. (The command itself
 * loads src/site lazily, which scripts/run-ts.js cannot do once its module runner has closed;
 * the e2e tests run the built command.)
 */
export async function main(argv: string[]): Promise<number> {
  try {
    return await run(argv);
  } catch (error) {
    // As bin/copydesk.js reports a failed command: one line on stderr, exit 1.
    process.stderr.write(`copydesk site: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

async function run(argv: string[]): Promise<number> {
  const [group, verb, ...rest] = argv;
  if (group !== 'site') throw new Error(`unexpected command ${argv.join(' ')}`);
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { data: { type: 'string' }, host: { type: 'string' }, port: { type: 'string' }, 'log-level': { type: 'string' }, title: { type: 'string' }, name: { type: 'string' }, scope: { type: 'string' } },
  });
  const storage = { data: values.data! };
  if (verb === 'serve') {
    const site = await startSiteServer({ storage, title: values.title, host: values.host, port: Number(values.port ?? 0), logger: { level: values['log-level'] ?? 'warn' } }).catch((error: unknown) => {
      if ((error as { code?: string }).code === 'EADDRINUSE') throw new Error(`Port ${values.port} on ${values.host} is already in use; choose another with --port.`);
      throw error;
    });
    process.stdout.write(`Copydesk site is running at ${site.url}\n`);
    await new Promise<void>((resolve) => process.once('SIGTERM', resolve));
    await site.close();
    return 0;
  }
  const site = await openSiteDb(storage);
  try {
    const tokens = new TokenStore(site.db);
    if (verb === 'token' && positionals[0] === 'create') {
      const { token } = await tokens.create(values.name!, (values.scope ?? 'publish,moderate').split(',') as Scope[]);
      process.stdout.write(`${token}\n`);
      return 0;
    }
    if (verb === 'token' && positionals[0] === 'revoke') return (await tokens.revoke(positionals[1]!)) ? 0 : 1;
    throw new Error(`unexpected command ${argv.join(' ')}`);
  } finally {
    await site.close();
  }
}
