/**
 * Autosave for one open document, free of React and of the transport so it can be unit-tested
 * with fake timers. Rules:
 *
 * - every change is kept in memory at once; a save follows `delayMs` after the last change (and
 *   at most `maxWaitMs` after the first unsaved one, so continuous typing still gets saved);
 * - at most one save is in flight; changes made meanwhile are queued and the newest is sent
 *   as soon as the current one returns;
 * - each save carries the revision the edit was based on, so a change made elsewhere is a
 *   conflict instead of a silent overwrite;
 * - transient failures are retried with backoff, and the document is never dropped; a
 *   validation error or a conflict stops the retries until the user edits (or reloads);
 * - with a `journal`, every change is also handed to storage that outlives the page, on the
 *   same schedule as saves but whatever the host is doing (a save in flight, retries, a
 *   conflict), and the journal is told which changes the host has acknowledged.
 */

export type SaveStatus =
  /** Everything is saved. */
  | 'saved'
  /** Changes are waiting for the debounce. */
  | 'pending'
  /** A save is in flight. */
  | 'saving'
  /** The last save failed for a reason that may pass (network, server); another try is scheduled. */
  | 'retrying'
  /** The host rejected the document; `fields` says where. The next edit tries again. */
  | 'invalid'
  /** The document changed elsewhere; nothing is saved until the user reloads. */
  | 'conflict'
  /** A failure retrying will not fix (e.g. the article is gone). The next edit tries again. */
  | 'failed';

export interface AutosaveState {
  status: SaveStatus;
  /** Why the last save failed, in words for the user. */
  message?: string;
  /** Per-field messages from a validation error, keyed by dotted path. */
  fields?: Record<string, string>;
  /** Failed tries in a row (0 after a success). */
  failures: number;
}

export type FailureKind = 'retry' | 'invalid' | 'conflict' | 'fatal';

/**
 * Where unsaved changes wait in case the page or the host goes away before the host has them
 * (IndexedDB in the renderer). Versions count the changes given to `update`, starting at 1.
 */
export interface EditJournal<D> {
  /**
   * Keep `doc`, the document as of change `version`, based on the saved `baseRevision`. `now`:
   * the page is going away, so write before returning rather than after pending input.
   */
  keep(doc: D, baseRevision: number, version: number, options: { now: boolean }): void;
  /** The host has saved every change up to `version`; its revision is now `revision`. */
  acknowledged(version: number, revision: number): void;
  /**
   * Write what `keep` was given and has not written yet, now: the page may go away, or be about
   * to read the journal back (a reload after a conflict).
   */
  flush?(): void;
}

export interface AutosaveOptions<D, R> {
  /** The revision of the document as loaded. */
  revision: number;
  save(doc: D, expectedRevision: number, options: { keepalive: boolean }): Promise<R>;
  revisionOf(result: R): number;
  /** Called after each successful save with the host's reply and the document that was sent. */
  onSaved?(result: R, doc: D): void;
  delayMs?: number;
  maxWaitMs?: number;
  /** Waits between retries; the last one repeats. */
  retryDelaysMs?: readonly number[];
  classify?(error: unknown): FailureKind;
  journal?: EditJournal<D>;
}

// No edit waits more than half a second to be saved, even while typing non-stop: a crash or a
// killed host then loses at most the last 500 ms of work. Quiet pauses save sooner.
export const DEFAULT_DELAY_MS = 300;
export const DEFAULT_MAX_WAIT_MS = 500;
export const DEFAULT_RETRY_DELAYS_MS = [1000, 2000, 4000, 8000, 15000] as const;

