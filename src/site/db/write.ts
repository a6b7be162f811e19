import { sql, type Kysely, type Transaction } from 'kysely';
import type { SiteDatabase } from './schema';

/**
 * Runs `fn` in a transaction that holds the database's write lock from its first statement.
 *
 * SQLite's BEGIN is deferred: a transaction that reads first and writes later must upgrade its
 * read lock, and when another process holds the write lock that upgrade fails at once with
 * SQLITE_BUSY instead of waiting (busy_timeout cannot help, it would deadlock). Kysely always
 * sends a plain BEGIN, so the first statement here is a write that touches no row: on SQLite it
 * takes the write lock, waiting up to busy_timeout for it; on PostgreSQL it locks nothing and
 * row locks do the work, so both engines keep one code path.
 */
export function writeTransaction<T>(db: Kysely<SiteDatabase>, fn: (trx: Transaction<SiteDatabase>) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await sql`UPDATE feed_counters SET value = value WHERE 1 = 0`.execute(trx);
    return fn(trx);
  });
}
