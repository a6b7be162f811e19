import type { CachedResponse } from '../server/cache';

/**
 * Live JSON built once per change and served from memory (issue 14: 500 approved comments took
 * ~45 ms to read, render and gzip, which a 1 s cache paid again every second in every process).
 * Each request asks the database for the article's change marker: one indexed statement that
 * returns what every change of the live parts moves (see ReaderStore.liveMarker). While the
 * marker equals the one an entry was built under, the entry's bytes are sent (with their ETag,
 * so a browser that holds them gets a 304). Processes stay stateless: the marker, not a message
 * between processes or a timer, tells each one that another has written, so the request after a
 * write's commit sees it in every process.
 */

export interface Entry {
  /** The state the response shows, as ReaderStore.liveMarker names it. */
  marker: string;
  response: CachedResponse;
}

export class LiveMemo {
  private readonly entries = new Map<string, Entry>();
  /** Builds under way, shared by requests that saw the same marker (a hot article costs one render per change). */
  private readonly pending = new Map<string, { marker: string; promise: Promise<CachedResponse> }>();

  constructor(private readonly maxEntries = 2_000) {}

  /**
   * The response for the state named by `marker`, read at the start of the request. When the
   * entry is older, `build` reads the live parts and their marker in one snapshot (so an entry is
   * stored under exactly the state it shows, never under an older marker that a later change,
   * such as a deletion, could bring back); concurrent requests that saw the same marker share it.
   * A build may show a newer state than the request's marker: it is never older than the request.
   */
  get(id: string, marker: string, build: () => Promise<Entry>): Promise<CachedResponse> | CachedResponse {
    const entry = this.entries.get(id);
    if (entry?.marker === marker) return entry.response;
    const running = this.pending.get(id);
    if (running?.marker === marker) return running.promise;
    const promise = build().then(
      (built) => {
        if (this.pending.get(id)?.promise === promise) this.pending.delete(id);
        this.store(id, built);
        return built.response;
      },
      (error: unknown) => {
        if (this.pending.get(id)?.promise === promise) this.pending.delete(id);
        throw error;
      },
    );
    this.pending.set(id, { marker, promise });
    return promise;
  }

  /** Forgets an article (it was unpublished: nothing to keep). */
  delete(id: string): void {
    this.entries.delete(id);
  }

  get size(): number {
    return this.entries.size;
  }

  private store(id: string, entry: Entry): void {
    // Markers do not order: the last build to finish is kept, and should it be the older state,
    // the next request's marker differs and builds again.
    this.entries.delete(id);
    this.entries.set(id, entry);
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }
}
