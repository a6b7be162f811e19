import { PostgresAdapter, sql, type Kysely, type Transaction } from 'kysely';
import type { Engine } from '../db/migrate';
import type { SiteDatabase } from '../db/schema';
import { writeTransaction } from '../db/write';

/** A response as the API sends it, and as an Idempotency-Key replays it. */
export interface ApiResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Idempotency records are kept at least this long (the contract promises 24 hours). */
export const IDEMPOTENCY_TTL_MS = 48 * 60 * 60 * 1000;

export interface RateLimit {
  /** Requests one token may make per window. */
  max: number;
  windowMs: number;
}

export const DEFAULT_RATE_LIMIT: RateLimit = { max: 3000, windowMs: 10_000 };

class KeyTaken extends Error {}

/** Marks a replayed response, so a client (or a test) can tell it from a fresh one. */
export const REPLAYED_HEADER = 'idempotent-replayed';

/** The answer stored for (token, key), or null. */
export async function storedResponse(db: Kysely<SiteDatabase>, tokenId: string, key: string, now: number): Promise<(ApiResponse & { method: string; path: string }) | null> {
  const row = await db
    .selectFrom('idempotency_records')
    .select(['method', 'path', 'status', 'headers', 'body'])
    .where('token_id', '=', tokenId)
    .where('key', '=', key)
    .where('created_at', '>', now - IDEMPOTENCY_TTL_MS)
    .executeTakeFirst();
  if (!row) return null;
  const headers = { ...(JSON.parse(row.headers) as Record<string, string>), [REPLAYED_HEADER]: 'true' };
  return { method: row.method, path: row.path, status: row.status, headers, body: row.body };
}

/**
 * Runs a write and records its response under the Idempotency-Key in the same transaction: the
 * write and the answer a retry will get commit together or not at all. When another request with
 * the same key commits first (a client retrying while the first attempt is still running, maybe
 * on another process), this one rolls back and returns that request's stored response instead.
 * Server errors (5xx) are not recorded, so a retry after one runs the write again.
 */
export async function idempotentWrite(
  db: Kysely<SiteDatabase>,
  record: { tokenId: string; key: string; method: string; path: string; now: number },
  apply: (trx: Transaction<SiteDatabase>) => Promise<ApiResponse>,
): Promise<ApiResponse> {
  try {
    return await writeTransaction(db, async (trx) => {
      const response = await apply(trx);
      if (response.status >= 500) return response;
      // One statement: a new key inserts; a key whose record has expired is taken over (expired
      // records are cleared as keys are reused, and hourly by pruneIdempotency); a live one is
      // left alone and changes no row.
      const values = { token_id: record.tokenId, key: record.key, method: record.method, path: record.path, status: response.status, headers: JSON.stringify(response.headers), body: response.body, created_at: record.now };
      const { token_id: _token, key: _key, ...replace } = values;
      const inserted = await trx
        .insertInto('idempotency_records')
        .values(values)
        .onConflict((oc) => oc.columns(['token_id', 'key']).doUpdateSet(replace).where('idempotency_records.created_at', '<=', record.now - IDEMPOTENCY_TTL_MS))
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) throw new KeyTaken();
      return response;
    });
  } catch (error) {
    if (!(error instanceof KeyTaken)) throw error;
    const stored = await storedResponse(db, record.tokenId, record.key, record.now);
    if (!stored) throw new Error('An idempotency record vanished while it was being replayed.', { cause: error });
    return stored;
  }
}

/** Deletes idempotency records past their time (also called now and then by the server). */
export async function pruneIdempotency(db: Kysely<SiteDatabase>, now: number): Promise<number> {
  const result = await db.deleteFrom('idempotency_records').where('created_at', '<=', now - IDEMPOTENCY_TTL_MS).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Thrown inside a write's transaction when its token is over the limit: nothing is written. */
export class RateLimited extends Error {
  constructor(readonly waitSeconds: number) {
    super(`Too many requests from this token; try again in ${waitSeconds} s.`);
  }
}

/**
 * Counts one action under `key` (a token's writes, a reader's or an IP hash's votes) in the
 * current fixed window, inside the caller's transaction: the count commits with the write it
 * guards (one commit, not two), and over the limit the write rolls back with it. Returns the
 * seconds to wait when over the limit, else 0.
 */
export async function countInWindow(trx: Transaction<SiteDatabase>, key: string, limit: RateLimit, now: number): Promise<number> {
  const windowStart = Math.floor(now / limit.windowMs) * limit.windowMs;
  const upsert = (db: Kysely<SiteDatabase>) =>
    db
      .insertInto('rate_limits')
      .values({ token_id: key, window_start: windowStart, count: 1 })
      .onConflict((oc) => oc.columns(['token_id', 'window_start']).doUpdateSet({ count: sql<number>`rate_limits.count + 1` }))
      .returning('count');
  let count: number;
  if (trx.getExecutor().adapter instanceof PostgresAdapter) {
    // One round trip (every vote and comment counts here): the key's old windows are cleared
    // by the same statement, a probe of the primary key that usually finds nothing.
    const row = await trx
      .with('cleared', (db) => db.deleteFrom('rate_limits').where('token_id', '=', key).where('window_start', '<', windowStart))
      .insertInto('rate_limits')
      .values({ token_id: key, window_start: windowStart, count: 1 })
      .onConflict((oc) => oc.columns(['token_id', 'window_start']).doUpdateSet({ count: sql<number>`rate_limits.count + 1` }))
      .returning('count')
      .executeTakeFirstOrThrow();
    count = Number(row.count);
  } else {
    count = Number((await upsert(trx).executeTakeFirstOrThrow()).count);
    // The first action of a window clears the key's old windows.
    if (count === 1) await trx.deleteFrom('rate_limits').where('token_id', '=', key).where('window_start', '<', windowStart).execute();
  }
  if (count <= limit.max) return 0;
  return Math.max(1, Math.ceil((windowStart + limit.windowMs - now) / 1000));
}

/**
 * Counts one read request for the token, in the database, so every server process sees the
 * same count. Returns the seconds to wait when over the limit, else 0.
 */
export async function countRequest(db: Kysely<SiteDatabase>, engine: Engine, tokenId: string, limit: RateLimit, now: number): Promise<number> {
  return writeTransaction(db, async (trx) => {
    // A count lost in a crash only lets a client send a few more requests: on PostgreSQL this
    // commit need not wait for the disk, which keeps the counter off every read's critical path.
    if (engine === 'postgres') await sql`SET LOCAL synchronous_commit TO OFF`.execute(trx);
    return countInWindow(trx, tokenId, limit, now);
  });
}
