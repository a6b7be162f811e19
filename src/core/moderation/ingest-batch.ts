import type { Database, Statement } from 'better-sqlite3';
import { prepared } from '../db/statements';

/**
 * Batched writes for ingest. New rows are written with multi-row `INSERT … VALUES (…), (…), …`
 * statements of up to ROWS_PER_STATEMENT rows (new comments into a temp stage first, then into
 * comments with one statement: see STAGE), while the ingest guard (migration 0009) is held so
 * the per-row insert triggers stand down; then, in the same transaction, the batch is added to the
 * FTS index and the queue counts with ONE statement each. Why not simpler (measured at a million
 * comments):
 * - one statement per row: each opens a statement savepoint (the tables have triggers) and FTS5
 *   syncs at every savepoint once it has been written in the transaction: ~170 µs a row, and
 *   ~1.7 ms a row inside an enclosing savepoint (sync ingests each page in its own transaction);
 * - one `INSERT … SELECT FROM json_each(?)` per chunk (the previous design): ~18 µs a row spent
 *   re-parsing the JSON text of every row once per column.
 *
 * Ids are assigned here (MAX(id) + 1, +2, … — exactly what SQLite would assign, as the caller
 * holds the write transaction) so a reply can point at a parent in the same batch, the rule
 * evaluator can see "the rows inserted before this one" as `id < this id`, and the rows of one
 * flush are the contiguous id range [first, last].
 */

/** 500 rows × 19 columns stays far below SQLite's 32,766 bound parameters per statement. */
const ROWS_PER_STATEMENT = 500;

type Cell = string | number | null;

const multiRowSql = new Map<string, string>();

/**
 * Multi-row statements built by `sql` around a VALUES list of rows of `width` values: full chunks
 * of ROWS_PER_STATEMENT rows, the rest in power-of-two chunks; `each` runs one chunk's statement
 * with its rows' values. Bound parameters, not JSON: the json_each form re-parsed every row once
 * per column. Statements are prepared once per connection (preparing a 500-row statement on every
 * sync page was ~8 ms), and the power-of-two sizes keep that cache at ten statements per shape.
 */
function multiRow(db: Database, width: number, sql: (values: string) => string, rows: readonly Cell[][], each: (statement: Statement, values: Cell[]) => void): void {
  for (let i = 0; i < rows.length; ) {
    const left = rows.length - i;
    const n = left >= ROWS_PER_STATEMENT ? ROWS_PER_STATEMENT : 2 ** Math.floor(Math.log2(left));
    const key = `${sql('?')}\n${width}\n${n}`;
    let text = multiRowSql.get(key);
    if (text === undefined) {
      const row = `(${Array.from({ length: width }, () => '?').join(', ')})`;
      text = sql(Array.from({ length: n }, () => row).join(', '));
      multiRowSql.set(key, text);
    }
    each(prepared(db, text), rows.slice(i, i + n).flat());
    i += n;
  }
}

/** Writes rows with multi-row statements (an INSERT, or an UPDATE … FROM (VALUES …)); see multiRow. */
function multiRowWriter(db: Database, width: number, sql: (values: string) => string): (rows: readonly Cell[][]) => void {
  return (rows) => multiRow(db, width, sql, rows, (statement, values) => statement.run(values));
}

/** Inserts rows given in `columns` order. */
function rowInserter(db: Database, table: string, columns: readonly string[]): (rows: readonly Cell[][]) => void {
  return multiRowWriter(db, columns.length, (values) => `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${values}`);
}

/**
 * The distinct remote ids of a JSON array argument, sorted, as the outer loop of a CROSS JOIN.
 * Done in SQL: deduplicating and sorting 100,000 ids in JavaScript (a Set, a spread and a string
 * sort) took longer than the index walk they prepare. `LIMIT -1` (no limit) keeps the ORDER BY:
 * SQLite drops the ORDER BY of a FROM subquery that has no LIMIT, and the ids then came in
 * input order (the index was probed at random again).
 */
export const BY_REMOTE_ID = '(SELECT DISTINCT value FROM json_each(?) ORDER BY value LIMIT -1)';

function nextIdFn(db: Database, table: string): () => number {
  let next = ((prepared(db, `SELECT MAX(id) FROM ${table}`).pluck().get() as number | null) ?? 0) + 1;
  return () => next++;
}

/**
 * Runs `write` with the ingest guard held (the insert triggers of comments and comment_authors
 * stand down). The guard row never outlives the call, and never a transaction: it is deleted in
 * `finally`, and a failure rolls the enclosing transaction back anyway.
 */
export function withIngestGuard(db: Database, write: () => void): void {
  prepared(db, 'INSERT INTO ingest_guard (id) VALUES (1)').run();
  try {
    write();
  } finally {
    prepared(db, 'DELETE FROM ingest_guard').run();
  }
}

