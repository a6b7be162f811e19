import { randomUUID } from 'node:crypto';
import type { Database } from '../db/open';
import { prepared } from '../db/statements';
import type { OutboxItem, OutboxKind, OutboxState } from '../../shared/remote/outbox';

/** One outbox row as stored: the payload stays JSON text until a target needs it. */
export interface OutboxRow {
  seq: number;
  id: string;
  targetId: string;
  kind: OutboxKind;
  subject: string;
  payload: string;
  idempotencyKey: string;
  state: OutboxState;
  attempts: number;
  nextAttemptAt: number;
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
}

const COLUMNS = `seq, id, target_id AS targetId, kind, subject, payload, idempotency_key AS idempotencyKey, state, attempts,
  next_attempt_at AS nextAttemptAt, last_error AS lastError, created_at AS createdAt, updated_at AS updatedAt`;

export interface EnqueueInput {
  targetId: string;
  kind: OutboxKind;
  subject: string;
  payload: unknown;
  /** Coalesce like a publish: a never-attempted row of the same kind and subject takes the new payload (latest wins). */
  coalesce?: boolean;
}

/**
 * Queues a remote effect. Call it INSIDE the transaction that makes the local change, so the
 * change and its remote effect commit (or roll back) together.
 *
 * Two publishes of one article coalesce: when the newest pending row for the subject is a
 * publish that was never attempted, its payload is replaced in place (latest wins, and its place
 * in the queue, hence the order relative to other kinds, is kept). A publish that may already
 * have reached the server keeps its key and payload; the new one gets its own row.
 */
export function enqueue(db: Database, input: EnqueueInput, now = Date.now()): { id: string; coalesced: boolean } {
  const time = new Date(now).toISOString();
  const payload = JSON.stringify(input.payload);
  if (input.kind === 'publish' || input.coalesce === true) {
    const last = prepared(
      db,
      `SELECT id, kind, state, last_error AS lastError FROM outbox WHERE target_id = ? AND subject = ? AND state != 'done' ORDER BY seq DESC LIMIT 1`,
    ).get(input.targetId, input.subject) as { id: string; kind: string; state: string; lastError: string | null } | undefined;
    // Never picked = still queued with no error recorded. (attempts alone is not enough: a timeout
    // counts as offline and spends no attempt, yet the server may have committed that request.)
    if (last && last.kind === input.kind && last.state === 'queued' && last.lastError === null) {
      const changed = prepared(db, `UPDATE outbox SET payload = ?, updated_at = ? WHERE id = ? AND state = 'queued' AND last_error IS NULL`).run(payload, time, last.id).changes;
      if (changed === 1) return { id: last.id, coalesced: true };
    }
  }
  const id = randomUUID();
  prepared(
    db,
    `INSERT INTO outbox (id, target_id, kind, subject, payload, idempotency_key, state, attempts, next_attempt_at, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, 'queued', 0, ?, ?, ?)`,
  ).run(id, input.targetId, input.kind, input.subject, payload, randomUUID(), now, time, time);
  return { id, coalesced: false };
}

/**
 * The oldest row of a target that may still be sent (queued, or in flight when a killed process
 * was sending it), unless an older row of its subject needs a person. One walk of outbox_open
 * in seq order; the NOT EXISTS probes outbox_blocked, which holds only needs-attention rows.
 */
const HEAD = `SELECT ${COLUMNS} FROM outbox o WHERE target_id = ? AND state IN ('queued', 'in_flight')
   AND NOT EXISTS (SELECT 1 FROM outbox b WHERE b.target_id = o.target_id AND b.subject = o.subject
                   AND b.state = 'needs_attention' AND b.seq < o.seq)
   ORDER BY seq LIMIT 1`;

/** SQL over the outbox table; the worker and the service hold the rules. */
export class OutboxRepository {
  constructor(private readonly db: Database) {}

  /** Prepared once per connection: preparing costs more than running these one-row statements. */
  private stmt(sql: string) {
    return prepared(this.db, sql);
  }