/** Sorts errors by their `code` (the contract's ErrorCode) without depending on a class. */
export function classifyByCode(error: unknown): FailureKind {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  switch (code) {
    case 'invalid_input':
      return 'invalid';
    case 'conflict':
      return 'conflict';
    // Not 'unauthorized': a restarted web host may ask for its link to be opened again, after
    // which the same tab's retries succeed (the session cookie is shared by its tabs).
    case 'not_found':
    case 'unknown_call':
      return 'fatal';
    default:
      return 'retry';
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function fieldsOf(error: unknown): Record<string, string> | undefined {
  const fields = typeof error === 'object' && error !== null ? (error as { fields?: unknown }).fields : undefined;
  return typeof fields === 'object' && fields !== null ? (fields as Record<string, string>) : undefined;
}

type Timer = ReturnType<typeof setTimeout>;

export class Autosave<D, R> {
  private readonly options: AutosaveOptions<D, R>;
  private readonly delayMs: number;
  private readonly maxWaitMs: number;
  private readonly retryDelaysMs: readonly number[];
  private readonly classify: (error: unknown) => FailureKind;

  private revision: number;
  private latest: D | null = null;
  private dirty = false;
  private inFlight: Promise<void> | null = null;
  private debounceTimer: Timer | null = null;
  private retryTimer: Timer | null = null;
  private firstUnsavedAt: number | null = null;
  private blocked: Exclude<FailureKind, 'retry'> | null = null;
  private state: AutosaveState = { status: 'saved', failures: 0 };
  private readonly listeners = new Set<() => void>();
  private waiters: (() => void)[] = [];
  /** Changes given to update() so far, and the newest one handed to the journal. */
  private version = 0;
  private keptVersion = 0;
  private firstUnkeptAt: number | null = null;
  private keepTimer: Timer | null = null;

  constructor(options: AutosaveOptions<D, R>) {
    this.options = options;
    this.revision = options.revision;
    this.delayMs = options.delayMs ?? DEFAULT_DELAY_MS;
    this.maxWaitMs = options.maxWaitMs ?? DEFAULT_MAX_WAIT_MS;
    this.retryDelaysMs = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
    this.classify = options.classify ?? classifyByCode;
  }

  /** The current state; a new object whenever it changes (fit for useSyncExternalStore). */
  getState = (): AutosaveState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** The revision the next save will be based on. */
  get savedRevision(): number {
    return this.revision;
  }

  /** True while some change is not yet confirmed saved. */
  get hasUnsavedChanges(): boolean {
    return this.dirty || this.inFlight !== null;
  }

  /** Records the newest document and schedules a save. */
  update(doc: D): void {
    this.latest = doc;
    this.version += 1;
    this.dirty = true;
    this.firstUnsavedAt ??= Date.now();
    this.scheduleKeep();
    if (this.blocked === 'conflict') return;
    if (this.blocked) {
      // The edit may be the fix: try again, from a clean slate.
      this.blocked = null;
      this.setState({ status: 'pending', failures: 0 });
    }
    if (this.retryTimer) return; // keep the backoff; the retry sends this newest document
    if (!this.inFlight) this.setState({ ...this.state, status: 'pending', message: undefined, fields: undefined });
    this.schedule();
  }

  /** Saves now whatever is pending; resolves when that attempt (and anything queued) settles. */
  flush(): Promise<AutosaveState> {
    this.clearTimers();
    this.keepLatest();
    this.options.journal?.flush?.();
    if (this.dirty && !this.blocked && !this.inFlight) this.run();
    if (!this.inFlight && !(this.dirty && !this.blocked)) return Promise.resolve(this.state);
    return new Promise((resolve) => this.waiters.push(() => resolve(this.state)));
  }

  /**
   * Last chance before the page goes away: send the newest document without waiting (the
   * transport uses `keepalive`). A save already in flight will bump the revision by one, so the
   * unload save is based on that.
   */
  flushOnUnload(): void {
    // Kept first: if the host is gone, the journal is all that is left of these edits.
    this.keepLatest(true);
    this.options.journal?.flush?.();
    if (!this.dirty || this.blocked || this.latest === null) return;
    this.clearTimers();
    const doc = this.latest;
    const version = this.version;
    const expected = this.inFlight ? this.revision + 1 : this.revision;
    this.dirty = false;
    this.firstUnsavedAt = null;
    this.options.save(doc, expected, { keepalive: true }).then(
      (result) => this.succeeded(result, doc, version),
      (error: unknown) => {
        // Still here after all (the unload was cancelled): keep the document and handle it.
        if (this.latest === doc) this.dirty = true;
        this.failed(error);
      },
    );
  }

  /** "Try again" after a failure: clears a validation or fatal block (not a conflict) and saves now. */
  retry(): void {
    if (this.blocked === 'conflict' || this.latest === null) return;
    this.blocked = null;
    this.dirty = true;
    this.clearTimers();
    this.run();
  }

  /**
   * The host is reachable again: a retry waiting out its backoff goes now rather than up to
   * 15 s later. Nothing happens when no retry is waiting.
   */
  retryNow(): void {
    if (!this.retryTimer) return;
    clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.run();
  }

  /** Stops timers. Unsaved work stays in memory; call flush() first to keep it. */
  dispose(): void {
    this.clearTimers();
    if (this.keepTimer) clearTimeout(this.keepTimer);
    this.keepTimer = null;
    this.listeners.clear();
  }

  /** Hands the newest change to the journal on the save schedule, even if no save can start. */
  private scheduleKeep(): void {
    if (!this.options.journal) return;
    this.firstUnkeptAt ??= Date.now();
    if (this.keepTimer) clearTimeout(this.keepTimer);
    const wait = Math.max(0, Math.min(this.delayMs, this.maxWaitMs - (Date.now() - this.firstUnkeptAt)));
    this.keepTimer = setTimeout(() => {
      this.keepTimer = null;
      this.keepLatest();
    }, wait);
  }

  private keepLatest(now = false): void {
    const journal = this.options.journal;
    if (!journal || this.latest === null || this.keptVersion === this.version) return;
    if (this.keepTimer) clearTimeout(this.keepTimer);
    this.keepTimer = null;
    this.firstUnkeptAt = null;
    this.keptVersion = this.version;
    journal.keep(this.latest, this.revision, this.version, { now });
  }

  private schedule(): void {
    if (this.debounceTimer) clearTimeout(this.debounceTimer);
    const sinceFirst = Date.now() - (this.firstUnsavedAt ?? Date.now());
    const wait = Math.max(0, Math.min(this.delayMs, this.maxWaitMs - sinceFirst));
    this.debounceTimer = setTimeout(() => {
      this.debounceTimer = null;
      this.run();
    }, wait);
  }

  private clearTimers(): void {
    if (this.debounceTimer) clearTimeout(this.debounceTimer);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.debounceTimer = null;
    this.retryTimer = null;
  }

  private run(): void {
    // One request at a time: whatever changes meanwhile goes out when this one returns.
    if (this.inFlight || !this.dirty || this.blocked || this.latest === null) return;
    // What is sent is kept too (the same document, built once), until the host acknowledges it.
    this.keepLatest();
    const doc = this.latest;
    const version = this.version;
    this.dirty = false;
    this.firstUnsavedAt = null;
    this.setState({ ...this.state, status: 'saving' });
    this.inFlight = this.options.save(doc, this.revision, { keepalive: false }).then(
      (result) => {
        this.inFlight = null;
        this.succeeded(result, doc, version);
      },
      (error: unknown) => {
        this.inFlight = null;
        // Never drop the document: unless something newer arrived, this one is still unsaved.
        this.dirty = true;
        this.firstUnsavedAt ??= Date.now();
        this.failed(error);
      },
    );
  }

  private succeeded(result: R, doc: D, version: number): void {
    // Max: an unload save answered after a later regular save must not move the revision back.
    this.revision = Math.max(this.revision, this.options.revisionOf(result));
    this.options.journal?.acknowledged(version, this.revision);
    this.options.onSaved?.(result, doc);
    if (this.dirty && !this.blocked) {
      this.setState({ status: 'saving', failures: 0 });
      if (this.debounceTimer) return; // the user is still typing; the debounce sends it
      this.run();
      return;
    }
    if (!this.inFlight) this.setState({ status: this.dirty ? this.state.status : 'saved', failures: 0 });
    this.settleWaiters();
  }

  private failed(error: unknown): void {
    const kind = this.classify(error);
    const failures = this.state.failures + 1;
    if (this.debounceTimer) clearTimeout(this.debounceTimer);
    this.debounceTimer = null;
    if (kind === 'retry') {
      const wait = this.retryDelaysMs[Math.min(failures - 1, this.retryDelaysMs.length - 1)] ?? 1000;
      if (this.retryTimer) clearTimeout(this.retryTimer);
      this.retryTimer = setTimeout(() => {
        this.retryTimer = null;
        this.run();
      }, wait);
      this.setState({ status: 'retrying', message: describe(error), failures });
    } else {
      this.blocked = kind;
      const status = kind === 'invalid' ? 'invalid' : kind === 'conflict' ? 'conflict' : 'failed';
      this.setState({ status, message: describe(error), fields: kind === 'invalid' ? fieldsOf(error) : undefined, failures });
    }
    this.settleWaiters();
  }

  private settleWaiters(): void {
    const waiters = this.waiters;
    this.waiters = [];
    waiters.forEach((resolve) => resolve());
  }

  private setState(next: AutosaveState): void {
    // Each keystroke asks for "pending" again: an unchanged state must not re-render the view.
    const same = (Object.keys({ ...this.state, ...next }) as (keyof AutosaveState)[]).every((key) => this.state[key] === next[key]);
    if (same) return;
    this.state = next;
    this.listeners.forEach((listener) => listener());
  }
}
