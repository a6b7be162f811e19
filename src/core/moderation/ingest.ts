import type { Database } from 'better-sqlite3';
import type { z } from 'zod';
import {
  CommentIngestItemSchema,
  MAX_COMMENT_CHARS,
  MAX_NAME_CHARS,
  VoteIngestItemSchema,
  type IngestResult,
  type RuleMatch,
} from '../../shared/moderation';
import type { WorkspaceEvents } from '../events';
import { ImportFileError, formatPath } from '../io/import-error';
import { findJsonSyntaxProblem } from '../io/json-syntax';
import { applyOutcomes, createEvaluator, type Outcome } from './evaluate';
import { changeState } from './log';
import { accountResolver, bulkIngest, BY_REMOTE_ID, commentInserter } from './ingest-batch';
import { RuleRepository, matchPhrases } from './rules';
import { cleanPlainText, countLinks, hashWords, htmlToText, truncate, words } from './text';
import { prepared } from '../db/statements';

/**
 * Ingest of comments and votes from a source (a JSON or NDJSON file, or a remote sync).
 *
 * - Idempotent on (source, remote id): re-ingesting updates the text, edit time, reports and
 *   thread link, and NEVER touches status, published or any local decision.
 * - All-or-nothing: the whole batch is one transaction; the first bad item aborts it with an
 *   error naming the item (`[12].author.remoteId`, or the NDJSON line) and the field.
 * - Bodies are plain text. HTML bodies are converted to text; control and bidi-override
 *   characters are dropped; bodies longer than MAX_COMMENT_CHARS are TRUNCATED (and flagged),
 *   not rejected, so one reader's essay cannot block a whole file. The raw payload is kept in
 *   body_original (audit only, first 100,000 characters) when it was HTML or truncated.
 */

export interface IngestTarget {
  db: Database;
  events?: WorkspaceEvents;
}

const AUDIT_CHARS = 100_000;

export class IngestError extends ImportFileError {}

export interface IngestOptions {
  /** Names the input in errors (a file name). */
  label?: string;
  /** For NDJSON input: the file line of each item, so errors name the line. */
  lines?: readonly number[];
  /** The JSON file held `{ "items": [...] }`: paths start with `items`. */
  wrapped?: boolean;
}

function validate<T extends z.ZodType>(schema: T, items: readonly unknown[], options: IngestOptions, fallback: string): z.output<T>[] {
  const { lines, wrapped } = options;
  const label = options.label ?? fallback;
  return items.map((item, i) => {
    const parsed = schema.safeParse(item);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0]!;
    const path = formatPath(lines ? issue.path : [...(wrapped ? ['items'] : []), i, ...issue.path]);
    throw new IngestError(label, issue.message, { line: lines?.[i], path: path || undefined });
  });
}

/** Says where JSON text goes wrong without quoting it (a binary file would print garbage). */
function jsonError(text: string, label: string, fileLine?: number): IngestError {
  const found = findJsonSyntaxProblem(text);
  const problem = `not valid JSON: ${found?.problem ?? 'the text cannot be read as JSON'}`;
  if (fileLine !== undefined) return new IngestError(label, problem, { line: fileLine, ...(found ? { column: found.column } : {}) });
  return new IngestError(label, problem, found ? { line: found.line, column: found.column } : {});
}

/** Parses a JSON (array or `{items}`) or NDJSON file into raw items, with line numbers for NDJSON. */
export function parseIngestText(text: string, label: string, format: 'json' | 'ndjson' | 'auto' = 'auto'): { items: unknown[]; lines?: number[]; wrapped?: boolean } {
  const trimmed = text.trimStart();
  const isJson = format === 'json' || (format === 'auto' && (trimmed.startsWith('[') || (trimmed.startsWith('{') && /^\{\s*"items"\s*:/.test(trimmed))));
  if (isJson) {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      throw jsonError(text, label);
    }
    if (Array.isArray(data)) return { items: data };
    if (data && typeof data === 'object' && Array.isArray((data as { items?: unknown }).items)) return { items: (data as { items: unknown[] }).items, wrapped: true };
    throw new IngestError(label, 'expected an array of items or { "items": [...] }');
  }
  const items: unknown[] = [];
  const lines: number[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line === '') return;
    try {
      items.push(JSON.parse(line));
      lines.push(index + 1);
    } catch {
      throw jsonError(raw, label, index + 1);
    }
  });
  return { items, lines };
}

