import { sql, type Kysely } from 'kysely';
import type { SiteDatabase } from './schema';

export type Engine = 'sqlite' | 'postgres';

export interface SiteMigration {
  version: number;
  name: string;
  sql: string;
}

// Bundled as text (Vite's ?raw), so the CLI build carries them and no path is resolved at run time.
const FILES: Record<Engine, Record<string, string>> = {
  sqlite: import.meta.glob<string>('./migrations/sqlite/*.sql', { query: '?raw', import: 'default', eager: true }),
  postgres: import.meta.glob<string>('./migrations/postgres/*.sql', { query: '?raw', import: 'default', eager: true }),
};

/** The numbered migrations of one engine, oldest first. */
export function siteMigrations(engine: Engine): SiteMigration[] {
  return numberedMigrations(FILES[engine], engine);
}

/** Migration files (path → SQL) in order of their numbers, refusing a malformed name or a number used twice. */
export function numberedMigrations(files: Record<string, string>, engine: Engine): SiteMigration[] {
  const migrations = Object.entries(files)
    .map(([path, text]) => {
      const name = path.split('/').pop()!;
      const match = /^(\d{4})_[a-z0-9_]+\.sql$/.exec(name);
      if (!match) throw new Error(`Site migration file ${name} is not named NNNN_name.sql`);
      return { version: Number(match[1]), name, sql: text };
    })
    .sort((a, b) => a.version - b.version);
  // Two branches can each add the next number: the second would be skipped as already applied.
  const twice = migrations.find((m, i) => i > 0 && migrations[i - 1]!.version === m.version);
  if (twice) throw new Error(`Two site migrations share the number ${twice.version} (${engine}); renumber one`);
  return migrations;
}

export class SiteMigrationError extends Error {
  override name = 'SiteMigrationError';
}

/**
 * Splits a migration into statements. Our migration files end every statement with `;` at the
 * end of a line and hold no procedural blocks, which keeps this simple and lets both drivers run
 * one statement per call (better-sqlite3 prepares exactly one).
 */
function statements(text: string): string[] {
  return text
    .split(/;[ \t]*$/m)
    .map((s) => s.replace(/^\s*--.*$/gm, '').trim())
    .filter((s) => s.length > 0);
}

/**
 * Applies the migrations not yet recorded in site_migrations, each in its own transaction, so a
 * failing one leaves the database as the previous one left it. On PostgreSQL a transaction-level
 * advisory lock makes several processes starting at once apply each migration exactly once.
 */
export async function migrateSite(db: Kysely<SiteDatabase>, engine: Engine, migrations = siteMigrations(engine)): Promise<string[]> {
  await sql`CREATE TABLE IF NOT EXISTS site_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`.execute(db);
  const applied: string[] = [];
  const known = migrations.at(-1)?.version ?? 0;
  for (const migration of migrations) {
    const done = await db.transaction().execute(async (trx) => {
      if (engine === 'postgres') await sql`SELECT pg_advisory_xact_lock(727274001)`.execute(trx);
      const newest = await trx.selectFrom('site_migrations').select((eb) => eb.fn.max('version').as('v')).executeTakeFirst();
      if (Number(newest?.v ?? 0) > known) {
        throw new SiteMigrationError(`This database was set up by a newer Copydesk site (schema ${newest?.v}); this one knows up to ${known}.`);
      }
      const row = await trx.selectFrom('site_migrations').select('version').where('version', '=', migration.version).executeTakeFirst();
      if (row) return false;
      try {
        for (const statement of statements(migration.sql)) await sql.raw(statement).execute(trx);
      } catch (error) {
        throw new SiteMigrationError(`Site migration ${migration.name} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
      await trx.insertInto('site_migrations').values({ version: migration.version, name: migration.name, applied_at: new Date().toISOString() }).execute();
      return true;
    });
    if (done) applied.push(migration.name);
  }
  return applied;
}
