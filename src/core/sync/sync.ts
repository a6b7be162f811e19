import type { Database } from '../db/open';
import type { RemoteComment, RemoteVote } from '../../shared/remote/site-api';
import type { ModerationDecision } from '../../shared/remote/site-api';
import type { RemoteTarget } from '../remote/target';
import { targetSource } from '../moderation/source';

export interface IngestBatch {
  targetId: string;
  comments: RemoteComment[];
  votes: RemoteVote[];
}

/**
 * Stores pulled comments and votes (the moderation area's ingest). Called inside the transaction
 * that also advances the target's cursor, so a crash never skips or double-counts a page.
 */
export type Ingest = (batch: IngestBatch) => void;

export interface SyncResult {
  targetId: string;
  /** Comments read (new + changed). */
  comments: number;
  /** Of those, comments Copydesk did not hold before. */
  newComments: number;
  /** Of those, comments it held already (edited, moderated there, or re-read). */
  changedComments: number;
  /** Comments from this target held before and not read again. */
  unchangedComments: number;
  votes: number;
  /** Pulled changes dropped because a local decision about them is still waiting to be pushed. */
  heldBack: number;
}

/** The outbox subject for a moderation decision: what it is about. */
export function moderationSubject(decision: ModerationDecision): string {
  if ('authorId' in decision) return `author:${decision.authorId}`;
  if ('voteId' in decision) return `vote:${decision.voteId}`;
  return `comment:${decision.commentId}`;
}

export class SyncCursors {
  constructor(private readonly db: Database) {}

  get(targetId: string, stream: 'comments' | 'votes'): string | null {
    const row = this.db.prepare('SELECT cursor FROM sync_cursors WHERE target_id = ? AND stream = ?').get(targetId, stream) as { cursor: string } | undefined;
    return row?.cursor ?? null;
  }

  set(targetId: string, stream: 'comments' | 'votes', cursor: string): void {
    this.db
      .prepare(
        `INSERT INTO sync_cursors (target_id, stream, cursor, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (target_id, stream) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at`,
      )
      .run(targetId, stream, cursor, new Date().toISOString());
  }
}

/** Subjects (`comment:<id>`, `vote:<id>`) with a local decision not yet delivered to this target. */
function unpushed(db: Database, targetId: string): Set<string> {
  const rows = db
    .prepare(`SELECT subject FROM outbox WHERE target_id = ? AND kind IN ('moderation', 'vote_void') AND state != 'done'`)
    .all(targetId) as { subject: string }[];
  return new Set(rows.map((r) => r.subject));
}

/**
 * Pulls comments, then votes, from the target's cursor onwards, page by page. The remote state
 * of anything with an unpushed local decision is held back: the local decision wins, and once
 * it is pushed the site reports the resulting change again on a later page.
 */
/** The contract's largest page (openapi.yaml `limit` maximum): each page costs a request and a commit. */
export const SYNC_PAGE_SIZE = 1000;

export async function syncTarget(db: Database, target: RemoteTarget, ingest: Ingest, options: { pageSize?: number; signal?: AbortSignal } = {}): Promise<SyncResult> {
  const cursors = new SyncCursors(db);
  const pageSize = options.pageSize ?? SYNC_PAGE_SIZE;
  const result: SyncResult = { targetId: target.id, comments: 0, newComments: 0, changedComments: 0, unchangedComments: 0, votes: 0, heldBack: 0 };
  const source = targetSource(target.id);
  const heldBefore = db.prepare('SELECT COUNT(*) FROM comments WHERE source = ?').pluck().get(source) as number;
  const held = db.prepare('SELECT COUNT(*) FROM comments WHERE source = ? AND remote_id IN (SELECT value FROM json_each(?))').pluck();
  if (target.pullComments) {
    for (let more = true; more; ) {
      const page = await target.pullComments(cursors.get(target.id, 'comments'), pageSize, options.signal);
      db.transaction(() => {
        const waiting = unpushed(db, target.id);
        const comments = page.items.filter((c) => !waiting.has(`comment:${c.id}`) && !waiting.has(`author:${c.authorId}`));
        result.heldBack += page.items.length - comments.length;
        const known = held.get(source, JSON.stringify([...new Set(page.items.map((c) => c.id))])) as number;
        result.changedComments += known;
        result.newComments += new Set(page.items.map((c) => c.id)).size - known;
        if (comments.length > 0) ingest({ targetId: target.id, comments, votes: [] });
        cursors.set(target.id, 'comments', page.nextCursor);
      })();
      result.comments += page.items.length;
      more = page.hasMore && page.items.length > 0;
    }
  }
  result.unchangedComments = Math.max(0, heldBefore - result.changedComments);
  if (target.pullVotes) {
    for (let more = true; more; ) {
      const page = await target.pullVotes(cursors.get(target.id, 'votes'), pageSize, options.signal);
      db.transaction(() => {
        const waiting = unpushed(db, target.id);
        const votes = page.items.filter((v) => !waiting.has(`vote:${v.id}`));
        result.heldBack += page.items.length - votes.length;
        if (votes.length > 0) ingest({ targetId: target.id, comments: [], votes });
        cursors.set(target.id, 'votes', page.nextCursor);
      })();
      result.votes += page.items.length;
      more = page.hasMore && page.items.length > 0;
    }
  }
  return result;
}
