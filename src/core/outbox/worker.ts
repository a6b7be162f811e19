import { randomUUID } from 'node:crypto';
import type { Database } from '../db/open';
import { RemoteError } from '../remote/errors';
import { RemoteRefRepository } from '../remote/refs';
import { payloadOf, PublishPayloadSchema, type Delivery, type RemoteTarget } from '../remote/target';
import type { NetworkStatus } from '../../shared/remote/outbox';
import { fullJitterDelay } from './backoff';
import { OutboxRepository, type OutboxRow } from './repository';

export interface WorkerOptions {
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Counted failures (5xx, dropped connections) before a row needs a person. */
  maxAttempts?: number;
  offlineBaseMs?: number;
  offlineMaxMs?: number;
  /** How often an idle worker looks for rows other processes queued. */
  idlePollMs?: number;
  leaseTtlMs?: number;
  random?: () => number;
  now?: () => number;
  onChange?: () => void;
  onNetwork?: (status: NetworkStatus) => void;
  onError?: (error: unknown) => void;
}

export type StepResult =
  | { kind: 'idle' }
  | { kind: 'delivered'; id: string }
  | { kind: 'failed'; id: string; error: string }
  | { kind: 'waiting'; waitMs: number }
  | { kind: 'offline'; waitMs: number; error: string }
  | { kind: 'busy'; waitMs: number };

/** What a drain waits for, so a command line can say so (busy: another process's lease). */
export type WaitReason = Extract<StepResult, { kind: 'waiting' | 'offline' | 'busy' }>;

export interface DrainOptions {
  /** Aborting stops the drain: the request in flight is cancelled and left to be sent again, the rest stays queued, and the lease is freed. */
  signal?: AbortSignal | undefined;
  /** Told before each wait, with how long and why. */
  onWait?: ((reason: WaitReason) => void) | undefined;
  /** Return at the first offline answer instead of probing until the deadline (the CLI). */
  stopWhenOffline?: boolean | undefined;
}

const ARTICLE_KINDS = new Set(['publish', 'unpublish']);

/**
 * Drains one target's outbox in order, one row at a time. State lives in SQLite, so a restart
 * (or kill -9) resumes where it stopped: a row found in flight is sent again with the same
 * idempotency key. Offline errors pause the target without spending attempts; it probes with
 * growing delays and resumes by itself.
 */
export class OutboxWorker {
  private readonly repo: OutboxRepository;
  private readonly refs: RemoteRefRepository;
  private readonly owner = randomUUID();
  private readonly o: Required<Omit<WorkerOptions, 'onChange' | 'onNetwork' | 'onError'>> & WorkerOptions;
  private online: boolean | null = null;
  private offlineStreak = 0;
  private running: Promise<void> | null = null;
  private readonly abort = new AbortController();
  private wakeUp: (() => void) | null = null;
  /** When the lease we last wrote runs out; renewed once a third of it is used, not per row. */
  private leaseUntil = 0;
  /**
   * The next row, marked in flight in the transaction that finished the previous one (one commit
   * per delivered row instead of two) and not sent yet. Put back in the queue if the worker stops
   * before sending it, so it is not mistaken for one that may have reached the server.
   */
  private next: OutboxRow | null = null;

  constructor(
    db: Database,
    private readonly target: RemoteTarget,
    options: WorkerOptions = {},
  ) {
    this.repo = new OutboxRepository(db);
    this.refs = new RemoteRefRepository(db);
    this.db = db;
    this.o = {
      baseDelayMs: 500,
      maxDelayMs: 60_000,
      maxAttempts: 8,
      offlineBaseMs: 1_000,
      offlineMaxMs: 30_000,
      idlePollMs: 2_000,
      leaseTtlMs: 15_000,
      random: Math.random,
      now: Date.now,
      ...options,
    };
  }

  private readonly db: Database;

  get targetId(): string {
    return this.target.id;
  }

