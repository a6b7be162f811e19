import Sqlite, { type Database } from 'better-sqlite3';
import { migrate, type Migration } from './migrate';

export type { Database };

/** Opens (creating if needed) a SQLite file with the settings every Copydesk connection uses. */
export function openDatabase(file: string, migrations?: Migration[]): Database {
  const db = new Sqlite(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    // WAL makes NORMAL safe against corruption; a power cut can lose only the last commits.
    db.pragma('synchronous = NORMAL');
    // The default page cache (~2 MiB) thrashes once moderation tables reach millions of rows: an
    // ingest of 100,000 comments updates ~10 indexes plus FTS per row. 64 MiB is an upper bound
    // (pages are allocated on demand), and sorts/temp indexes stay in memory instead of temp files.
    db.pragma('cache_size = -65536');
    db.pragma('temp_store = memory');
    migrate(db, migrations);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
