import type { Database } from 'better-sqlite3';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export class MigrationError extends Error {
  constructor(
    message: string,
    readonly migration: string | null,
  ) {
    super(message);
    this.name = 'MigrationError';
  }
}

// Bundled at build time: the .sql files travel inside main, CLI and test builds alike.
const files = import.meta.glob<string>('./migrations/*.sql', { query: '?raw', import: 'default', eager: true });

/** The migrations shipped with this build, ordered by their number (`0001_name.sql`). */
export function bundledMigrations(): Migration[] {
  return Object.entries(files)
    .map(([path, sql]) => {
      const name = path.slice(path.lastIndexOf('/') + 1);
      const match = /^(\d{4})_[a-z0-9_]+\.sql$/.exec(name);
      if (!match) throw new MigrationError(`Migration file ${name} is not named NNNN_name.sql`, name);
      return { version: Number(match[1]), name, sql };
    })
    .sort((a, b) => a.version - b.version);
}

/**
 * Applies every pending migration inside one transaction, recording each in `schema_migrations`.
 * If any fails, the whole batch rolls back: the database is left exactly as it was, and the
 * error names the migration so startup can stop with a clear message.
 */
export function migrate(db: Database, migrations: Migration[] = bundledMigrations()): { applied: string[] } {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
  ) STRICT`);
  const done = new Map(
    (db.prepare('SELECT version, name FROM schema_migrations').all() as { version: number; name: string }[]).map((r) => [
      r.version,
      r.name,
    ]),
  );
  const newest = migrations.at(-1)?.version ?? 0;
  for (const version of done.keys()) {
    if (version > newest) {
      throw new MigrationError(
        `This workspace was opened by a newer Copydesk (schema version ${version}; this build knows up to ${newest}). Update Copydesk to open it.`,
        done.get(version) ?? null,
      );
    }
  }
  const pending = migrations.filter((m) => !done.has(m.version));
  if (pending.length === 0) return { applied: [] };

  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  let current: Migration | null = null;
  try {
    db.transaction(() => {
      for (const migration of pending) {
        current = migration;
        db.exec(migration.sql);
        record.run(migration.version, migration.name, new Date().toISOString());
      }
    })();
  } catch (error) {
    const name = (current as Migration | null)?.name ?? 'unknown';
    const reason = error instanceof Error ? error.message : String(error);
    throw new MigrationError(`Migration ${name} failed: ${reason}. The database was left unchanged.`, name);
  }
  return { applied: pending.map((m) => m.name) };
}