  /** Delivers (or fails) the head row once. */
  async step(): Promise<StepResult> {
    const now = this.o.now();
    if (!this.holdLease(now)) {
      // The lease went to another process (ours ran out: this one stalled), which may already be
      // sending a row we picked ahead: forget it without touching it. Left in flight, it is sent
      // again as possibly delivered, as after a crash.
      this.next = null;
      // Wait exactly until the other process's lease runs out (after a crash, nobody renews it).
      const until = this.repo.leaseHeldUntil(this.target.id, this.owner, now);
      return { kind: 'busy', waitMs: Math.max(1, (until ?? now + this.o.leaseTtlMs) - now) };
    }
    let picked = this.next;
    this.next = null;
    if (!picked) {
      picked = this.db.transaction(() => this.pick(now))();
      if (!picked) return { kind: 'idle' };
      if (picked.nextAttemptAt > now) return { kind: 'waiting', waitMs: picked.nextAttemptAt - now };
      this.o.onChange?.();
    }
    // In flight at startup, or failed before: the server may have applied it already.
    const resumed = picked.state === 'in_flight' || picked.lastError !== null;
    const articleId = ARTICLE_KINDS.has(picked.kind) ? picked.subject : null;
    const ref = articleId ? this.refs.get(this.target.id, articleId) : null;
    let result: Delivery;
    try {
      const seq = picked.seq;
      const upcomingNewSlugs = (limit: number) => this.repo.upcomingNewSlugs(this.target.id, seq, limit);
      result = await this.target.deliver(picked, ref, { resumed, signal: this.abort.signal, upcomingNewSlugs });
    } catch (error) {
      return this.failed(picked, error);
    }
    const done = picked;
    // Set only once committed: a rolled-back pick must not be sent as if marked in flight.
    this.next = this.db.transaction(() => {
      const at = this.o.now();
      this.repo.markDone(done.id, at);
      if (articleId && result.ref !== undefined) this.refs.set(this.target.id, articleId, result.ref);
      if (this.abort.signal.aborted) return null;
      const next = this.pick(at);
      return next && next.nextAttemptAt <= at ? next : null;
    })();
    this.setOnline(true, 'delivered');
    this.o.onChange?.();
    return { kind: 'delivered', id: done.id };
  }

  /** The head row; marked in flight when it is due (returned as it was, for `resumed`). */
  private pick(now: number): OutboxRow | null {
    const head = this.repo.head(this.target.id);
    if (head && head.nextAttemptAt <= now) this.repo.markInFlight(head.id, now);
    return head;
  }

  /** Puts back a row picked ahead but never sent (the worker is stopping). */
  private unpick(): void {
    const row = this.next;
    this.next = null;
    if (row) this.repo.unpick(row.id, row.state);
  }

  private failed(row: OutboxRow, error: unknown): StepResult {
    const now = this.o.now();
    const remote = error instanceof RemoteError ? error : null;
    const message = remote ? remote.message : `Copydesk could not send this (${error instanceof Error ? error.name : 'error'})`;
    if (!remote) this.o.onError?.(error);
    const failure = remote?.failure ?? 'rejected';
    if (failure === 'offline' && !this.abort.signal.aborted) {
      const waitMs = Math.min(this.o.offlineMaxMs, this.o.offlineBaseMs * 2 ** Math.min(this.offlineStreak++, 20));
      this.repo.reschedule(row.id, now + waitMs, message, false, now);
      this.setOnline(false, message);
      this.o.onChange?.();
      return { kind: 'offline', waitMs, error: message };
    }
    if (failure === 'offline') {
      // Stopping: leave the row as it was (in flight); the next start sends it again.
      return { kind: 'failed', id: row.id, error: message };
    }
    this.setOnline(true, 'reachable');
    if (failure === 'retryable' && row.attempts + 1 < this.o.maxAttempts) {
      const waitMs = fullJitterDelay(row.attempts + 1, this.o.baseDelayMs, this.o.maxDelayMs, this.o.random);
      this.repo.reschedule(row.id, now + waitMs, message, true, now);
      this.o.onChange?.();
      return { kind: 'waiting', waitMs };
    } else {
      this.db.transaction(() => {
        this.repo.needsAttention(row.id, message, failure === 'retryable', now);
        if (failure === 'conflict' && row.kind === 'publish') {
          const { article } = payloadOf(row, PublishPayloadSchema);
          this.refs.addConflict({ targetId: this.target.id, outboxId: row.id, articleId: row.subject, remote: remote?.remote ?? null, local: article });
        }
      })();
    }
    this.o.onChange?.();
    return { kind: 'failed', id: row.id, error: message };
  }

