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
    migrate(db, migrations);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
