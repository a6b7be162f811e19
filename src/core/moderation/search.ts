import type { Database } from 'better-sqlite3';
import { prepared } from '../db/statements';

/**
 * Text search inside a queue page: comments of the queue (+ filters) whose body matches the
 * FTS query or whose author's name does, in the queue's own order, keyset-paginated.
 *
 * A single SQL statement (`id IN (body matches) OR author_id IN (name matches)` + ORDER BY +
 * LIMIT) makes SQLite fetch and sort EVERY match before returning 50: seconds for a common word
 * over a million comments. Instead the cost is bounded by picking, per query, the cheaper side:
 *
 * - rare terms (few body and name matches): COLLECT the matches and sort them. Cost ∝ matches,
 *   which is small by construction.
 * - common terms: WALK the queue's index in page order and keep the rows whose body (an FTS
 *   lookup by rowid) or author (FTS lookup, cached per author) matches, until the page is full.
 *   Cost ∝ rows walked ≈ limit / density. If a common term turns out to be rare in THIS queue
 *   (the walk passes WALK_CAP rows), the rest of the page is collected from where the walk stopped.
 *
 * Both give exactly the same rows in the same order as the single statement would.
 */

type Param = string | number;

export interface OrderSpec {
  /** Qualified columns (`c.created_at`), the last one unique (`c.id`). */
  cols: readonly string[];
  dir: 'ASC' | 'DESC';
}

export interface SearchQuery {
  /** The queue + non-text filter WHERE (alias `c`). */
  where: string;
  params: readonly Param[];
  order: OrderSpec;
  /** Keyset values of the last row already shown (the cursor), or null for page 1. */
  after: readonly Param[] | null;
  /** An FTS5 query (see ftsQuery). */
  match: string;
  /** How many ids to return at most (the page size + 1 to know whether there is a next page). */
  take: number;
}

/** Below these many matches a term is "rare": collecting all of them is cheaper than walking. */
const RARE_BODY_MATCHES = 4_000;
const RARE_NAME_MATCHES = 500;
/** Queue rows walked before giving up on density and collecting the remainder. */
const WALK_CAP = 8_000;
/** Rows of the first walked chunk (doubling after): a common term fills a page from a few hundred rows. */
const FIRST_CHUNK = 250;
/** A chunk whose ids span at most this many ids per row is answered with one rowid-range FTS query. */
const RANGE_SPAN_PER_ROW = 16;
/** Name matches up to this many are loaded into a set; beyond, each author is looked up (cached). */
const NAME_SET_MAX = 5_000;

function keyset(order: OrderSpec, after: readonly Param[] | null): { sql: string; params: Param[] } {
  if (after === null) return { sql: '', params: [] };
  const cmp = order.dir === 'DESC' ? '<' : '>';
  return { sql: ` AND (${order.cols.join(', ')}) ${cmp} (${order.cols.map(() => '?').join(', ')})`, params: [...after] };
}

/**
 * Rowid bounds for FTS5 are bound as BigInt. better-sqlite3 binds a JS number as REAL, and FTS5
 * only applies rowid constraints that are INTEGER: with a REAL, `MATCH ? AND rowid = ?` returns
 * EVERY match (the constraint is dropped) and a rowid range reads the whole doclist before SQLite
 * filters it. As INTEGER, both are seeks.
 */
const rowid = (id: number): bigint => BigInt(id);

const orderBy = (order: OrderSpec) => order.cols.map((c) => `${c} ${order.dir}`).join(', ');
const bare = (col: string) => col.slice(col.indexOf('.') + 1);

/** How many rows an FTS query matches, counted only up to `cap` (the count stops early). */
function matchesUpTo(db: Database, table: 'comment_search' | 'comment_author_search', match: string, cap: number): number {
  return prepared(db, `SELECT COUNT(*) FROM (SELECT rowid FROM ${table} WHERE ${table} MATCH ? LIMIT ?)`).pluck().get(match, cap) as number;
}

/** Terms a prefix is expanded to at most; a shorter prefix stays a prefix query. */
const MAX_PREFIX_TERMS = 16;
const vocabReady = new WeakSet<Database>();

/**
 * Rewrites each ASCII prefix (`"hosp"*`) as the OR of the indexed terms it covers
 * (`("hospital" OR "hospitals")`), read from an fts5vocab table. FTS5 evaluates a prefix by
 * merging the doclists of every matching term into one list — each time the query runs, even for
 * a single-rowid lookup — which cost ~100 ms per evaluation at a million comments; an OR of
 * terms is evaluated lazily and seeks. Only ASCII prefixes are expanded (their folding by the
 * unicode61 tokenizer is plain lower-casing, so the expansion is exact); others stay prefixes.
 */
export function expandPrefixes(db: Database, match: string): string {
  if (!/"[A-Za-z0-9]+"\*/.test(match)) return match;
  if (!vocabReady.has(db)) {
    // Temp schema: per connection, nothing stored, no migration.
    db.exec("CREATE VIRTUAL TABLE IF NOT EXISTS temp.comment_search_terms USING fts5vocab(main, comment_search, 'row')");
    vocabReady.add(db);
  }
  const terms = prepared(db, 'SELECT term FROM temp.comment_search_terms WHERE term >= ? AND term < ? LIMIT ?').pluck();
  const parts = match.match(/"[^"]*"\*?/g) ?? [];
  return parts
    .map((part) => {
      const prefix = /^"([A-Za-z0-9]+)"\*$/.exec(part)?.[1]?.toLowerCase();
      if (prefix === undefined) return part;
      const upper = prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
      const found = terms.all(prefix, upper, MAX_PREFIX_TERMS + 1) as string[];
      if (found.length === 0 || found.length > MAX_PREFIX_TERMS) return part;
      return `(${found.map((t) => `"${t.replace(/"/g, '""')}"`).join(' OR ')})`;
    })
    .join(' AND ');
}

