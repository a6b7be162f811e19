import type { Database } from 'better-sqlite3';
import { CopydeskError } from '../../shared/errors';
import type { LogEntry, LogFilter } from '../../shared/moderation';
import { prepared } from '../db/statements';
import { describeTargets } from './log-labels';

/**
 * The moderation log and the state machinery that makes every action undoable.
 *
 * A target kind names a table, its key and the columns an action changes. Before an action the
 * targets' current values are captured set-based, grouped by identical state (10,000 comments
 * that were all "pending, unreported" are one group), and stored in the log entry with the state
 * the action produced. Undo checks that the targets still hold that produced state (otherwise a
 * later action would be silently overwritten: undo that one first), restores the groups, and logs
 * itself, so undo goes back several steps and an undo can be undone.
 */

export type TargetType = 'comment' | 'author' | 'vote' | 'article';

interface TargetKind {
  table: string;
  key: string;
  columns: readonly string[];
}

export const TARGETS: Record<TargetType, TargetKind> = {
  comment: { table: 'comments', key: 'id', columns: ['status', 'reason_code', 'reason_note', 'decided_by', 'decided_at', 'published', 'reported'] },
  author: { table: 'comment_authors', key: 'id', columns: ['status', 'suspended_until'] },
  vote: { table: 'votes', key: 'id', columns: ['state', 'void_reason'] },
  article: { table: 'article_voting', key: 'article_id', columns: ['locked', 'changed_at', 'changed_by', 'note'] },
};

type Value = string | number | null;
export interface StateGroup {
  state: Record<string, Value>;
  ids: (number | string)[];
}

/** Current state of the targets, grouped by identical values. */
export function snapshot(db: Database, type: TargetType, ids: readonly (number | string)[]): StateGroup[] {
  const { table, key, columns } = TARGETS[type];
  const cols = columns.join(', ');
  const rows = prepared(db, `SELECT ${cols}, json_group_array(${key}) AS ids FROM ${table} WHERE ${key} IN (SELECT value FROM json_each(?)) GROUP BY ${cols}`)
    .all(JSON.stringify(ids)) as Record<string, Value>[];
  return rows.map((row) => {
    const state: Record<string, Value> = {};
    for (const c of columns) state[c] = row[c] ?? null;
    return { state, ids: JSON.parse(String(row.ids)) as (number | string)[] };
  });
}

/** Sets every target of each group to that group's state: one UPDATE per group. */
export function applyGroups(db: Database, type: TargetType, groups: readonly StateGroup[]): number {
  const { table, key, columns } = TARGETS[type];
  let changed = 0;
  for (const group of groups) {
    const sets = columns.map((c) => `${c} = ?`).join(', ');
    const info = prepared(db, `UPDATE ${table} SET ${sets} WHERE ${key} IN (SELECT value FROM json_each(?))`)
      .run(...columns.map((c) => group.state[c] ?? null), JSON.stringify(group.ids));
    changed += info.changes;
  }
  return changed;
}

/** The first target that no longer holds its group's state, or null when all do. */
function firstDrifted(db: Database, type: TargetType, groups: readonly StateGroup[]): number | string | null {
  const { table, key, columns } = TARGETS[type];
  for (const group of groups) {
    const same = columns.map((c) => `${c} IS ?`).join(' AND ');
    const row = prepared(db, `SELECT value AS id FROM json_each(?) WHERE value NOT IN (SELECT ${key} FROM ${table} WHERE ${key} IN (SELECT value FROM json_each(?)) AND ${same})`)
      .get(JSON.stringify(group.ids), JSON.stringify(group.ids), ...columns.map((c) => group.state[c] ?? null)) as { id: number | string } | undefined;
    if (row) return row.id;
  }
  return null;
}

export interface NewLogEntry {
  actor: string;
  action: string;
  targetType: TargetType | 'rule';
  targetIds: readonly (number | string)[];
  reasonCode?: string | null;
  note?: string;
  before: unknown;
  after: unknown;
  undoesId?: number | null;
  now: string;
}

