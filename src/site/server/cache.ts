import { createHash } from 'node:crypto';

/**
 * The per-process cache of rendered reader responses (article pages, and any page another
 * module builds through `get`; live JSON has its own memo, checked against the database on every
 * request: pages/live-memo.ts). Processes stay stateless: nothing here is the truth,
 * every entry is a copy of what the database said at most `ttlMs` ago.
 *
 * The bound, stated once: a change is visible
 *  - at once to the next request in the process that made it, because every write path of this
 *    process calls `invalidate(articleId)` after its commit (the API's publish, unpublish and
 *    moderation do; a new writer, such as reader votes or comments, must do the same);
 *  - within `ttlMs` (1 s by default) in every other process on the same database, or after a
 *    write made without telling the cache, because an entry is thrown away `ttlMs` after the
 *    read it was built from began. That is well inside the max-age browsers and CDNs are told
 *    (10 s on live JSON, 60 s on pages).
 *
 * Concurrent misses for one key share a single build, so an expired hot page costs one render,
 * not fifty. A build that began before an invalidation of its article is handed to the
 * requests already waiting for it (they were sent before the write was acknowledged) but is
 * never stored, so it cannot outlive the write.
 */

/** One representation ready to send as is: the bytes, their ETag and every header but the request id. */
export interface PreparedBody {
  body: Buffer;
  etag: string;
  headers: Readonly<Record<string, string>>;
}

/** A cached response: its bytes, and a gzip copy when worth it (server/prepared.ts makes both). */
export interface CachedResponse extends PreparedBody {
  gzip: PreparedBody | null;
}

interface Entry {
  response: CachedResponse;
  /** When the read behind it began (performance.now()). */
  readAt: number;
  tags: readonly string[];
}

/** What a build returns: the response and the tags it is stored under. */
export interface Built {
  response: CachedResponse;
  /** `articleTag(id)` for each article it shows, plus any other tag a writer may name (a slug). */
  tags: readonly string[];
}

export interface SiteCacheOptions {
  /** How long an entry may be served after the read it was built from began. Default 1,000 ms. */
  ttlMs?: number;
  /** Entries kept at most; the oldest go first. Default 2,000 (about 70 MB of 36 KB pages). */
  maxEntries?: number;
  /** Milliseconds on a monotonic clock (tests move it). */
  now?: () => number;
}

export const DEFAULT_CACHE_TTL_MS = 1_000;

/** A strong validator for exact bytes: 27 base64url characters of their SHA-256. */
export const etagOf = (body: Buffer | string): string => `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;

/** The tag every entry that shows article `id` carries (a page, its live JSON, a listing). */
export const articleTag = (id: string): string => `article:${id}`;

/** The tag of what a slug shows: publishing any article under it must drop the old page. */
export const slugTag = (slug: string): string => `slug:${slug}`;

export class SiteCache {
  readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;
  private readonly entries = new Map<string, Entry>();
  private readonly pending = new Map<string, Promise<CachedResponse | null>>();
  /** Bumped by every invalidation; a build stores its result only if no invalidation hit its tags meanwhile. */
  private readonly invalidatedAt = new Map<string, number>();
  private generation = 0;
  private clearedAt = 0;
  /** Builds not yet settled (including ones whose key was invalidated while they ran). */
  private building = 0;

  constructor(options: SiteCacheOptions = {}) {
    this.ttlMs = options.ttlMs ?? DEFAULT_CACHE_TTL_MS;
    this.maxEntries = options.maxEntries ?? 2_000;
    this.now = options.now ?? (() => performance.now());
  }

  /** The cached response for `key` while fresh, without building (the hot path: no promise). */
  peek(key: string): CachedResponse | null {
    const entry = this.entries.get(key);
    if (!entry) return null;
    if (this.now() - entry.readAt >= this.ttlMs) {
      this.entries.delete(key);
      return null;
    }
    return entry.response;
  }

  /**
   * The fresh cached response for `key`, or the result of `build` (shared with concurrent
   * callers), stored under the tags the build names. A null build (nothing there) is not cached.
   */
  get(key: string, build: () => Promise<Built | null>): Promise<CachedResponse | null> {
    const hit = this.peek(key);
    if (hit) return Promise.resolve(hit);
    const running = this.pending.get(key);
    if (running) return running;
    const readAt = this.now();
    const startedAt = this.generation;
    this.building++;
    const settle = () => {
      if (this.pending.get(key) === promise) this.pending.delete(key);
      // Markers only matter to builds that began before them; with none running they can go.
      if (--this.building === 0) this.invalidatedAt.clear();
    };
    const promise: Promise<CachedResponse | null> = build().then(
      (built) => {
        const current = built !== null && this.clearedAt <= startedAt && built.tags.every((tag) => (this.invalidatedAt.get(tag) ?? 0) <= startedAt);
        settle();
        if (built && current) this.store(key, { response: built.response, readAt, tags: built.tags });
        return built?.response ?? null;
      },
      (error: unknown) => {
        settle();
        throw error;
      },
    );
    this.pending.set(key, promise);
    return promise;
  }

  /**
   * Forgets everything that shows article `id`, so the next request reads the database again.
   * Call it after the commit of any write that changes what readers see of the article (its
   * document, its approved comments, its votes); the API's write paths do.
   */
  invalidate(articleId: string): void {
    this.invalidateTag(articleTag(articleId));
  }

  /** Forgets every entry carrying `tag` (for example a slug, or a listing's own tag). */
  invalidateTag(tag: string): void {
    const generation = ++this.generation;
    if (this.building > 0) this.invalidatedAt.set(tag, generation);
    for (const [key, entry] of this.entries) if (entry.tags.includes(tag)) this.entries.delete(key);
    // A running build learns what it shows only when it ends, so every one keeps the requests
    // already waiting (sent before this write was acknowledged) but takes no new ones.
    this.pending.clear();
  }

  /** Forgets everything (for a change that touches every page, such as the site's title). */
  clear(): void {
    this.clearedAt = ++this.generation;
    this.entries.clear();
    this.pending.clear();
    this.invalidatedAt.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  private store(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.entries.set(key, entry);
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }
}