  /**
   * Holds the per-target lease. Nobody else can take it before it expires, so while more than
   * two thirds of the TTL remain there is nothing to write (one IMMEDIATE transaction per row
   * was a third of the per-row database time).
   */
  private holdLease(now: number): boolean {
    if (now < this.leaseUntil - (this.o.leaseTtlMs * 2) / 3) return true;
    if (!this.repo.lease(this.target.id, this.owner, now, this.o.leaseTtlMs)) {
      this.leaseUntil = 0;
      return false;
    }
    this.leaseUntil = now + this.o.leaseTtlMs;
    return true;
  }

  private setOnline(online: boolean, detail: string): void {
    if (online) this.offlineStreak = 0;
    if (this.online === online) return;
    this.online = online;
    this.o.onNetwork?.({ targetId: this.target.id, online, detail });
  }

  /** Runs until stop(): the app's and the web host's long-lived worker. */
  start(): void {
    this.running ??= this.loop();
  }

  /** Ends the loop after the current request (aborted) and frees the lease. */
  async stop(): Promise<void> {
    this.abort.abort();
    this.wake();
    await this.running;
    this.running = null;
    this.leaseUntil = 0;
    try {
      this.unpick();
      this.repo.release(this.target.id, this.owner);
    } catch {
      // The database is already closed: the lease simply expires.
    }
  }

  /** Looks at the queue now (after an enqueue, or when the OS says the network is back). */
  wake(): void {
    this.wakeUp?.();
  }

  /** Brings offline-paused rows forward and looks now. */
  retryNow(): void {
    this.repo.wakeTarget(this.target.id, this.o.now());
    this.offlineStreak = 0;
    this.wake();
  }

  /**
   * Delivers until the queue is empty or the next attempt lies beyond `deadline` (for the CLI:
   * what cannot go now stays queued for the next run or the app). See DrainOptions for stopping
   * early and for being told what it waits for.
   */
  async drain(deadline = this.o.now() + 30_000, options: DrainOptions = {}): Promise<{ delivered: number; failed: number; pending: boolean; stopped: boolean }> {
    let delivered = 0;
    let failed = 0;
    const stop = () => {
      this.abort.abort();
      this.wake();
    };
    if (options.signal?.aborted) stop();
    else options.signal?.addEventListener('abort', stop, { once: true });
    try {
      for (;;) {
        if (this.abort.signal.aborted) return { delivered, failed, pending: true, stopped: true };
        const result = await this.step();
        if (result.kind === 'delivered') delivered++;
        else if (result.kind === 'failed') {
          if (!this.abort.signal.aborted) failed++;
        } else if (result.kind === 'idle') return { delivered, failed, pending: false, stopped: false };
        else if (this.abort.signal.aborted) return { delivered, failed, pending: true, stopped: true };
        else if ((result.kind === 'offline' && options.stopWhenOffline) || this.o.now() + result.waitMs > deadline) {
          options.onWait?.(result);
          return { delivered, failed, pending: true, stopped: false };
        } else {
          options.onWait?.(result);
          await this.sleep(result.waitMs);
        }
      }
    } finally {
      options.signal?.removeEventListener('abort', stop);
      // A drain is a whole run (the CLI): free the lease now, so the next run or the app does
      // not wait up to a lease TTL for it to expire.
      this.leaseUntil = 0;
      this.unpick();
      this.repo.release(this.target.id, this.owner);
    }
  }

  private async loop(): Promise<void> {
    while (!this.abort.signal.aborted) {
      let result: StepResult;
      try {
        result = await this.step();
      } catch (error) {
        this.o.onError?.(error);
        result = { kind: 'waiting', waitMs: this.o.idlePollMs };
      }
      if (result.kind === 'delivered' || result.kind === 'failed') continue;
      const waitMs = result.kind === 'idle' ? this.o.idlePollMs : Math.min(result.waitMs, this.o.idlePollMs);
      await this.sleep(waitMs);
    }
  }

  private sleep(ms: number): Promise<void> {
    if (this.abort.signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakeUp = null;
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, ms));
      this.wakeUp = done;
    });
  }
}
