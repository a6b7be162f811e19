import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { openSiteDb } from '../../src/site/db/open';
import { writeTransaction } from '../../src/site/db/write';
import { screenComment, type CommentToScreen } from '../../src/site/readers/screen';

/**
 * A second site process that screens comments, for tests of several processes on one store: it
 * keeps its own compiled rule set, as a server process does, and answers one JSON line (the
 * comment) with one JSON line (the screening). The comment routes that call screenComment in a
 * server are not part of this build yet; this runs the same call in the same kind of transaction.
 */
export async function main(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { data: { type: 'string' }, database: { type: 'string' } } });
  const site = await openSiteDb(values.database ? { database: values.database } : { data: values.data! }, { migrate: false });
  process.stdout.write('ready\n');
  for await (const line of createInterface({ input: process.stdin })) {
    const comment = JSON.parse(line) as CommentToScreen;
    const screening = await writeTransaction(site.db, (trx) => screenComment(trx, comment));
    process.stdout.write(`${JSON.stringify(screening)}\n`);
  }
  await site.close();
  return 0;
}