/** Reads a comments or votes file (JSON or NDJSON) and ingests it: the whole file or nothing. */
export function ingestFile(target: IngestTarget, kind: 'comments' | 'votes', text: string, source: string, label: string, format: 'json' | 'ndjson' | 'auto' = 'auto'): IngestResult {
  const { items, lines, wrapped } = parseIngestText(text, label, format);
  const options: IngestOptions = { label, ...(lines === undefined ? {} : { lines }), ...(wrapped ? { wrapped } : {}) };
  return kind === 'comments' ? ingestComments(target, items, source, options) : ingestVotes(target, items, source, options);
}

/** A reader's name as stored: plain text, one line, at most MAX_NAME_CHARS. */
export function cleanName(name: string): string {
  return truncate(cleanPlainText(name).replace(/\s+/g, ' ').trim(), MAX_NAME_CHARS).text;
}

/** The stored form of a body: plain text, cleaned and size-limited, plus what to keep for audit. */
export function prepareBody(body: string, format: 'text' | 'html'): { text: string; original: string | null; truncated: boolean } {
  const text = cleanPlainText(format === 'html' ? htmlToText(body) : body);
  const cut = truncate(text, MAX_COMMENT_CHARS);
  const original = format === 'html' || cut.truncated ? truncate(body, AUDIT_CHARS).text : null;
  return { text: cut.text, original, truncated: cut.truncated };
}

/** A timestamp already in canonical form (what toISOString() returns) needs no Date round trip. */
const CANONICAL_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
// The last conversion is remembered: a batch often repeats one non-canonical time (e.g. readers'
// account dates), and the Date round trip was a visible part of ingest's per-item cost.
let lastIso: [string, string] = ['', ''];
const iso = (value: string): string => {
  if (CANONICAL_ISO.test(value)) return value;
  if (lastIso[0] !== value) lastIso = [value, new Date(value).toISOString()];
  return lastIso[1];
};

/** Resolves article ids or slugs (cached per batch); unknown articles are an error for that item. */
function articleResolver(db: Database, options: IngestOptions) {
  const label = options.label ?? 'input';
  const byId = prepared(db, 'SELECT id FROM articles WHERE id = ? OR slug = ? ORDER BY id = ? DESC LIMIT 1').pluck();
  const cache = new Map<string, string>();
  return (ref: string, index: number): string => {
    let id = cache.get(ref);
    if (id === undefined) {
      id = byId.get(ref, ref, ref) as string | undefined;
      if (id === undefined) {
        const line = options.lines?.[index];
        const path = line === undefined ? `${options.wrapped ? 'items' : ''}[${index}].articleId` : 'articleId';
        throw new IngestError(label, `no article with id or slug ${JSON.stringify(ref)}`, { line, path });
      }
      cache.set(ref, id);
    }
    return id;
  };
}

interface ExistingComment {
  remote_id: string;
  id: number;
  body: string;
  edited_at: string | null;
  report_count: number;
  report_reasons: string;
  parent_remote_id: string | null;
  decided_by: string | null;
}

const EXISTING_COLUMNS = 'remote_id, id, body, edited_at, report_count, report_reasons, parent_remote_id, decided_by';

/**
 * The stored rows of a batch's remote ids, read in one statement in remote id order: the
 * (source, remote_id) index is walked front to back instead of probed at random once per item.
 * CROSS JOIN keeps the wanted ids the outer loop (see accountResolver's prefetch); SQLite removes
 * repeats and sorts them (BY_REMOTE_ID), which cost more in JavaScript than the read itself.
 */
