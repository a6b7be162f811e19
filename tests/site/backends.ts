import type { RemoteComment, RemoteVote } from '../../src/shared/remote/site-api';
import { FeedStore } from '../../src/site/store/feeds';
import { SiteApiServer, type AppliedWrite, type SiteApiServerOptions } from '../fixtures/site-api-server';
import { useEngines } from './engines';
import { FaultProxy } from './fault-proxy';
import { startSite, type SiteUnderTest } from './harness';

/**
 * What the desktop's remote tests need from a site: the fault-injecting fixture, or the real
 * Copydesk Site server (src/site) on SQLite or PostgreSQL behind the same fault schedule.
 * `describe.each(useSiteBackends())` runs a desktop test against all three.
 */
export interface SiteBackend {
  url: string;
  token: string;
  faults: NonNullable<SiteApiServerOptions['faults']>;
  readonly requests: number;
  readonly applied: AppliedWrite[];
  readonly violations: string[];
  /** Reader comments and votes appearing on the site. */
  addComments(items: Record<string, unknown>[]): Promise<void>;
  addVotes(items: Record<string, unknown>[]): Promise<void>;
  /** The article as the site holds it, or null. */
  article(id: string): Promise<{ headline: string; version: number } | null>;
  /** Someone edits the article on the site: its version moves on. */
  editRemotely(id: string, headline: string): Promise<void>;
  goOffline(): Promise<void>;
  goOnline(): Promise<void>;
  stop(): Promise<void>;
}

export interface BackendKind {
  name: 'fixture' | 'sqlite' | 'postgres';
  /**
   * The client timeout to use against it. The fixture answers from memory (the tests' 300 ms);
   * a real server reads a database, and on a loaded 2-core machine a 1,000-item page can take
   * longer than that, which would read as "offline" in tests that are not about timeouts.
   */
  timeoutMs: number;
  start(options?: SiteApiServerOptions): Promise<SiteBackend>;
}

function fixtureBackend(server: SiteApiServer): SiteBackend {
  return {
    url: server.url,
    token: server.token,
    get faults() {
      return server.faults;
    },
    set faults(value) {
      server.faults = value;
    },
    get requests() {
      return server.requests;
    },
    applied: server.applied,
    violations: server.violations,
    addComments: async (items) => server.addComments(items),
    addVotes: async (items) => server.addVotes(items),
    article: async (id) => {
      const stored = server.articles.get(id);
      return stored ? { headline: String(stored.body.headline), version: stored.version } : null;
    },
    editRemotely: async (id, headline) => server.editRemotely(id, headline),
    goOffline: () => server.goOffline(),
    goOnline: () => server.goOnline(),
    stop: () => server.stop(),
  };
}

function realBackend(site: SiteUnderTest, proxy: FaultProxy): SiteBackend {
  const { db } = site.running.site;
  const feeds = new FeedStore(db);
  return {
    url: proxy.url,
    token: site.token,
    get faults() {
      return proxy.faults;
    },
    set faults(value) {
      proxy.faults = value;
    },
    get requests() {
      return proxy.requests;
    },
    applied: proxy.applied,
    violations: proxy.violations,
    addComments: (items) => feeds.upsertComments(items as unknown as RemoteComment[]),
    addVotes: (items) => feeds.upsertVotes(items as unknown as RemoteVote[]),
    article: async (id) => {
      const row = await db.selectFrom('articles').select(['headline', 'version']).where('id', '=', id).executeTakeFirst();
      return row ? { headline: row.headline, version: row.version } : null;
    },
    editRemotely: async (id, headline) => {
      const row = await db.selectFrom('articles').select(['document', 'version']).where('id', '=', id).executeTakeFirstOrThrow();
      const document = JSON.stringify({ ...(JSON.parse(row.document) as object), headline });
      await db.updateTable('articles').set({ document, headline, version: row.version + 1 }).where('id', '=', id).execute();
    },
    goOffline: () => proxy.goOffline(),
    goOnline: () => proxy.goOnline(),
    stop: async () => {
      await proxy.stop();
      await site.running.close();
    },
  };
}

/** Registers the file's PostgreSQL cluster (beforeAll/afterAll) and returns the three backends. */
export function useSiteBackends(): BackendKind[] {
  const engines = useEngines();
  return [
    // 2 s, not the helpers' usual 300 ms: a 1,000-item page under a loaded CI machine can take
    // longer than 300 ms, and only the fault tests wait this out (once each, on purpose).
    { name: 'fixture', timeoutMs: 2_000, start: async (options) => fixtureBackend(await new SiteApiServer(options).start()) },
    ...engines.map((engine) => ({
      name: engine.name,
      timeoutMs: 5_000,
      async start(options?: SiteApiServerOptions) {
        const site = await startSite({ storage: await engine.storage() });
        const proxy = await new FaultProxy(site.running.listening, options).start();
        return realBackend(site, proxy);
      },
    })),
  ];
}
