import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openSiteDb, type SiteDb } from '../../src/site/db/open';
import { migrateSite, numberedMigrations, SiteMigrationError, siteMigrations, type Engine } from '../../src/site/db/migrate';
import type { SiteDatabase } from '../../src/site/db/schema';
import { useEngines } from '../site/engines';

/**
 * The site's schema on each engine, as a committed snapshot (tests/site/schema-<engine>.json).
 * A migration that changes the schema must update the snapshot in the same commit
 * (SITE_SCHEMA_SNAPSHOT=write npx vitest run tests/unit/site-server-schema.test.ts), so every
 * schema change is visible in review; and the two engines must keep the same tables and columns.
 */

interface Column {
  table: string;
  column: string;
  type: string;
  nullable: boolean;
}

async function columns(db: Kysely<SiteDatabase>, engine: Engine): Promise<Column[]> {
  if (engine === 'sqlite') {
    const { rows } = await sql<Column>`
      SELECT m.name AS "table", p.name AS "column", lower(p.type) AS type, CASE WHEN p."notnull" = 1 OR p.pk = 1 THEN 0 ELSE 1 END AS nullable
      FROM sqlite_master m JOIN pragma_table_info(m.name) p
      WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY m.name, p.cid`.execute(db);
    return rows.map((r) => ({ ...r, nullable: Boolean(r.nullable) }));
  }
  const { rows } = await sql<Column>`
    SELECT table_name AS "table", column_name AS "column", data_type AS type, is_nullable = 'YES' AS nullable
    FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, ordinal_position`.execute(db);
  return rows;
}

async function indexes(db: Kysely<SiteDatabase>, engine: Engine): Promise<string[]> {
  const query =
    engine === 'sqlite'
      ? sql<{ def: string }>`SELECT sql AS def FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name`
      : sql<{ def: string }>`SELECT indexdef AS def FROM pg_indexes WHERE schemaname = 'public' ORDER BY indexname`;
  return (await query.execute(db)).rows.map((r) => r.def);
}

const ENGINES = useEngines();
const open: SiteDb[] = [];
afterEach(async () => {
  while (open.length) await open.pop()!.close();
});

describe.each(ENGINES)('site schema on $name', (engine) => {
  async function fresh(migrate = true): Promise<SiteDb> {
    const site = await openSiteDb(await engine.storage(), { migrate });
    open.push(site);
    return site;
  }

  it('issue 13.2: matches the committed schema snapshot', async () => {
    const site = await fresh();
    const snapshot = { columns: await columns(site.db, site.engine), indexes: await indexes(site.db, site.engine) };
    const file = join(import.meta.dirname, '..', 'site', `schema-${engine.name}.json`);
    if (process.env.SITE_SCHEMA_SNAPSHOT === 'write') writeFileSync(file, `${JSON.stringify(snapshot, null, 2)}\n`);
    expect(existsSync(file)).toBe(true);
    expect(snapshot).toEqual(JSON.parse(readFileSync(file, 'utf8')));
  });

  it('issue 13.2: migrations are recorded, a second run is a no-op, and a failing one changes nothing and is named', async () => {
    const site = await fresh();
    const recorded = await site.db.selectFrom('site_migrations').select('name').orderBy('version').execute();
    expect(recorded.map((r) => r.name)).toEqual(siteMigrations(site.engine).map((m) => m.name));
    expect(await migrateSite(site.db, site.engine)).toEqual([]);

    const before = await columns(site.db, site.engine);
    const broken = [...siteMigrations(site.engine), { version: 900, name: '0900_broken.sql', sql: 'CREATE TABLE extra (id INTEGER PRIMARY KEY);\nINSERT INTO nowhere VALUES (1);' }];
    await expect(migrateSite(site.db, site.engine, broken)).rejects.toThrow(/0900_broken\.sql/);
    expect(await columns(site.db, site.engine)).toEqual(before);

    await site.db.insertInto('site_migrations').values({ version: 9999, name: '9999_future.sql', applied_at: 'now' }).execute();
    await expect(migrateSite(site.db, site.engine)).rejects.toBeInstanceOf(SiteMigrationError);
  });
});

describe('site schema on both engines', () => {
  it('two migrations with one number are refused by name (two branches each took the next number once)', () => {
    const files = { './m/0006_live_marker.sql': 'SELECT 1;', './m/0005_comments.sql': 'SELECT 1;', './m/0006_moderation_rules.sql': 'SELECT 1;' };
    expect(() => numberedMigrations(files, 'sqlite')).toThrow('Two site migrations share the number 6 (sqlite); renumber one');
    expect(numberedMigrations({ './m/0007_b.sql': 'b', './m/0005_a.sql': 'a' }, 'postgres').map((m) => m.version)).toEqual([5, 7]);
    for (const engine of ['sqlite', 'postgres'] as const) expect(new Set(siteMigrations(engine).map((m) => m.version)).size).toBe(siteMigrations(engine).length);
  });

  it('issue 13.2: the two engines have the same tables, columns and nullability', async () => {
    const [sqlite, postgres] = await Promise.all(ENGINES.map(async (e) => openSiteDb(await e.storage())));
    open.push(sqlite!, postgres!);
    const shape = async (site: SiteDb) => (await columns(site.db, site.engine)).map(({ table, column, nullable }) => ({ table, column, nullable })).sort((a, b) => `${a.table}.${a.column}`.localeCompare(`${b.table}.${b.column}`));
    expect(await shape(sqlite!)).toEqual(await shape(postgres!));
  });
});