  get(id: string): OutboxRow | null {
    return (this.stmt(`SELECT ${COLUMNS} FROM outbox WHERE id = ?`).get(id) as OutboxRow | undefined) ?? null;
  }

  /**
   * The next row to deliver for a target: the oldest queued or in-flight row (an in-flight row
   * is one a killed process was sending: it is retried with the same key). A row behind a
   * needs-attention row of the same subject waits, so one article's effects never reorder.
   */
  head(targetId: string): OutboxRow | null {
    return (this.stmt(HEAD).get(targetId) as OutboxRow | undefined) ?? null;
  }

  list(filter: { state?: OutboxState | undefined; targetId?: string | undefined; limit?: number } = {}): OutboxRow[] {
    const where: string[] = [];
    const args: unknown[] = [];
    if (filter.state) {
      where.push('state = ?');
      args.push(filter.state);
    }
    if (filter.targetId) {
      where.push('target_id = ?');
      args.push(filter.targetId);
    }
    const sql = `SELECT ${COLUMNS} FROM outbox ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT ?`;
    return this.stmt(sql).all(...args, filter.limit ?? 500) as OutboxRow[];
  }

  /** Rows per state, from outbox_counts (kept by triggers: no scan of the outbox's history). */
  counts(targetId?: string): Record<OutboxState, number> {
    // Summed here rather than with GROUP BY, which cost three times the lookup itself.
    const rows = (targetId
      ? this.stmt('SELECT state, n FROM outbox_counts WHERE target_id = ?').all(targetId)
      : this.stmt('SELECT state, n FROM outbox_counts').all()) as { state: OutboxState; n: number }[];
    const counts: Record<OutboxState, number> = { queued: 0, in_flight: 0, done: 0, needs_attention: 0 };
    for (const r of rows) counts[r.state] += r.n;
    return counts;
  }

  /**
   * Slugs of the publishes queued after `afterSeq`, never attempted, for articles the target has
   * no remote reference for, in queue order (for targets that look several up at once).
   */
  upcomingNewSlugs(targetId: string, afterSeq: number, limit: number): string[] {
    const rows = this.stmt(
      `SELECT json_extract(payload, '$.article.slug') AS slug FROM outbox o
       WHERE target_id = ? AND state IN ('queued', 'in_flight') AND seq > ? AND kind = 'publish' AND state = 'queued' AND last_error IS NULL
         AND NOT EXISTS (SELECT 1 FROM remote_refs r WHERE r.target_id = o.target_id AND r.article_id = o.subject)
       ORDER BY seq LIMIT ?`,
    ).all(targetId, afterSeq, limit) as { slug: unknown }[];
    return rows.flatMap((r) => (typeof r.slug === 'string' ? [r.slug] : []));
  }

  markInFlight(id: string, now: number): void {
    this.stmt(`UPDATE outbox SET state = 'in_flight', updated_at = ? WHERE id = ?`).run(new Date(now).toISOString(), id);
  }

  /** Undoes markInFlight for a row that was never sent; `was` is its state before. */
  unpick(id: string, was: OutboxState): void {
    if (was === 'queued') this.stmt(`UPDATE outbox SET state = 'queued' WHERE id = ? AND state = 'in_flight'`).run(id);
  }

  markDone(id: string, now: number): void {
    const time = new Date(now).toISOString();
    this.stmt(`UPDATE outbox SET state = 'done', last_error = NULL, updated_at = ?, done_at = ? WHERE id = ?`).run(time, time, id);
  }

  /** Back to the queue for a later attempt; `countAttempt` is false while merely offline. */
  reschedule(id: string, at: number, error: string, countAttempt: boolean, now: number): number {
    this.stmt(`UPDATE outbox SET state = 'queued', attempts = attempts + ?, next_attempt_at = ?, last_error = ?, updated_at = ? WHERE id = ?`).run(countAttempt ? 1 : 0, at, error, new Date(now).toISOString(), id);
    return (this.stmt('SELECT attempts FROM outbox WHERE id = ?').get(id) as { attempts: number }).attempts;
  }

