import type { Database } from '../db/open';
import type { ModerationDecision } from '../../shared/remote/site-api';
import { enqueue } from '../outbox/repository';
import { moderationSubject } from '../sync/sync';
import { targetOfSource } from '../moderation/source';

interface LogEntryRow {
  id: number;
  action: string;
  targetType: string;
  targetIds: string;
  reasonCode: string | null;
  note: string;
}

/** meta key: the last moderation log id already turned into outbox rows. */
const CURSOR_KEY = 'remote.moderation_log_cursor';

const COMMENT_DECISIONS: Record<string, 'approve' | 'reject' | 'spam'> = { approved: 'approve', rejected: 'reject', spam: 'spam' };

/**
 * (Same rows as enqueueDecision in service.ts, which imports this module.)
 *
 * Turns moderation log entries that were never pushed into outbox rows for the targets their
 * comments, authors or votes came from, and marks the entries pushed, all in ONE transaction: a
 * crash leaves either both or neither, and the next call (or the next start) picks up the rest.
 *
 * The decision sent is the target's state AFTER the entry (read now, inside the transaction), so
 * an undo sends the restored state (see decisionFor for pending comments). A cursor in meta makes
 * each entry read once.
 */
export function pushModerationDecisions(db: Database): { queued: number; targets: Set<string> } {
  return db.transaction(() => {
    const cursor = Number(db.prepare(`SELECT value FROM meta WHERE key = '${CURSOR_KEY}'`).pluck().get() ?? 0);
    const entries = db
      .prepare(
        `SELECT id, action, target_type AS targetType, target_ids AS targetIds, reason_code AS reasonCode, note
         FROM moderation_log WHERE id > ? AND pushed_to_remote = 0 ORDER BY id`,
      )
      .all(cursor) as LogEntryRow[];
    const targets = new Set<string>();
    if (entries.length === 0) return { queued: 0, targets };
    const kinds = new Map((db.prepare('SELECT id, kind FROM remote_targets').all() as { id: string; kind: string }[]).map((t) => [t.id, t.kind]));
    const known = new Set(kinds.keys());
    const comment = db.prepare('SELECT source, remote_id AS remoteId, status, published FROM comments WHERE id = ?');
    const author = db.prepare('SELECT source, remote_id AS remoteId, status FROM comment_authors WHERE id = ?');
    const vote = db.prepare('SELECT source, remote_id AS remoteId, state AS status FROM votes WHERE id = ?');
    const pushed: number[] = [];
    let queued = 0;
    for (const entry of entries) {
      const lookup = entry.targetType === 'comment' ? comment : entry.targetType === 'author' ? author : entry.targetType === 'vote' ? vote : null;
      if (!lookup || known.size === 0) continue;
      const reason = (entry.reasonCode ?? entry.note).slice(0, 500);
      let sent = false;
      for (const localId of JSON.parse(entry.targetIds) as (number | string)[]) {
        const row = lookup.get(localId) as { source: string; remoteId: string; status: string; published?: number } | undefined;
        const targetId = row ? targetOfSource(row.source) : undefined;
        if (!row || !targetId || !known.has(targetId)) continue;
        const decision = decisionFor(entry.targetType, row, reason, kinds.get(targetId), entry.action);
        if (!decision) continue;
        if (decision.action === 'void_vote') {
          enqueue(db, { targetId, kind: 'vote_void', subject: moderationSubject(decision), payload: { voteId: decision.voteId, reason: decision.reason ?? '' } });
        } else enqueue(db, { targetId, kind: 'moderation', subject: moderationSubject(decision), payload: { decisions: [decision] } });
        targets.add(targetId);
        queued++;
        sent = true;
      }
      if (sent) pushed.push(entry.id);
    }
    const now = new Date().toISOString();
    // Only entries that reached a target count as pushed; local-only ones (file imports, the
    // sample) stay unpushed for whoever replays them. The cursor makes each entry read once.
    if (pushed.length > 0) {
      db.prepare('UPDATE moderation_log SET pushed_to_remote = 1, pushed_at = ? WHERE id IN (SELECT value FROM json_each(?))').run(now, JSON.stringify(pushed));
    }
    db.prepare(`INSERT INTO meta (key, value) VALUES ('${CURSOR_KEY}', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`).run(String(entries.at(-1)!.id));
    return { queued, targets };
  }).immediate();
}

/**
 * The decision that puts the target where the comment, author or vote stands now. A pending
 * comment (an undo restores "pending") follows its `published` flag, what the reader saw: shown
 * (approve), or hidden: `hold` on our site API (back to pending, so the undo of an approval takes
 * the comment off the page), `reject` on Ghost, whose comments are only ever shown or hidden.
 * Lifting a ban and counting a voided vote again (directly or by undo) are sent to our site API
 * only: Ghost has no such actions.
 */
function decisionFor(type: string, row: { remoteId: string; status: string; published?: number }, reason: string, kind: string | undefined, entryAction: string): ModerationDecision | null {
  const reverses = (action: string) => entryAction === action || entryAction.startsWith('undo:');
  if (type === 'comment') {
    const hidden = kind === 'ghost' ? 'reject' : kind === 'site' ? 'hold' : undefined;
    const action = COMMENT_DECISIONS[row.status] ?? (row.status === 'pending' ? (row.published === 1 ? 'approve' : hidden) : undefined);
    return action ? { action, commentId: row.remoteId, reason } : null;
  }
  if (type === 'author') {
    if (row.status === 'banned') return { action: 'ban', authorId: row.remoteId, reason };
    return kind === 'site' && reverses('author:unban') ? { action: 'unban', authorId: row.remoteId, reason } : null;
  }
  if (row.status === 'void') return { action: 'void_vote', voteId: row.remoteId, reason };
  return kind === 'site' && reverses('vote:restore') ? { action: 'restore_vote', voteId: row.remoteId, reason } : null;
}
