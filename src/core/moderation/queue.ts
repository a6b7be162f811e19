import type { Database } from 'better-sqlite3';
import { CopydeskError } from '../../shared/errors';
import {
  QUEUES,
  type AuthorSummary,
  type ModerationComment,
  type Queue,
  type QueueCounts,
  type QueueFilter,
  type QueueItem,
  type QueuePage,
  type QueueSort,
  type RuleMatch,
} from '../../shared/moderation';
import { searchIds, type OrderSpec } from './search';
import { prepared } from '../db/statements';
import { targetOfSource } from './source';

/**
 * Queue reads. Every page is keyset-paginated on (created_at, id) or (report_count, created_at,
 * id), so page N costs the same as page 1 and a comment arriving between pages neither repeats
 * nor skips anything already listed. Cursors are opaque base64url JSON.
 */

type Param = string | number;

const QUEUE_WHERE: Record<Queue, string> = {
  pending: "c.queue = 'pending'",
  unmoderated: "c.queue = 'unmoderated'",
  reported: 'c.reported = 1',
  approved: "c.queue = 'approved'",
  rejected: "c.queue = 'rejected'",
  spam: "c.queue = 'spam'",
};

/** Words of free text as an FTS5 query: each word quoted (no operators), `word*` kept as a prefix. */
export function ftsQuery(text: string): string | null {
  const terms = text
    .split(/\s+/)
    .map((w) => {
      const prefix = w.endsWith('*');
      const core = w.replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
      if (core === '') return null;
      return core
        .split(' ')
        .map((part, i, parts) => `"${part}"${prefix && i === parts.length - 1 ? '*' : ''}`)
        .join(' ');
    })
    .filter((t): t is string => t !== null);
  return terms.length ? terms.join(' ') : null;
}

/** Comments whose body or author name matches an FTS query (the same set search pages walk). */
const TEXT_MATCH = `c.id IN (SELECT rowid FROM comment_search WHERE comment_search MATCH ?
  UNION SELECT m.id FROM comment_author_search s JOIN comments m ON m.author_id = s.rowid WHERE comment_author_search MATCH ?)`;

/** The WHERE clause of a queue plus filter (alias `c` for comments). */
export function queueWhere(queue: Queue, filter: QueueFilter): { where: string; params: Param[] } {
  const clauses = [QUEUE_WHERE[queue]];
  const params: Param[] = [];
  if (filter.articleId !== undefined) {
    clauses.push('c.article_id = ?');
    params.push(filter.articleId);
  }
  if (filter.authorId !== undefined) {
    clauses.push('c.author_id = ?');
    params.push(filter.authorId);
  }
  if (filter.from !== undefined) {
    clauses.push('c.created_at >= ?');
    params.push(new Date(filter.from).toISOString());
  }
  if (filter.to !== undefined) {
    clauses.push('c.created_at < ?');
    params.push(new Date(filter.to).toISOString());
  }
  if (filter.ruleId !== undefined) {
    clauses.push('c.id IN (SELECT comment_id FROM comment_rule_hits WHERE rule_id = ?)');
    params.push(filter.ruleId);
  }
  if (filter.text !== undefined) {
    const match = ftsQuery(filter.text);
    if (match !== null) {
      clauses.push(TEXT_MATCH);
      params.push(match, match);
    }
  }
  return { where: clauses.join(' AND '), params };
}

const ORDER: Record<QueueSort, OrderSpec> = {
  newest: { cols: ['c.created_at', 'c.id'], dir: 'DESC' },
  oldest: { cols: ['c.created_at', 'c.id'], dir: 'ASC' },
  most_reported: { cols: ['c.report_count', 'c.created_at', 'c.id'], dir: 'DESC' },
};