function prefetchExisting(db: Database, source: string, remoteIds: readonly string[]): Map<string, ExistingComment> {
  const columns = EXISTING_COLUMNS.replace(/(\w+)/g, 'c.$1');
  const sql = `SELECT ${columns} FROM ${BY_REMOTE_ID} AS w CROSS JOIN comments c ON c.source = ? AND c.remote_id = w.value`;
  const rows = prepared(db, sql).all(JSON.stringify(remoteIds), source) as ExistingComment[];
  return new Map(rows.map((row) => [row.remote_id, row]));
}

/** Ingests comments in one transaction (see the module comment for the guarantees). */
export function ingestComments(target: IngestTarget, rawItems: readonly unknown[], source: string, options: IngestOptions = {}): IngestResult {
  const items = validate(CommentIngestItemSchema, rawItems, options, 'comments');
  const { db } = target;
  const now = new Date().toISOString();
  const result: IngestResult = { inserted: 0, updated: 0, unchanged: 0, truncated: 0 };
  bulkIngest(db, () => {
    const article = articleResolver(db, options);
    const accounts = accountResolver(db, source, now, cleanName, iso);
    accounts.prefetch(items.map((item) => item.author.remoteId));
    const rules = new RuleRepository(db).enabled();
    const existing = prepared(db, `SELECT ${EXISTING_COLUMNS} FROM comments WHERE source = ? AND remote_id = ?`);
    const known = prefetchExisting(db, source, items.map((item) => item.remoteId));
    // Remote ids already handled in this batch: their prefetched row may be stale, so they are read again.
    const seen = new Set<string>();
    const parentId = prepared(db, 'SELECT id FROM comments WHERE source = ? AND remote_id = ?').pluck();
    const updateText = prepared(
      db,
      'UPDATE comments SET body = ?, body_original = ?, body_truncated = ?, body_hash = ?, link_count = ?, edited_at = ? WHERE id = ?',
    );
    const updateReports = prepared(db, 'UPDATE comments SET report_count = ?, report_reasons = ?, reported = CASE WHEN ? THEN 1 ELSE reported END WHERE id = ?');
    const updateParent = prepared(db, 'UPDATE comments SET parent_remote_id = ?, parent_id = ? WHERE id = ?');
    const outcomes: Outcome[] = [];
    // Remote ids of comments their authors deleted on the source (settled after the rules).
    const deleted: string[] = [];
    const evaluateRules = createEvaluator(db, rules);
    // New comments are buffered and inserted set-based (see ingest-batch.ts). Anything that reads
    // what came before it in the batch (an update of an existing comment, a remote id repeated in
    // the batch) first flushes the buffer, so every item sees exactly what a row-by-row ingest saw.
    const inserter = commentInserter(db, source, now);
    // The phrase-rule matches of each queued comment, in queue order (see Candidate.phraseMatches).
    const newMatches: RuleMatch[][] = [];
    const flush = () => {
      // Reader writes wait for the next new comments (which need their accounts) or the end of the
      // batch: nothing an update of an existing comment reads depends on them. Flushed before every
      // update, a re-sync that renames many readers wrote them one statement set per comment, each
      // a full-text index flush (~0.3 ms a comment, 34 s of CPU for 100,000 in the benchmark).
      if (inserter.queued() === 0) return;
      accounts.flush();
      const queuedMatches = newMatches.splice(0);
      const candidates = inserter.flush().map((c, i) => ({
        id: c.id, authorId: c.authorId, text: c.body, phraseMatches: queuedMatches[i]!, hash: c.bodyHash, links: c.links, createdAt: c.createdAt, isNew: true, visibleBelow: c.id,
      }));
      if (candidates.length > 1) evaluateRules.primeInserted(candidates[0]!.id, candidates.at(-1)!.id);
      for (const c of candidates) outcomes.push(evaluateRules(c));
    };

    items.forEach((item, index) => {
      const articleId = article(item.articleId, index);
      const authorId = accounts.resolve(item.author);
      const body = prepareBody(item.body, item.format);
      if (body.truncated) result.truncated += 1;
      const textWords = words(body.text);
      const hash = hashWords(textWords);
      const links = countLinks(body.text);
      const createdAt = iso(item.createdAt);
      const editedAt = item.editedAt === null ? null : iso(item.editedAt);
      const reasons = JSON.stringify(item.reports.reasons.map(cleanName));
      const repeated = seen.has(item.remoteId);
      seen.add(item.remoteId);
      if (item.deletedAt !== null) deleted.push(item.remoteId);
      if (repeated && inserter.queuedId(item.remoteId) !== undefined) flush();
      const parent =
        item.parentRemoteId === null ? null : (inserter.queuedId(item.parentRemoteId) ?? (parentId.get(source, item.parentRemoteId) as number | undefined) ?? null);
      const row = repeated ? (existing.get(source, item.remoteId) as ExistingComment | undefined) : known.get(item.remoteId);
      if (!row) {
        inserter.add({
          remoteId: item.remoteId, articleId, parentId: parent, parentRemoteId: item.parentRemoteId, authorId, body: body.text, bodyOriginal: body.original,
          bodyTruncated: body.truncated, bodyHash: hash, links, createdAt, editedAt, published: item.publishedOnRemote, reportCount: item.reports.count, reportReasons: reasons,
        });
        newMatches.push(matchPhrases(rules, body.text, textWords));
        result.inserted += 1;
        return;
      }
      flush();
      let changed = false;
      if (row.body !== body.text || row.edited_at !== editedAt) {
        updateText.run(body.text, body.original, body.truncated ? 1 : 0, hash, links, editedAt, row.id);
        changed = true;
        // An edit is re-checked, but a decision already taken (by a moderator or a rule) stands.
        if (row.decided_by === null) {
          outcomes.push(evaluateRules({ id: row.id, authorId, text: body.text, words: textWords, hash, links, createdAt, isNew: false, visibleBelow: Number.MAX_SAFE_INTEGER }));
        }
      }
      if (row.report_count !== item.reports.count || row.report_reasons !== reasons) {
        updateReports.run(item.reports.count, reasons, item.reports.count > row.report_count ? 1 : 0, row.id);
        changed = true;
      }
      if (row.parent_remote_id !== item.parentRemoteId) {
        updateParent.run(item.parentRemoteId, parent, row.id);
        changed = true;
      }
      if (changed) result.updated += 1;
      else result.unchanged += 1;
    });
    flush();
    accounts.flush();
    // Replies that arrived before their parents: link them now that the parents exist.
    prepared(
      db,
      `UPDATE comments SET parent_id = (SELECT p.id FROM comments p WHERE p.source = comments.source AND p.remote_id = comments.parent_remote_id)
        WHERE source = ? AND parent_remote_id IS NOT NULL AND parent_id IS NULL`,
    ).run(source);
    applyOutcomes(db, outcomes, now);
    settleDeleted(db, source, deleted, now);
  });
  if (result.inserted + result.updated > 0) target.events?.emit('moderation:changed', { areas: ['comments'] });
  return result;
}

