import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { bundledMigrations, migrate, MigrationError } from '../../src/core/db/migrate';
import { openDatabase } from '../../src/core/db/open';
import { tempDir } from './helpers';

function dumpSchema(db: Sqlite.Database): unknown {
  return db.prepare("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name").all();
}

describe('migrations', () => {
  it('applies every bundled migration to a fresh database and records them', () => {
    const db = openDatabase(join(tempDir(), 'fresh.db'));
    const rows = db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all() as { name: string }[];
    expect(rows.map((r) => r.name)).toEqual(bundledMigrations().map((m) => m.name));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });

  it('is a no-op when run again', () => {
    const file = join(tempDir(), 'again.db');
    openDatabase(file).close();
    const db = new Sqlite(file);
    const before = dumpSchema(db);
    expect(migrate(db).applied).toEqual([]);
    expect(dumpSchema(db)).toEqual(before);
    db.close();
  });

  it('leaves the database exactly as it was when a migration fails, and names the migration', () => {
    const file = join(tempDir(), 'broken.db');
    const db = new Sqlite(file);
    const good = bundledMigrations();
    migrate(db, good);
    db.prepare("INSERT INTO meta (key, value) VALUES ('k', 'v')").run();
    const schemaBefore = dumpSchema(db);
    const broken = [
      ...good,
      { version: 900, name: '0900_adds_table.sql', sql: 'CREATE TABLE extra (id INTEGER PRIMARY KEY);' },
      { version: 901, name: '0901_broken.sql', sql: "ALTER TABLE meta ADD COLUMN note TEXT; INSERT INTO nowhere VALUES (1);" },
    ];
    let caught: unknown;
    try {
      migrate(db, broken);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(MigrationError);
    expect((caught as Error).message).toContain('0901_broken.sql');
    expect(dumpSchema(db)).toEqual(schemaBefore);
    expect(db.prepare('SELECT max(version) AS v FROM schema_migrations').get()).toEqual({ v: good.at(-1)!.version });
    expect(db.prepare('SELECT value FROM meta WHERE key = ?').get('k')).toEqual({ value: 'v' });
    db.close();
  });

  it('refuses a database written by a newer Copydesk', () => {
    const file = join(tempDir(), 'newer.db');
    const db = new Sqlite(file);
    migrate(db);
    db.prepare("INSERT INTO schema_migrations VALUES (9999, '9999_future.sql', 'now')").run();
    expect(() => migrate(db)).toThrow(/newer Copydesk/);
    db.close();
  });
});

/**
 * The schema snapshot: every table and column that existed when the snapshot was taken must
 * still exist with the same definition. New tables and columns are fine (run
 * `npm run schema:generate` to record them); changing or dropping an old one fails here,
 * because released workspaces already hold data in that shape.
 */
describe('schema snapshot', () => {
  const snapshotFile = join(import.meta.dirname, '..', 'fixtures', 'schema-snapshot.json');

  it('has only additive changes compared with the committed snapshot', () => {
    expect(existsSync(snapshotFile)).toBe(true);
    const snapshot = JSON.parse(readFileSync(snapshotFile, 'utf8')) as Record<string, unknown[]>;
    const db = openDatabase(join(tempDir(), 'snap.db'));
    for (const [table, columns] of Object.entries(snapshot)) {
      const current = db.prepare(`SELECT name, type, "notnull", dflt_value, pk FROM pragma_table_info(?)`).all(table);
      expect(current.length, `table ${table} was dropped`).toBeGreaterThan(0);
      for (const column of columns) {
        expect(current, `column ${JSON.stringify(column)} of ${table} changed or was dropped`).toContainEqual(column);
      }
    }
    db.close();
  });
});
