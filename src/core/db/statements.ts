import type { Database, Statement } from 'better-sqlite3';

/**
 * Prepared statements cached per connection and SQL text, for statements run many times (the
 * hot moderation paths: one action, a search page; storing many articles' rendered parts).
 * Their SQL depends only on a kind or a filter shape, so the set stays small, and preparing each
 * time was a visible part of a 1 ms action. Statements are per connection: a closed database
 * drops its cache with it.
 */
const cache = new WeakMap<Database, Map<string, Statement>>();

export function prepared(db: Database, sql: string): Statement {
  let map = cache.get(db);
  if (!map) {
    map = new Map();
    cache.set(db, map);
  }
  let stmt = map.get(sql);
  if (!stmt) {
    stmt = db.prepare(sql);
    map.set(sql, stmt);
  }
  return stmt;
}