/** Page cache a bulk ingest borrows, in KiB (the comment indexes of a million comments are ~250 MB). */
const BULK_CACHE_KIB = 262_144;

/**
 * Runs one ingest transaction with bulk settings, restored afterwards (only when this call owns
 * the transaction):
 * - a larger page cache: with the default 64 MiB, inserts at random places in ~250 MB of indexes
 *   evict and re-read pages all the time (measured: ~3 s of 100,000 inserts at a million comments);
 *   shrinking it back frees the borrowed pages;
 * - no foreign-key checks (the pragma would be a no-op inside a transaction anyway):
 *   ingest resolves every reference itself in the same transaction (articles by id or slug, reader
 *   accounts it creates, parents by remote id), so the per-row lookups only repeated its own work
 *   (~1 s per 100,000 comments). Nothing ingest writes deletes rows, so no cascade is skipped.
 */
export function bulkIngest<T>(db: Database, run: () => T): T {
  // Inside a caller's transaction (sync stores each pulled page in one) the batch is a page: the
  // settings would be switched and the borrowed cache freed again for every page.
  if (db.inTransaction) return db.transaction(run)();
  const cache = db.pragma('cache_size', { simple: true }) as number;
  const skipForeignKeys = db.pragma('foreign_keys', { simple: true }) === 1;
  db.pragma(`cache_size = -${Math.max(BULK_CACHE_KIB, Math.abs(cache))}`);
  if (skipForeignKeys) db.pragma('foreign_keys = OFF');
  try {
    return db.transaction(run)();
  } finally {
    if (skipForeignKeys) db.pragma('foreign_keys = ON');
    db.pragma(`cache_size = ${cache}`);
  }
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
  const find = prepared(db, 'SELECT id, display_name, remote_created_at FROM comment_authors WHERE source = ? AND remote_id = ?');
  const nextId = nextIdFn(db, 'comment_authors');
  const insert = rowInserter(db, 'comment_authors', ['id', 'source', 'remote_id', 'display_name', 'remote_created_at', 'first_seen_at']);
  const update = multiRowWriter(
    db,
    3,
    (values) => `UPDATE comment_authors SET display_name = u.column2, remote_created_at = u.column3 FROM (VALUES ${values}) AS u WHERE comment_authors.id = u.column1`,
  );
  const indexAuthors = prepared(db, 'INSERT INTO comment_author_search (rowid, display_name) SELECT id, display_name FROM comment_authors WHERE id BETWEEN ? AND ?');
  // What the guarded-off rename trigger (migration 0010) would have done, for a JSON array of ids:
  // take the stored names out of the name index before the UPDATE, put the new ones in after it.
  const unindexRenamed = prepared(
    db,
    `INSERT INTO comment_author_search (comment_author_search, rowid, display_name)
       SELECT 'delete', a.id, a.display_name FROM json_each(?) AS j CROSS JOIN comment_authors a ON a.id = j.value`,
  );
  const indexRenamed = prepared(
    db,
    'INSERT INTO comment_author_search (rowid, display_name) SELECT a.id, a.display_name FROM json_each(?) AS j CROSS JOIN comment_authors a ON a.id = j.value',
  );
  const cache = new Map<string, number>();
  const inserts: Cell[][] = [];
  const updates = new Map<number, Cell[]>();
  type Row = { id: number; display_name: string; remote_created_at: string | null };
  const known = new Map<string, Row>();
  /**
   * Reads the existing accounts of a whole batch in one statement, in remote id order: the
   * (source, remote_id) index is then walked front to back (each page read once) instead of
   * being probed at random once per reader. CROSS JOIN fixes that join order: without statistics
   * the planner may scan the accounts once per wanted id instead (20 s over a 100,000-comment pull).
   */
  const prefetch = (remoteIds: readonly string[]): void => {
    // Usually called once, before anything is resolved: then every id is wanted.
    const wanted = cache.size + known.size === 0 ? remoteIds : remoteIds.filter((r) => !cache.has(r) && !known.has(r));
    if (wanted.length === 0) return;
    const rows = prepared(
      db,
      `SELECT a.remote_id, a.id, a.display_name, a.remote_created_at FROM ${BY_REMOTE_ID} AS w
         CROSS JOIN comment_authors a ON a.source = ? AND a.remote_id = w.value`,
    ).all(JSON.stringify(wanted), source) as (Row & { remote_id: string })[];
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
      const rows = inserts.splice(0);
      withIngestGuard(db, () => insert(rows.map(([id, remoteId, name, created]) => [id ?? null, source, remoteId ?? null, name ?? null, created ?? null, now])));
      indexAuthors.run(rows[0]![0], rows[rows.length - 1]![0]);
    }
    if (updates.size > 0) {
      // In id order: the accounts' pages are then visited front to back, not at random.
      const rows = [...updates.values()].sort((a, b) => (a[0] as number) - (b[0] as number));
      const ids = JSON.stringify(rows.map((row) => row[0]));
      withIngestGuard(db, () => {
        unindexRenamed.run(ids);
        update(rows);
        indexRenamed.run(ids);
      });
      updates.clear();
    }
  };
  return { prefetch, resolve, flush };
}

