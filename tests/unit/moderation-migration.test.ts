import Sqlite from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundledMigrations, migrate } from '../../src/core/db/migrate';
import { tempDir } from './helpers';

describe('0004_moderation', () => {
  // 0004 was written while 0003 was still being written elsewhere: a gap in the numbers must work,
  // and a later-arriving lower number must still be applied.
  it('applies with a gap in the numbering and lets the missing migration arrive later', () => {
    const all = bundledMigrations();
    const db = new Sqlite(join(tempDir(), 'gap.db'));
    const withoutThree = all.filter((m) => m.version !== 3 && m.version <= 4);
    expect(migrate(db, withoutThree).applied).toEqual(withoutThree.map((m) => m.name));
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'comments'").get()).toBeDefined();
    const upToFour = all.filter((m) => m.version <= 4);
    expect(migrate(db, upToFour).applied).toEqual(upToFour.filter((m) => m.version === 3).map((m) => m.name));
    db.close();
  });
});