function encodeCursor(values: Param[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

function decodeCursor(cursor: string, length: number): Param[] {
  try {
    const values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(values) && values.length === length && values.every((v) => typeof v === 'string' || typeof v === 'number')) return values as Param[];
  } catch {
    // fall through
  }
  throw new CopydeskError('invalid_input', 'Invalid queue cursor (it belongs to another sort or was altered)', { cursor: 'invalid' });
}

export interface CommentRow {
  id: number;
  source: string;
  remote_id: string;
  article_id: string;
  parent_id: number | null;
  author_id: number;
  body: string;
  body_original: string | null;
  body_truncated: number;
  link_count: number;
  created_at: string;
  edited_at: string | null;
  status: ModerationComment['status'];
  reason_code: ModerationComment['reasonCode'];
  reason_note: string;
  decided_by: string | null;
  decided_at: string | null;
  published: number;
  reported: number;
  report_count: number;
  report_reasons: string;
  rule_matches: string;
}

interface ItemRow extends CommentRow {
  a_source: string;
  a_remote_id: string;
  a_name: string;
  a_status: AuthorSummary['status'];
  a_until: string | null;
  a_created: string | null;
  a_note: string;
  headline: string | null;
  parent_body: string | null;
}

export function toComment(r: CommentRow): ModerationComment {
  return {
    id: r.id,
    source: r.source,
    remoteId: r.remote_id,
    articleId: r.article_id,
    parentId: r.parent_id,
    authorId: r.author_id,
    body: r.body,
    bodyTruncated: r.body_truncated === 1,
    convertedFromHtml: r.body_original !== null && r.body_truncated === 0,
    linkCount: r.link_count,
    createdAt: r.created_at,
    editedAt: r.edited_at,
    status: r.status,
    reasonCode: r.reason_code,
    reasonNote: r.reason_note,
    decidedBy: r.decided_by,
    decidedAt: r.decided_at,
    published: r.published === 1,
    reported: r.reported === 1,
    reportCount: r.report_count,
    reportReasons: JSON.parse(r.report_reasons) as string[],
    ruleMatches: JSON.parse(r.rule_matches) as RuleMatch[],
  };
}

const ITEM_SELECT = `SELECT c.*, a.source AS a_source, a.remote_id AS a_remote_id, a.display_name AS a_name, a.status AS a_status,
  a.suspended_until AS a_until, a.remote_created_at AS a_created, a.note AS a_note, ar.headline, substr(p.body, 1, 280) AS parent_body
  FROM comments c JOIN comment_authors a ON a.id = c.author_id LEFT JOIN articles ar ON ar.id = c.article_id LEFT JOIN comments p ON p.id = c.parent_id`;

/** Adds author counts and reply counts to fetched rows (a few indexed lookups per page). */
function toItems(db: Database, rows: ItemRow[]): QueueItem[] {
  const authorCounts = prepared(db, "SELECT SUM(status = 'approved') AS approved, SUM(status IN ('rejected', 'spam')) AS rejected FROM comments WHERE author_id = ?");
  const replies = prepared(db, 'SELECT COUNT(*) AS n FROM comments WHERE parent_id = ?');
  // "Not sent" (pulled comments only: their source names the remote target). A decision is sent
  // once the remote area has handed its log entry to the outbox AND the outbox row is delivered.
  const latestPushed = prepared(
    db,
    `SELECT l.pushed_to_remote FROM moderation_log_targets t JOIN moderation_log l ON l.id = t.log_id
      WHERE t.target_type = 'comment' AND t.target_id = CAST(? AS TEXT) ORDER BY t.log_id DESC LIMIT 1`,
  ).pluck();
  const waiting = prepared(db, "SELECT EXISTS (SELECT 1 FROM outbox WHERE target_id = ? AND subject = ? AND kind = 'moderation' AND state <> 'done')").pluck();
  const unsent = (r: ItemRow): boolean => {
    const target = targetOfSource(r.source);
    return target !== undefined && (latestPushed.get(r.id) === 0 || waiting.get(target, `comment:${r.remote_id}`) === 1);
  };
  const cache = new Map<number, { approved: number; rejected: number }>();
  return rows.map((r) => {
    let counts = cache.get(r.author_id);
    if (!counts) {
      const got = authorCounts.get(r.author_id) as { approved: number | null; rejected: number | null };
      counts = { approved: got.approved ?? 0, rejected: got.rejected ?? 0 };
      cache.set(r.author_id, counts);
    }
    return {
      comment: toComment(r),
      author: {
        id: r.author_id,
        source: r.a_source,
        remoteId: r.a_remote_id,
        displayName: r.a_name,
        status: r.a_status,
        suspendedUntil: r.a_until,
        remoteCreatedAt: r.a_created,
        note: r.a_note,
        approvedCount: counts.approved,
        rejectedCount: counts.rejected,
      },
      articleHeadline: r.headline ?? '',
      parentExcerpt: r.parent_body,
      replyCount: (replies.get(r.id) as { n: number }).n,
      unsent: unsent(r),
    };
  });
}

/** The SQL of one queue page (exported so the benchmark can EXPLAIN exactly what runs). */
export function queueSql(queue: Queue, filter: QueueFilter, sort: QueueSort, cursor: string | null, limit: number, select = ITEM_SELECT): { sql: string; params: Param[] } {
  const { where, params } = queueWhere(queue, filter);
  const order = ORDER[sort];
  const cmp = order.dir === 'DESC' ? '<' : '>';
  let keyset = '';
  const keyParams: Param[] = [];
  if (cursor !== null) {
    keyset = ` AND (${order.cols.join(', ')}) ${cmp} (${order.cols.map(() => '?').join(', ')})`;
    keyParams.push(...decodeCursor(cursor, order.cols.length));
  }
  const orderBy = order.cols.map((c) => `${c} ${order.dir}`).join(', ');
  return { sql: `${select} WHERE ${where}${keyset} ORDER BY ${orderBy} LIMIT ?`, params: [...params, ...keyParams, limit + 1] };
}

export function queuePage(db: Database, queue: Queue, filter: QueueFilter, sort: QueueSort, cursor: string | null, limit: number): QueuePage {
  const match = filter.text === undefined ? null : ftsQuery(filter.text);
  let rows: ItemRow[];
  if (match === null) {
    const { sql, params } = queueSql(queue, { ...filter, text: undefined }, sort, cursor, limit);
    rows = prepared(db, sql).all(...params) as ItemRow[];
  } else {
    // Text search picks its rows itself (see search.ts); the page is then read by id, in order.
    const order = ORDER[sort];
    const { where, params } = queueWhere(queue, { ...filter, text: undefined });
    const after = cursor === null ? null : decodeCursor(cursor, order.cols.length);
    const ids = searchIds(db, { where, params, order, after, match, take: limit + 1 });
    const orderBy = order.cols.map((c) => `${c} ${order.dir}`).join(', ');
    rows = prepared(db, `${ITEM_SELECT} WHERE c.id IN (SELECT value FROM json_each(?)) ORDER BY ${orderBy}`).all(JSON.stringify(ids)) as ItemRow[];
  }
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const nextCursor =
    rows.length > limit && last
      ? encodeCursor(sort === 'most_reported' ? [last.report_count, last.created_at, last.id] : [last.created_at, last.id])
      : null;
  return { items: toItems(db, page), nextCursor };
}

/** Ids of every comment matching a queue + filter (for "act on all N matching"). */
export function queueIds(db: Database, queue: Queue, filter: QueueFilter): number[] {
  const { where, params } = queueWhere(queue, filter);
  return db.prepare(`SELECT c.id FROM comments c WHERE ${where}`).pluck().all(...params) as number[];
}

/** How many comments match a queue + filter (the same WHERE as the pages and the bulk target). */
export function queueCount(db: Database, queue: Queue, filter: QueueFilter): number {
  const { where, params } = queueWhere(queue, filter);
  return (db.prepare(`SELECT COUNT(*) AS n FROM comments c WHERE ${where}`).get(...params) as { n: number }).n;
}

/**
 * Live count of every queue. The whole-desk counts come from comment_queue_counts (kept exact by
 * triggers, migration 0007), so the poll is O(1); one article's counts are an index range scan.
 */
export function queueCounts(db: Database, articleId?: string): QueueCounts {
  const counts = Object.fromEntries(QUEUES.map((q) => [q, 0])) as QueueCounts;
  if (articleId === undefined) {
    for (const r of db.prepare('SELECT queue, n FROM comment_queue_counts').all() as { queue: Queue; n: number }[]) counts[r.queue] = r.n;
    return counts;
  }
  const rows = db.prepare('SELECT queue, COUNT(*) AS n FROM comments WHERE article_id = ? GROUP BY queue').all(articleId) as { queue: Queue; n: number }[];
  for (const r of rows) counts[r.queue] = r.n;
  counts.reported = (db.prepare('SELECT COUNT(*) AS n FROM comments WHERE reported = 1 AND article_id = ?').get(articleId) as { n: number }).n;
  return counts;
}

export function itemsById(db: Database, ids: readonly number[]): QueueItem[] {
  if (ids.length === 0) return [];
  const rows = db.prepare(`${ITEM_SELECT} WHERE c.id IN (SELECT value FROM json_each(?)) ORDER BY c.created_at, c.id`).all(JSON.stringify(ids)) as ItemRow[];
  return toItems(db, rows);
}

export function commentItem(db: Database, id: number): QueueItem {
  const [item] = itemsById(db, [id]);
  if (!item) throw new CopydeskError('not_found', `No comment ${id}`);
  return item;
}

/** A comment with its thread context: the parent and the direct replies, oldest first. */
export function commentThread(db: Database, id: number): { item: QueueItem; parent: QueueItem | null; replies: QueueItem[] } {
  const item = commentItem(db, id);
  const parent = item.comment.parentId === null ? null : (itemsById(db, [item.comment.parentId])[0] ?? null);
  const replyIds = db.prepare('SELECT id FROM comments WHERE parent_id = ? ORDER BY created_at, id LIMIT 200').pluck().all(id) as number[];
  return { item, parent, replies: itemsById(db, replyIds) };
}

/** The author summary, with approved and rejected(+spam) counts. */
export function authorSummary(db: Database, id: number): AuthorSummary {
  const row = db
    .prepare(
      `SELECT a.*, (SELECT COUNT(*) FROM comments WHERE author_id = a.id AND status = 'approved') AS approved,
              (SELECT COUNT(*) FROM comments WHERE author_id = a.id AND status IN ('rejected', 'spam')) AS rejected
         FROM comment_authors a WHERE a.id = ?`,
    )
    .get(id) as
    | { id: number; source: string; remote_id: string; display_name: string; status: AuthorSummary['status']; suspended_until: string | null; remote_created_at: string | null; note: string; approved: number; rejected: number }
    | undefined;
  if (!row) throw new CopydeskError('not_found', `No reader account ${id}`);
  return {
    id: row.id,
    source: row.source,
    remoteId: row.remote_id,
    displayName: row.display_name,
    status: row.status,
    suspendedUntil: row.suspended_until,
    remoteCreatedAt: row.remote_created_at,
    note: row.note,
    approvedCount: row.approved,
    rejectedCount: row.rejected,
  };
}