/** Ids of the matching comments, in page order, at most `take`. */
export function searchIds(db: Database, query: SearchQuery): number[] {
  const q = { ...query, match: expandPrefixes(db, query.match) };
  const bodyMatches = matchesUpTo(db, 'comment_search', q.match, RARE_BODY_MATCHES);
  const nameMatches = matchesUpTo(db, 'comment_author_search', q.match, NAME_SET_MAX);
  if (bodyMatches < RARE_BODY_MATCHES && nameMatches < RARE_NAME_MATCHES) return collect(db, q, q.after, q.take);
  const walked = walk(db, q, nameMatches < NAME_SET_MAX);
  if (walked.done || walked.ids.length >= q.take) return walked.ids.slice(0, q.take);
  return [...walked.ids, ...collect(db, q, walked.last, q.take - walked.ids.length)];
}

/** All matches after `after`, sorted: one statement whose cost grows with the number of matches. */
function collect(db: Database, q: SearchQuery, after: readonly Param[] | null, take: number): number[] {
  const ks = keyset(q.order, after);
  const sql = `SELECT c.id FROM comments c WHERE ${q.where}${ks.sql} AND c.id IN (
      SELECT rowid FROM comment_search WHERE comment_search MATCH ?
      UNION SELECT m.id FROM comment_author_search s JOIN comments m ON m.author_id = s.rowid WHERE comment_author_search MATCH ?)
    ORDER BY ${orderBy(q.order)} LIMIT ?`;
  return prepared(db, sql).pluck().all(...q.params, ...ks.params, q.match, q.match, take) as number[];
}

interface WalkRow {
  id: number;
  author_id: number;
  [key: string]: Param;
}

/** Tells whether a comment's author's name matches: one set for few matching names, else a cached lookup per author. */
function nameTester(db: Database, match: string, asSet: boolean): (authorId: number) => boolean {
  if (asSet) {
    const ids = new Set(prepared(db, 'SELECT rowid FROM comment_author_search WHERE comment_author_search MATCH ?').pluck().all(match) as number[]);
    return (authorId) => ids.has(authorId);
  }
  const probe = prepared(db, 'SELECT rowid FROM comment_author_search WHERE comment_author_search MATCH ? AND rowid = ?').pluck();
  const seen = new Map<number, boolean>();
  return (authorId) => {
    let hit = seen.get(authorId);
    if (hit === undefined) {
      hit = probe.get(match, rowid(authorId)) === authorId;
      seen.set(authorId, hit);
    }
    return hit;
  };
}

/**
 * The body matches among one chunk of walked rows. Comments are mostly ingested in time order, so
 * a chunk's ids usually sit in a narrow range: one FTS query bounded to that rowid range answers
 * the whole chunk (and expands a prefix once, not once per row). A chunk whose ids are scattered
 * is probed row by row instead.
 */
function bodyMatchesIn(db: Database, match: string, rows: readonly WalkRow[]): (id: number) => boolean {
  let min = Infinity;
  let max = -Infinity;
  for (const r of rows) {
    if (r.id < min) min = r.id;
    if (r.id > max) max = r.id;
  }
  if (max - min <= RANGE_SPAN_PER_ROW * rows.length) {
    const ids = new Set(prepared(db, 'SELECT rowid FROM comment_search WHERE comment_search MATCH ? AND rowid >= ? AND rowid <= ?').pluck().all(match, rowid(min), rowid(max)) as number[]);
    return (id) => ids.has(id);
  }
  const probe = prepared(db, 'SELECT rowid FROM comment_search WHERE comment_search MATCH ? AND rowid = ?').pluck();
  return (id) => probe.get(match, rowid(id)) === id;
}

/** Walks the queue in page order, testing each row against the FTS indexes, up to WALK_CAP rows. */
function walk(db: Database, q: SearchQuery, namesAsSet: boolean): { ids: number[]; done: boolean; last: readonly Param[] | null } {
  const keyCols = q.order.cols.map(bare);
  const select = [...new Set(['id', 'author_id', ...keyCols])].map((c) => `c.${c}`).join(', ');
  const nameHit = nameTester(db, q.match, namesAsSet);
  const ids: number[] = [];
  let last = q.after;
  let walkedRows = 0;
  let chunk = FIRST_CHUNK;
  while (walkedRows < WALK_CAP) {
    const ks = keyset(q.order, last);
    const rows = prepared(db, `SELECT ${select} FROM comments c WHERE ${q.where}${ks.sql} ORDER BY ${orderBy(q.order)} LIMIT ?`).all(
      ...q.params,
      ...ks.params,
      chunk,
    ) as WalkRow[];
    if (rows.length === 0) return { ids, done: true, last };
    const bodyHit = bodyMatchesIn(db, q.match, rows);
    for (const row of rows) {
      walkedRows += 1;
      last = keyCols.map((c) => row[c]!);
      if (nameHit(row.author_id) || bodyHit(row.id)) {
        ids.push(row.id);
        if (ids.length >= q.take) return { ids, done: true, last };
      }
    }
    if (rows.length < chunk) return { ids, done: true, last };
    chunk = Math.min(chunk * 2, WALK_CAP);
  }
  return { ids, done: false, last };
}
