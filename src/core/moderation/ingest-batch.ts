import type { Database } from 'better-sqlite3';

/**
 * Set-based writes for ingest. Rows are buffered and written with ONE `INSERT … SELECT FROM
 * json_each(?)` per chunk instead of one statement per row. That is not only fewer calls: each
 * row-level INSERT into comments (or comment_authors) runs in its own statement savepoint, and
 * FTS5 flushes its pending index data to disk at every savepoint, so per-row inserts wrote one
 * tiny FTS segment per comment and spent most of the ingest merging them (~140 µs a row). One
 * statement per chunk lets FTS5 batch the whole chunk in memory.
 *
 * Ids are assigned here (MAX(id) + 1, +2, … — exactly what SQLite would assign, as the caller
 * holds the write transaction) so a reply can point at a parent in the same chunk and the rule
 * evaluator can see "the rows inserted before this one" as `id < this id`.
 */

const CHUNK = 10_000;

type Cell = string | number | null;

function nextIdFn(db: Database, table: string): () => number {
  let next = ((db.prepare(`SELECT MAX(id) FROM ${table}`).pluck().get() as number | null) ?? 0) + 1;
  return () => next++;
}

function writeChunks(db: Database, sql: string, rows: Cell[][], leading: Cell[] = []): void {
  const stmt = db.prepare(sql);
  for (let i = 0; i < rows.length; i += CHUNK) stmt.run(...leading, JSON.stringify(rows.slice(i, i + CHUNK)));
}

export interface Account {
  remoteId: string;
  displayName: string;
  createdAt: string | null;
}

/**
 * Upserts reader accounts by (source, remote id), cached per batch. New accounts and changed
 * names are buffered; `flush()` writes them (call it before anything reads or references them).
 */
export function accountResolver(db: Database, source: string, now: string, clean: (name: string) => string, iso: (t: string) => string) {
  const find = db.prepare('SELECT id, display_name, remote_created_at FROM comment_authors WHERE source = ? AND remote_id = ?');
  const nextId = nextIdFn(db, 'comment_authors');
  const cache = new Map<string, number>();
  const inserts: Cell[][] = [];
  const updates = new Map<number, Cell[]>();
  type Row = { id: number; display_name: string; remote_created_at: string | null };
  const known = new Map<string, Row>();
  /**
   * Reads the existing accounts of a whole batch in one statement, in remote id order: the
   * (source, remote_id) index is then walked front to back (each page read once) instead of
   * being probed at random once per reader.
   */
  const prefetch = (remoteIds: readonly string[]): void => {
    const wanted = [...new Set(remoteIds)].filter((r) => !cache.has(r) && !known.has(r)).sort();
    if (wanted.length === 0) return;
    const rows = db
      .prepare(
        `SELECT a.remote_id, a.id, a.display_name, a.remote_created_at FROM json_each(?) AS w
           JOIN comment_authors a ON a.source = ? AND a.remote_id = w.value ORDER BY w.key`,
      )
      .all(JSON.stringify(wanted), source) as (Row & { remote_id: string })[];
    for (const r of rows) known.set(r.remote_id, r);
  };
  const resolve = (account: Account): number => {
    const cached = cache.get(account.remoteId);
    if (cached !== undefined) return cached;
    const name = clean(account.displayName);
    const created = account.createdAt === null ? null : iso(account.createdAt);
    const row = known.get(account.remoteId) ?? (find.get(source, account.remoteId) as Row | undefined);
    let id: number;
    if (!row) {
      id = nextId();
      inserts.push([id, account.remoteId, name, created]);
    } else {
      id = row.id;
      const nextName = name === '' ? row.display_name : name;
      const nextCreated = created ?? row.remote_created_at;
      if (nextName !== row.display_name || nextCreated !== row.remote_created_at) updates.set(id, [id, nextName, nextCreated]);
    }
    cache.set(account.remoteId, id);
    return id;
  };
  const flush = (): void => {
    if (inserts.length > 0) {
      writeChunks(
        db,
        `INSERT INTO comment_authors (id, source, remote_id, display_name, remote_created_at, first_seen_at)
         SELECT value ->> 0, ?, value ->> 1, value ->> 2, value ->> 3, ? FROM json_each(?) ORDER BY key`,
        inserts.splice(0),
        [source, now],
      );
    }
    if (updates.size > 0) {
      writeChunks(
        db,
        `UPDATE comment_authors SET display_name = u.value ->> 1, remote_created_at = u.value ->> 2
           FROM json_each(?) AS u WHERE comment_authors.id = u.value ->> 0`,
        [...updates.values()],
      );
      updates.clear();
    }
  };
  return { prefetch, resolve, flush };
}

/** A comment row to insert, in column order (see INSERT_COMMENTS). */
export interface NewComment {
  remoteId: string;
  articleId: string;
  parentId: number | null;
  parentRemoteId: string | null;
  authorId: number;
  body: string;
  bodyOriginal: string | null;
  bodyTruncated: boolean;
  bodyHash: string;
  links: number;
  createdAt: string;
  editedAt: string | null;
  published: boolean;
  reportCount: number;
  reportReasons: string;
}

/** Buffers new comments of one source; `flush()` inserts them, in order, and returns them with their ids. */
export function commentInserter(db: Database, source: string, now: string) {
  const nextId = nextIdFn(db, 'comments');
  const pending: (NewComment & { id: number })[] = [];
  const byRemoteId = new Map<string, number>();
  return {
    /** Queues a comment and returns the id it will have. */
    add(comment: NewComment): number {
      const id = nextId();
      pending.push({ ...comment, id });
      byRemoteId.set(comment.remoteId, id);
      return id;
    },
    /** The id of a comment queued (not yet flushed) in this batch. */
    queuedId(remoteId: string): number | undefined {
      return byRemoteId.get(remoteId);
    },
    flush(): (NewComment & { id: number })[] {
      const rows = pending.splice(0);
      byRemoteId.clear();
      if (rows.length === 0) return rows;
      writeChunks(
        db,
        `INSERT INTO comments (id, source, remote_id, article_id, parent_id, parent_remote_id, author_id, body, body_original, body_truncated, body_hash,
           link_count, created_at, edited_at, ingested_at, published, reported, report_count, report_reasons)
         SELECT value ->> 0, ?, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5, value ->> 6, value ->> 7, value ->> 8, value ->> 9,
           value ->> 10, value ->> 11, value ->> 12, ?, value ->> 13, value ->> 14, value ->> 15, value ->> 16
         FROM json_each(?) ORDER BY key`,
        rows.map((c) => [
          c.id, c.remoteId, c.articleId, c.parentId, c.parentRemoteId, c.authorId, c.body, c.bodyOriginal, c.bodyTruncated ? 1 : 0, c.bodyHash,
          c.links, c.createdAt, c.editedAt, c.published ? 1 : 0, c.reportCount > 0 ? 1 : 0, c.reportCount, c.reportReasons,
        ]),
        [source, now],
      );
      return rows;
    },
  };
}
