import type { FastifyServerOptions } from 'fastify';
import { openSiteDb, type SiteDb, type SiteStorage } from './db/open';
import { ListingStore } from './store/listings';
import { pruneIdempotency, type RateLimit } from './store/requests';
import { buildSiteApp } from './server/app';
import type { ReaderOptions } from './readers/context';
import { SiteCache, type SiteCacheOptions } from './server/cache';
import type { ReaderLimits } from './readers/votes-routes';
import type { CommentLimits } from './readers/comments-routes';
import type { Screen } from './store/comments';

export { openSiteDb, type SiteDb, type SiteStorage } from './db/open';
export { migrateSite } from './db/migrate';
export { TokenStore, SCOPES, type Scope } from './store/tokens';
export { FeedStore } from './store/feeds';
export { SiteCache, articleTag, type SiteCacheOptions } from './server/cache';

export interface SiteServerOptions {
  storage: SiteStorage;
  host?: string;
  port?: number;
  /** The address readers use (behind a proxy); printed instead of the listening address. */
  publicUrl?: string;
  logger?: FastifyServerOptions['logger'];
  rateLimit?: RateLimit;
  now?: () => number;
  /** The site's name in page titles and headers. */
  title?: string;
  /** A URL that receives each write's changed pages as a POST (see purge/purger.ts). */
  purgeUrl?: string;
  /** How long a purge webhook call may take (default 5 s). */
  purgeTimeoutMs?: number;
  readers?: ReaderOptions;
  trustProxy?: boolean;
  /** The rendered-page cache's bound (ttlMs) and size; see server/cache.ts. */
  cache?: SiteCacheOptions;
  readerLimits?: ReaderLimits;
  commentLimits?: CommentLimits;
  /** The screening of submitted comments (default: readers/screen.ts); tests pass verdicts here. */
  screenComment?: Screen;
}

export interface RunningSite {
  /** The address to open: the public URL when given, else http://host:port/. */
  url: string;
  /** The address the server listens on. */
  listening: string;
  site: SiteDb;
  /**
   * This process's cache of rendered pages (live JSON follows the database on every request).
   * A write made outside the API (reader votes and comments, imports) calls
   * `cache.invalidate(articleId)` after its commit so this process shows it at once; other
   * processes show it within `cache.ttlMs`.
   */
  cache: SiteCache;
  /** Stops accepting, lets in-flight requests finish, then closes the database. */
  close(): Promise<void>;
}

const PRUNE_EVERY_MS = 60 * 60 * 1000;

/** Opens (and migrates) the store, then serves the site API and health checks. */
export async function startSiteServer(options: SiteServerOptions): Promise<RunningSite> {
  const site = await openSiteDb(options.storage);
  try {
    // Articles stored before the listing index existed join it (a no-op once they have).
    await new ListingStore(site.db).indexUnlisted();
  } catch (error) {
    await site.close();
    throw error;
  }
  let publicUrl = options.publicUrl ?? 'http://127.0.0.1/';
  const cache = new SiteCache(options.cache);
  const app = buildSiteApp({ site, cache, logger: options.logger, rateLimit: options.rateLimit, now: options.now, title: options.title, publicUrl: () => publicUrl, purgeUrl: options.purgeUrl ?? null, purgeTimeoutMs: options.purgeTimeoutMs, readers: options.readers, trustProxy: options.trustProxy, readerLimits: options.readerLimits, commentLimits: options.commentLimits, screenComment: options.screenComment });
  try {
    await app.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 0 });
  } catch (error) {
    await site.close();
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const host = options.host ?? '127.0.0.1';
  const listening = `http://${host.includes(':') ? `[${host}]` : host}:${port}/`;
  publicUrl = options.publicUrl ?? listening;
  // Old idempotency records go hourly; every process may do it, the DELETE is the same either way.
  const prune = setInterval(() => void pruneIdempotency(site.db, Date.now()).catch(() => undefined), PRUNE_EVERY_MS);
  prune.unref();
  let closing: Promise<void> | null = null;
  return {
    url: options.publicUrl ?? listening,
    listening,
    site,
    cache,
    close: () =>
      (closing ??= (async () => {
        clearInterval(prune);
        await app.close();
        await site.close();
      })()),
  };
}
