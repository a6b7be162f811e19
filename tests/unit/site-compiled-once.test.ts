import { afterEach, describe, expect, it } from 'vitest';
import { compiledOnce } from '../../src/site/db/compiled';
import { openSiteDb, type SiteDb } from '../../src/site/db/open';
import { writeTransaction } from '../../src/site/db/write';
import { useEngines } from '../site/engines';

const ENGINES = useEngines();
const opened: SiteDb[] = [];
afterEach(async () => {
  while (opened.length) await opened.pop()!.close();
});

describe.each(ENGINES)('compiledOnce on $name', (engine) => {
  it('issue 14: a query compiled once answers each call for its own values, inside a transaction too', async () => {
    const site = await openSiteDb(await engine.storage());
    opened.push(site);
    await site.db.insertInto('site_settings').values([
      { key: 'one', value: 'first' },
      { key: 'two', value: 'second' },
    ]).execute();
    const byKeys = compiledOnce((a: string, b: string) => site.db.selectFrom('site_settings').select(['key', 'value']).where('key', 'in', [a, b]).orderBy('key'));
    expect(await byKeys(site.db, 'one', 'none')).toEqual([{ key: 'one', value: 'first' }]);
    expect(await byKeys(site.db, 'two', 'one')).toEqual([{ key: 'one', value: 'first' }, { key: 'two', value: 'second' }]);
    // A value that looks like another placeholder is only a value.
    expect(await byKeys(site.db, 'compiled-once:x:1', 'two')).toEqual([{ key: 'two', value: 'second' }]);
    await writeTransaction(site.db, async (trx) => {
      await trx.updateTable('site_settings').set({ value: 'changed' }).where('key', '=', 'two').execute();
      expect(await byKeys(trx, 'two', 'two')).toEqual([{ key: 'two', value: 'changed' }]);
    });
  });

  it('issue 14: refuses a query that does not use a value as a parameter (it would answer for the wrong one)', async () => {
    const site = await openSiteDb(await engine.storage());
    opened.push(site);
    const ignoring = compiledOnce((_key: string) => site.db.selectFrom('site_settings').select('key'));
    await expect(ignoring(site.db, 'one')).rejects.toThrow('not a parameter');
  });
});