/**
 * Comments their authors deleted on the source leave every queue: nobody needs to decide on them
 * any more, and they must not be republished. They become rejected, decided by "author", whatever
 * was decided before (the words are gone from the source), through changeState so the audit log
 * shows it and the target is told (a reject of a deleted comment changes nothing it shows).
 */
function settleDeleted(db: Database, source: string, remoteIds: readonly string[], now: string): void {
  if (remoteIds.length === 0) return;
  const ids = prepared(
    db,
    "SELECT id FROM comments WHERE source = ? AND remote_id IN (SELECT value FROM json_each(?)) AND NOT (status = 'rejected' AND decided_by = 'author')",
  )
    .pluck()
    .all(source, JSON.stringify(remoteIds)) as number[];
  if (ids.length === 0) return;
  const note = 'Deleted by its author';
  changeState(
    db,
    'comment',
    ids,
    { status: 'rejected', reason_code: 'other', reason_note: note, decided_by: 'author', decided_at: now, published: 0, reported: 0 },
    { actor: 'author', action: 'author:delete', reasonCode: 'other', note, now },
  );
}

/**
 * Ingests votes in one transaction, idempotent on (source, remote id): a changed value or time is
 * updated, the local state (counted/void) never is. Votes cast on an article after its voting was
 * locked are stored void ("voting locked").
 */
