import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openDatabase, type Database } from './db/open';
import type { Migration } from './db/migrate';
import { ArticleService } from './articles/service';
import { WorkspaceEvents } from './events';
import { sampleArticle } from './sample/sample-article';
import { seedModeration } from './moderation/seed';
import { publishHook } from './outbox/publish-hook';
import { RemoteService, type RemoteOptions } from './remote/service';
import { EnvFileSecretStore } from './remote/secrets';
import { remoteLexicalHtml, remotePageRenderer } from './remote/render';
import { moderationIngest } from './sync/moderation-ingest';
import { workspaceAssetReader } from './assets/open-asset';
import { keepRemoteVersion } from './remote/keep-remote';

export const DATABASE_FILE = 'copydesk.db';
export const ASSETS_DIR = 'assets';

export interface Workspace {
  readonly dir: string;
  readonly db: Database;
  readonly events: WorkspaceEvents;
  readonly articles: ArticleService;
  /** Remote targets, the outbox and sync. Hosts call remote.start() to run the workers. */
  readonly remote: RemoteService;
  close(): void;
}

export interface OpenOptions {
  /** Give a brand-new workspace the sample article (default true). */
  seed?: boolean;
  migrations?: Migration[];
  /** Remote publishing: the app passes its safeStorage SecretStore; default env vars / COPYDESK_SECRETS_FILE. */
  remote?: Partial<RemoteOptions>;
}

/** Opens a workspace folder (creating it and its database if needed). */
export function openWorkspace(dir: string, options: OpenOptions = {}): Workspace {
  const root = resolve(dir);
  mkdirSync(join(root, ASSETS_DIR), { recursive: true });
  const db = openDatabase(join(root, DATABASE_FILE), options.migrations);
  const events = new WorkspaceEvents();
  const articles = new ArticleService(db, events, publishHook(db));
  const remote = new RemoteService(db, events, {
    secrets: new EnvFileSecretStore(process.env, process.env.COPYDESK_SECRETS_FILE || null),
    renderPage: remotePageRenderer(db),
    renderHtml: remoteLexicalHtml,
    // Every host (desktop, serve, CLI) opens the workspace here, so the Ghost adapter reads
    // images from this workspace's assets folder whoever runs it.
    readAsset: workspaceAssetReader(root),
    applyRemote: keepRemoteVersion(articles),
    ingest: moderationIngest(db, events),
    ...options.remote,
  });
  // Saves may have queued remote effects: let the workers look now rather than at their next poll.
  events.on('articles:changed', () => remote.wake());
  // Moderation decisions about comments pulled from a target are pushed back to it.
  events.on('moderation:changed', () => remote.pushModeration());
  if (options.seed !== false) seedOnce(db, articles);
  return {
    dir: root,
    db,
    events,
    articles,
    remote,
    close: () => {
      void remote.stop();
      db.close();
    },
  };
}

/**
 * Seeds the sample article on the first open only: a workspace whose user deleted the sample must
 * not get it back, so the fact is recorded in `meta` in the same transaction.
 */
function seedOnce(db: Database, articles: ArticleService): void {
  db.transaction(() => {
    const seeded = db.prepare("SELECT value FROM meta WHERE key = 'seeded'").get();
    if (seeded) return;
    if (articles.count() === 0) {
      articles.importMany([sampleArticle()]);
      const sampleId = db.prepare('SELECT id FROM articles ORDER BY created_at LIMIT 1').pluck().get() as string | undefined;
      if (sampleId !== undefined) seedModeration(db, sampleId);
    }
    db.prepare("INSERT INTO meta (key, value) VALUES ('seeded', ?)").run(new Date().toISOString());
  })();
}