  needsAttention(id: string, error: string, countAttempt: boolean, now: number): void {
    this.stmt(`UPDATE outbox SET state = 'needs_attention', attempts = attempts + ?, last_error = ?, updated_at = ? WHERE id = ?`).run(countAttempt ? 1 : 0, error, new Date(now).toISOString(), id);
  }

  /**
   * Puts a needs-attention row back in the queue. `freshKey` is for a request that will differ
   * from the one the server saw (after a conflict): the old key's stored answer must not replay.
   */
  retry(id: string, now: number, freshKey = false): boolean {
    const sql = `UPDATE outbox SET state = 'queued', attempts = 0, next_attempt_at = ?, updated_at = ?${freshKey ? ', idempotency_key = ?' : ''}
                 WHERE id = ? AND state = 'needs_attention'`;
    const args: unknown[] = [now, new Date(now).toISOString(), ...(freshKey ? [randomUUID()] : []), id];
    return this.stmt(sql).run(...args).changes === 1;
  }

  /** Drops a row that will never be sent. Sent or sending rows are history and stay. */
  discard(id: string): boolean {
    return this.stmt(`DELETE FROM outbox WHERE id = ? AND state IN ('queued', 'needs_attention')`).run(id).changes === 1;
  }

  /** Brings a waiting row forward (e.g. when the network returns). */
  wakeTarget(targetId: string, now: number): void {
    this.stmt(`UPDATE outbox SET next_attempt_at = ? WHERE target_id = ? AND state = 'queued' AND next_attempt_at > ?`).run(now, targetId, now);
  }

  /** Takes or renews the per-target lease; false when another live process holds it. */
  lease(targetId: string, owner: string, now: number, ttlMs: number): boolean {
    return this.db.transaction(() => {
      const row = this.stmt('SELECT owner, expires_at AS expiresAt FROM outbox_leases WHERE target_id = ?').get(targetId) as
        | { owner: string; expiresAt: number }
        | undefined;
      if (row && row.owner !== owner && row.expiresAt > now) return false;
      this
        .stmt('INSERT INTO outbox_leases (target_id, owner, expires_at) VALUES (?, ?, ?) ON CONFLICT (target_id) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at')
        .run(targetId, owner, now + ttlMs);
      return true;
    }).immediate();
  }

  /**
   * The revision and updatedAt of the article version last delivered to the target, or null
   * when the latest delivered row about it is not a publish (never sent, or unpublished since).
   */
  lastPublished(targetId: string, subject: string): { revision: number; updatedAt: string } | null {
    const row = this.stmt(
      `SELECT kind, json_extract(payload, '$.article.revision') AS revision, json_extract(payload, '$.article.updatedAt') AS updatedAt
       FROM outbox WHERE target_id = ? AND subject = ? AND kind IN ('publish', 'unpublish') AND state = 'done' ORDER BY seq DESC LIMIT 1`,
    ).get(targetId, subject) as { kind: string; revision: number | null; updatedAt: string | null } | undefined;
    return row && row.kind === 'publish' && row.revision !== null && row.updatedAt !== null ? { revision: row.revision, updatedAt: row.updatedAt } : null;
  }

  /** When another process's lease on the target runs out (ms), or null when nobody else holds it. */
  leaseHeldUntil(targetId: string, owner: string, now: number): number | null {
    const row = this.stmt('SELECT owner, expires_at AS expiresAt FROM outbox_leases WHERE target_id = ?').get(targetId) as { owner: string; expiresAt: number } | undefined;
    return row && row.owner !== owner && row.expiresAt > now ? row.expiresAt : null;
  }

  release(targetId: string, owner: string): void {
    this.stmt('DELETE FROM outbox_leases WHERE target_id = ? AND owner = ?').run(targetId, owner);
  }
}

export function toItem(row: OutboxRow): OutboxItem {
  return {
    id: row.id,
    seq: row.seq,
    targetId: row.targetId,
    kind: row.kind,
    subject: row.subject,
    state: row.state,
    attempts: row.attempts,
    nextAttemptAt: new Date(row.nextAttemptAt).toISOString(),
    lastError: row.lastError,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