export function ingestVotes(target: IngestTarget, rawItems: readonly unknown[], source: string, options: IngestOptions = {}): IngestResult {
  const items = validate(VoteIngestItemSchema, rawItems, options, 'votes');
  const { db } = target;
  const now = new Date().toISOString();
  const result: IngestResult = { inserted: 0, updated: 0, unchanged: 0, truncated: 0 };
  db.transaction(() => {
    const article = articleResolver(db, options);
    const accounts = accountResolver(db, source, now, cleanName, iso);
    // Voters first, written in one statement (votes reference them).
    accounts.prefetch(items.map((item) => item.voter.remoteId));
    const voterIds = items.map((item) => accounts.resolve(item.voter));
    accounts.flush();
    const existing = prepared(db, 'SELECT id, axis, value, voted_at, ip_hash, device_hash FROM votes WHERE source = ? AND remote_id = ?');
    const lock = prepared(db, 'SELECT changed_at FROM article_voting WHERE article_id = ? AND locked = 1').pluck();
    const insert = prepared(
      db,
      `INSERT INTO votes (source, remote_id, article_id, axis, value, voter_id, voted_at, ip_hash, device_hash, state, void_reason)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const update = prepared(db, 'UPDATE votes SET axis = ?, value = ?, voted_at = ?, ip_hash = ?, device_hash = ? WHERE id = ?');
    items.forEach((item, index) => {
      const articleId = article(item.articleId, index);
      const voterId = voterIds[index]!;
      const votedAt = iso(item.votedAt);
      const row = existing.get(source, item.remoteId) as
        | { id: number; axis: string; value: string; voted_at: string; ip_hash: string | null; device_hash: string | null }
        | undefined;
      if (!row) {
        const lockedAt = lock.get(articleId) as string | undefined;
        const locked = lockedAt !== undefined && votedAt >= lockedAt;
        insert.run(source, item.remoteId, articleId, item.axis, item.value, voterId, votedAt, item.ipHash, item.deviceHash, locked ? 'void' : 'counted', locked ? 'voting locked' : null);
        result.inserted += 1;
      } else if (row.axis !== item.axis || row.value !== item.value || row.voted_at !== votedAt || row.ip_hash !== item.ipHash || row.device_hash !== item.deviceHash) {
        update.run(item.axis, item.value, votedAt, item.ipHash, item.deviceHash, row.id);
        result.updated += 1;
      } else {
        result.unchanged += 1;
      }
    });
  })();
  if (result.inserted + result.updated > 0) target.events?.emit('moderation:changed', { areas: ['votes'] });
  return result;
}

/**
 * Votes their readers took back on the source: they no longer exist there, so they leave the
 * local tallies and fraud views too. A vote a moderator voided stays, as the record of that
 * decision. Returns how many were removed.
 */
export function withdrawVotes(target: IngestTarget, remoteIds: readonly string[], source: string): number {
  const { db } = target;
  const remove = prepared(db, "DELETE FROM votes WHERE source = ? AND remote_id = ? AND state = 'counted'");
  let removed = 0;
  db.transaction(() => {
    for (const remoteId of remoteIds) removed += remove.run(source, remoteId).changes;
  })();
  if (removed > 0) target.events?.emit('moderation:changed', { areas: ['votes'] });
  return removed;
}
