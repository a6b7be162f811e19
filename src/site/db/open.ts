import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Sqlite from 'better-sqlite3';
import { Kysely, PostgresDialect, sql, SqliteDialect, type SqliteDatabase } from 'kysely';
import pg from 'pg';
import { migrateSite, type Engine } from './migrate';
import type { SiteDatabase } from './schema';
import { useGroupCommit } from './write';

/** Where the site keeps its data: a folder for SQLite, or a PostgreSQL URL. */
export type SiteStorage = { data: string } | { database: string };

export interface SiteDb {
  engine: Engine;
  db: Kysely<SiteDatabase>;
  /** Describes the storage for people (no password). */
  describe: string;
  close(): Promise<void>;
}

export const SQLITE_FILE = 'site.db';

/** int8 (bigint) columns come back from pg as strings; ours hold counters and milliseconds. */
const PG_INT8 = 20;
const pgTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === PG_INT8 ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
};

/** Statements kept prepared at most; the server issues a few dozen distinct ones. */
const STATEMENT_CACHE = 500;

/**
 * Kysely prepares every query it runs; a prepared better-sqlite3 statement can be run again, so
 * each distinct SQL text is prepared once (SQLite re-prepares by itself after a schema change).
 */
function withStatementCache(database: Sqlite.Database): SqliteDatabase {
  const statements = new Map<string, Sqlite.Statement>();
  return {
    close: () => database.close(),
    prepare(text: string) {
      let statement = statements.get(text);
      if (!statement) {
        if (statements.size >= STATEMENT_CACHE) statements.clear();
        statement = database.prepare(text);
        statements.set(text, statement);
      }
      return statement;
    },
  };
}

function openSqlite(dir: string): SiteDb {
  const folder = resolve(dir);
  mkdirSync(folder, { recursive: true });
  const file = join(folder, SQLITE_FILE);
  const database = new Sqlite(file);
  // WAL: readers never wait for the writer. synchronous=FULL: a write is on disk before the API
  // answers it, so an acknowledged publish survives a crash or power cut. busy_timeout: a second
  // process (`site token create` beside a running server) waits for the lock instead of failing.
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = FULL');
  database.pragma('busy_timeout = 5000');
  database.pragma('foreign_keys = ON');
  const db = new Kysely<SiteDatabase>({ dialect: new SqliteDialect({ database: withStatementCache(database) }) });
  useGroupCommit(db);
  return { engine: 'sqlite', db, describe: file, close: () => db.destroy() };
}

function openPostgres(url: string): SiteDb {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error('The --database value is not a URL (expected postgres://user@host:port/name).');
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new Error(`The --database URL must start with postgres:// (got ${parsed.protocol}//).`);
  }
  const pool = new pg.Pool({ connectionString: url, max: 10, types: pgTypes });
  // An idle client that loses its connection emits 'error' on the pool; without a listener that
  // would end the process. The next query opens a new connection instead.
  pool.on('error', () => undefined);
  const db = new Kysely<SiteDatabase>({ dialect: new PostgresDialect({ pool }) });
  parsed.password = '';
  return { engine: 'postgres', db, describe: `${parsed.protocol}//${parsed.host}${parsed.pathname}`, close: () => db.destroy() };
}

/** Opens the store and brings its schema up to date (numbered migrations per engine). */
export async function openSiteDb(storage: SiteStorage, options: { migrate?: boolean } = {}): Promise<SiteDb> {
  const site = 'data' in storage ? openSqlite(storage.data) : openPostgres(storage.database);
  if (options.migrate !== false) {
    try {
      await migrateSite(site.db, site.engine);
    } catch (error) {
      await site.close();
      throw error;
    }
  }
  return site;
}

/** True when the database answers a trivial query (for /readyz). */
export async function databaseReachable(site: SiteDb): Promise<boolean> {
  try {
    await sql`SELECT 1`.execute(site.db);
    return true;
  } catch {
    return false;
  }
}
