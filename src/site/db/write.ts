import { sql, type Kysely, type Transaction } from 'kysely';
import type { SiteDatabase } from './schema';

/**
 * Write transactions, with group commit on SQLite.
 *
 * SQLite has one writer, and with synchronous=FULL every COMMIT waits for the disk; better-sqlite3
 * waits on the main thread, so a commit per request made publishing commit-bound (half the
 * server's time in the bench profile). Writes of one SQLite database therefore go through a
 * queue: the writes waiting when a transaction starts share it, each inside its own SAVEPOINT, so
 * one that fails (a 412, a taken Idempotency-Key, an exception) rolls back alone, and every
 * write's promise settles only after the shared COMMIT is on disk. No write is acknowledged
 * before it is durable, and a write still sees every earlier write of its batch. A batch waits
 * only for the end of the current turn of the event loop (no timer): under no load each write
 * is a transaction of its own, started at once.
 *
 * On PostgreSQL each write is its own transaction: the server takes row locks and merges
 * concurrent WAL flushes itself, and several processes write at once.
 */

interface Job {
  run: (trx: Transaction<SiteDatabase>) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** Writes per shared transaction at most, so one batch cannot hold the lock for long. */
const MAX_BATCH = 64;

class GroupCommit {
  private readonly queue: Job[] = [];
  private running = false;

  constructor(private readonly db: Kysely<SiteDatabase>) {}

  run<T>(fn: (trx: Transaction<SiteDatabase>) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ run: fn, resolve: resolve as (value: unknown) => void, reject });
      if (!this.running) {
        this.running = true;
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        await this.commit(this.queue.splice(0, MAX_BATCH));
        // Requests that waited for the connection during that commit finish their reads in
        // this turn of the event loop; waiting for its end lets their writes join the next batch.
        await new Promise((resolve) => setImmediate(resolve));
      }
    } finally {
      this.running = false;
    }
  }

  private async commit(jobs: Job[]): Promise<void> {
    const outcomes: { ok: boolean; value: unknown }[] = [];
    try {
      await this.db.transaction().execute(async (trx) => {
        await takeWriteLock(trx);
        for (const job of jobs) {
          await sql`SAVEPOINT site_write`.execute(trx);
          try {
            const value = await job.run(trx);
            await sql`RELEASE site_write`.execute(trx);
            outcomes.push({ ok: true, value });
          } catch (error) {
            await sql`ROLLBACK TO site_write`.execute(trx);
            await sql`RELEASE site_write`.execute(trx);
            outcomes.push({ ok: false, value: error });
          }
        }
      });
    } catch (error) {
      // The shared transaction did not commit: no write of the batch happened.
      for (const job of jobs) job.reject(error);
      return;
    }
    jobs.forEach((job, i) => (outcomes[i]!.ok ? job.resolve(outcomes[i]!.value) : job.reject(outcomes[i]!.value)));
  }
}

const groups = new WeakMap<Kysely<SiteDatabase>, GroupCommit>();

/** Sends this SQLite database's writeTransaction calls through group commit (open.ts does it). */
export function useGroupCommit(db: Kysely<SiteDatabase>): void {
  groups.set(db, new GroupCommit(db));
}

/**
 * SQLite's BEGIN is deferred: a transaction that reads first and writes later must upgrade its
 * read lock, and when another process holds the write lock that upgrade fails at once with
 * SQLITE_BUSY instead of waiting (busy_timeout cannot help, it would deadlock). Kysely always
 * sends a plain BEGIN, so the first statement is a write that touches no row: it takes the write
 * lock, waiting up to busy_timeout for it.
 */
function takeWriteLock(trx: Transaction<SiteDatabase>) {
  return sql`UPDATE feed_counters SET value = value WHERE 1 = 0`.execute(trx);
}

/**
 * Runs `fn` in a write transaction that holds the database's write lock from its first
 * statement (SQLite), and resolves once it is committed. On SQLite it may share that
 * transaction with other writes (group commit, above); `fn` sees the effects of the writes
 * before it and never those after.
 */
export function writeTransaction<T>(db: Kysely<SiteDatabase>, fn: (trx: Transaction<SiteDatabase>) => Promise<T>): Promise<T> {
  const group = groups.get(db);
  if (group) return group.run(fn);
  return db.transaction().execute(fn);
}