/** A comment to insert (see COMMENT_COLUMNS for the stored row). */
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

const COMMENT_COLUMNS = [
  'id', 'source', 'remote_id', 'article_id', 'parent_id', 'parent_remote_id', 'author_id', 'body', 'body_original', 'body_truncated',
  'body_hash', 'link_count', 'created_at', 'edited_at', 'ingested_at', 'published', 'reported', 'report_count', 'report_reasons',
];

/** What the guarded-off insert triggers would have done for the comments with ids in [@first, @last]. */
const INDEX_COMMENTS = 'INSERT INTO comment_search (rowid, body) SELECT id, body FROM comments WHERE id BETWEEN @first AND @last';
const COUNT_COMMENTS = `UPDATE comment_queue_counts SET n = comment_queue_counts.n + added.k
  FROM (SELECT queue, COUNT(*) AS k FROM comments WHERE id BETWEEN @first AND @last GROUP BY queue
        UNION ALL SELECT 'reported', COUNT(*) FROM comments WHERE id BETWEEN @first AND @last AND reported = 1) AS added
  WHERE comment_queue_counts.queue = added.queue`;

function commentRow(c: NewComment & { id: number }, source: string, now: string): Cell[] {
  return [
    c.id, source, c.remoteId, c.articleId, c.parentId, c.parentRemoteId, c.authorId, c.body, c.bodyOriginal, c.bodyTruncated ? 1 : 0,
    c.bodyHash, c.links, c.createdAt, c.editedAt, now, c.published ? 1 : 0, c.reportCount > 0 ? 1 : 0, c.reportCount, c.reportReasons,
  ];
}

/**
 * Where a flush stages its new comments before ONE `INSERT … SELECT` moves them into comments.
 * Writing comments straight from the multi-row statements made every 500-row statement copy each
 * index page it touched into its statement journal, although earlier statements of the batch had
 * already touched most of them (new comments land at random places in the indexes by article and
 * by author): ~200 statements re-copied the same pages, about 2 s of CPU per 100,000 comments at a
 * million. One statement copies each page once. The temp table has no index, no trigger and lives
 * in memory (temp_store), so filling it costs little more than binding the values. Untyped columns
 * keep every value exactly as bound; comments (STRICT) checks them when the rows move in. It is
 * created once per connection and left empty after every flush (a rollback empties it too).
 */
const STAGE = 'temp.ingest_comment_rows';
const CREATE_STAGE = `CREATE TEMP TABLE IF NOT EXISTS ingest_comment_rows (id INTEGER PRIMARY KEY, ${COMMENT_COLUMNS.slice(1).join(', ')})`;

/** Buffers new comments of one source; `flush()` inserts them, in order, and returns them with their ids. */
export function commentInserter(db: Database, source: string, now: string) {
  const nextId = nextIdFn(db, 'comments');
  const pending: (NewComment & { id: number })[] = [];
  const byRemoteId = new Map<string, number>();
  db.exec(CREATE_STAGE);
  const stage = rowInserter(db, STAGE, COMMENT_COLUMNS);
  const columns = COMMENT_COLUMNS.join(', ');
  const moveIn = prepared(db, `INSERT INTO comments (${columns}) SELECT ${columns} FROM ${STAGE} ORDER BY id`);
  const clearStage = prepared(db, `DELETE FROM ${STAGE}`);
  const index = prepared(db, INDEX_COMMENTS);
  const count = prepared(db, COUNT_COMMENTS);
  return {
    /** Queues a comment and returns the id it will have. */
    add(comment: NewComment): number {
      const id = nextId();
      pending.push({ ...comment, id });
      byRemoteId.set(comment.remoteId, id);
      return id;
    },
    /** How many comments are queued (not yet flushed). */
    queued(): number {
      return pending.length;
    },
    /** The id of a comment queued (not yet flushed) in this batch. */
    queuedId(remoteId: string): number | undefined {
      return byRemoteId.get(remoteId);
    },
    flush(): (NewComment & { id: number })[] {
      const rows = pending.splice(0);
      byRemoteId.clear();
      if (rows.length === 0) return rows;
      db.exec(CREATE_STAGE);
      stage(rows.map((row) => commentRow(row, source, now)));
      withIngestGuard(db, () => moveIn.run());
      clearStage.run();
      const first = rows[0]!.id;
      const last = rows[rows.length - 1]!.id;
      index.run({ first, last });
      count.run({ first, last });
      return rows;
    },
  };
}