/** Writes one entry and its target index rows; call inside the action's transaction. */
export function writeLog(db: Database, entry: NewLogEntry): number {
  const ids = JSON.stringify(entry.targetIds);
  const { lastInsertRowid } = prepared(db, 
      `INSERT INTO moderation_log (actor, action, target_type, target_ids, target_count, reason_code, note, state_before, state_after, undoes_id, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      entry.actor,
      entry.action,
      entry.targetType,
      ids,
      entry.targetIds.length,
      entry.reasonCode ?? null,
      entry.note ?? '',
      JSON.stringify(entry.before),
      JSON.stringify(entry.after),
      entry.undoesId ?? null,
      entry.now,
    );
  const logId = Number(lastInsertRowid);
  prepared(db, 'INSERT OR IGNORE INTO moderation_log_targets (target_type, target_id, log_id) SELECT ?, CAST(value AS TEXT), ? FROM json_each(?)').run(
    entry.targetType,
    logId,
    ids,
  );
  return logId;
}

/**
 * Changes targets to one new state and logs it: snapshot, update, log, all in the caller's
 * transaction. Targets already in the new state are still logged (an explicit decision).
 */
export function changeState(
  db: Database,
  type: TargetType,
  ids: readonly (number | string)[],
  newState: Record<string, Value>,
  log: Omit<NewLogEntry, 'targetType' | 'targetIds' | 'before' | 'after'>,
): { logId: number; affected: number } {
  const before = snapshot(db, type, ids);
  const present = before.flatMap((g) => g.ids);
  if (present.length === 0) return { logId: -1, affected: 0 };
  // An action that sets every column leaves one uniform state (one UPDATE for any selection);
  // otherwise the columns it does not set keep their per-group values.
  const covers = TARGETS[type].columns.every((c) => Object.hasOwn(newState, c));
  const after = covers ? [{ ids: present, state: { ...newState } }] : before.map((g) => ({ ids: g.ids, state: { ...g.state, ...newState } }));
  applyGroups(db, type, after);
  const logId = writeLog(db, { ...log, targetType: type, targetIds: present, before, after });
  return { logId, affected: present.length };
}

interface LogRow {
  id: number;
  actor: string;
  action: string;
  target_type: LogEntry['targetType'];
  target_ids: string;
  target_count: number;
  reason_code: string | null;
  note: string;
  state_before: string;
  state_after: string;
  undoes_id: number | null;
  undone_by_id: number | null;
  created_at: string;
  pushed_to_remote: number;
  pushed_at: string | null;
}

const UNDOABLE_TYPES = new Set(['comment', 'author', 'vote', 'article']);

function toEntry(r: LogRow): LogEntry {
  return {
    id: r.id,
    actor: r.actor,
    action: r.action,
    targetType: r.target_type,
    targetIds: JSON.parse(r.target_ids) as (number | string)[],
    targetCount: r.target_count,
    targetLabel: '',
    reasonCode: r.reason_code,
    note: r.note,
    undoesId: r.undoes_id,
    undoneById: r.undone_by_id,
    undoable: r.undone_by_id === null && UNDOABLE_TYPES.has(r.target_type) && r.state_before !== 'null',
    createdAt: r.created_at,
    pushedToRemote: r.pushed_to_remote === 1,
    pushedAt: r.pushed_at,
  };
}

/** Reverses a log entry exactly, in one transaction, and logs the undo. */
export function undo(db: Database, logId: number, actor: string, now: string): { logId: number; affected: number } {
  return db.transaction(() => {
    const row = db.prepare('SELECT * FROM moderation_log WHERE id = ?').get(logId) as LogRow | undefined;
    if (!row) throw new CopydeskError('not_found', `No moderation log entry ${logId}`);
    const entry = toEntry(row);
    if (entry.undoneById !== null) throw new CopydeskError('conflict', `Log entry ${logId} was already undone by entry ${entry.undoneById}`);
    if (!entry.undoable) throw new CopydeskError('conflict', `Log entry ${logId} (${entry.action}) cannot be undone`);
    const type = row.target_type as TargetType;
    const before = JSON.parse(row.state_before) as StateGroup[];
    const after = JSON.parse(row.state_after) as StateGroup[];
    const drifted = firstDrifted(db, type, after);
    if (drifted !== null) {
      const later = db
        .prepare('SELECT MAX(log_id) AS id FROM moderation_log_targets WHERE target_type = ? AND target_id = ? AND log_id > ?')
        .get(type, String(drifted), logId) as { id: number | null };
      throw new CopydeskError(
        'conflict',
        `Cannot undo entry ${logId}: ${type} ${drifted} changed afterwards${later.id ? ` (entry ${later.id})` : ''}. Undo the later action first.`,
      );
    }
    const affected = applyGroups(db, type, before);
    const undoId = writeLog(db, {
      actor,
      action: `undo:${row.action}`,
      targetType: type,
      targetIds: JSON.parse(row.target_ids) as (number | string)[],
      reasonCode: row.reason_code,
      note: `Undo of entry ${logId}`,
      before: after,
      after: before,
      undoesId: logId,
      now,
    });
    db.prepare('UPDATE moderation_log SET undone_by_id = ? WHERE id = ?').run(undoId, logId);
    return { logId: undoId, affected };
  })();
}

function logWhere(filter: LogFilter): { where: string; params: Value[] } {
  const clauses: string[] = [];
  const params: Value[] = [];
  if (filter.action !== undefined) {
    clauses.push('l.action = ?');
    params.push(filter.action);
  }
  if (filter.actor !== undefined) {
    clauses.push('l.actor = ?');
    params.push(filter.actor);
  }
  if (filter.targetType !== undefined && filter.targetId === undefined) {
    clauses.push('l.target_type = ?');
    params.push(filter.targetType);
  }
  if (filter.targetId !== undefined) {
    clauses.push('l.id IN (SELECT log_id FROM moderation_log_targets WHERE target_type = ? AND target_id = ?)');
    params.push(filter.targetType ?? 'comment', String(filter.targetId));
  }
  if (filter.from !== undefined) {
    clauses.push('l.created_at >= ?');
    params.push(new Date(filter.from).toISOString());
  }
  if (filter.to !== undefined) {
    clauses.push('l.created_at < ?');
    params.push(new Date(filter.to).toISOString());
  }
  if (filter.unpushedOnly) clauses.push('l.pushed_to_remote = 0');
  return { where: clauses.length ? clauses.join(' AND ') : '1', params };
}

/** Log entries, newest first, keyset-paginated on the entry id. */
export function listLog(db: Database, filter: LogFilter, cursor: string | null, limit: number): { entries: LogEntry[]; nextCursor: string | null } {
  const { where, params } = logWhere(filter);
  const before = cursor === null ? null : Number(cursor);
  if (before !== null && !Number.isSafeInteger(before)) throw new CopydeskError('invalid_input', 'Invalid log cursor', { cursor: 'invalid' });
  const rows = db
    .prepare(`SELECT * FROM moderation_log l WHERE ${where} ${before === null ? '' : 'AND l.id < ?'} ORDER BY l.id DESC LIMIT ?`)
    .all(...params, ...(before === null ? [] : [before]), limit + 1) as LogRow[];
  const page = describeTargets(db, rows.slice(0, limit).map(toEntry));
  return { entries: page, nextCursor: rows.length > limit ? String(page.at(-1)!.id) : null };
}

/** Every matching entry, oldest first (for export and remote replay). */
export function allLog(db: Database, filter: LogFilter): LogEntry[] {
  const { where, params } = logWhere(filter);
  return (db.prepare(`SELECT * FROM moderation_log l WHERE ${where} ORDER BY l.id`).all(...params) as LogRow[]).map(toEntry);
}

/** Marks entries as replayed on the remote (called by the remote sync). */
export function markPushed(db: Database, ids: readonly number[], now: string): number {
  return db
    .prepare('UPDATE moderation_log SET pushed_to_remote = 1, pushed_at = ? WHERE pushed_to_remote = 0 AND id IN (SELECT value FROM json_each(?))')
    .run(now, JSON.stringify(ids)).changes;
}

/**
 * One CSV cell: quoted when needed, and a leading = + - @ (or tab/CR) neutralised with a single
 * quote so a spreadsheet never evaluates it as a formula (OWASP CSV injection).
 */
export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

export function logCsv(entries: readonly LogEntry[]): string {
  const header = ['id', 'created_at', 'actor', 'action', 'target_type', 'target_count', 'target_ids', 'reason_code', 'note', 'undoes_id', 'undone_by_id', 'pushed_to_remote', 'pushed_at'];
  const lines = [header.join(',')];
  for (const e of entries) {
    lines.push(
      [e.id, e.createdAt, e.actor, e.action, e.targetType, e.targetCount, e.targetIds.join(' '), e.reasonCode, e.note, e.undoesId, e.undoneById, e.pushedToRemote ? 1 : 0, e.pushedAt]
        .map(csvCell)
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}
