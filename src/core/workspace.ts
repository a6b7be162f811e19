import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openDatabase, type Database } from './db/open';
import type { Migration } from './db/migrate';
import { ArticleService } from './articles/service';
import { WorkspaceEvents } from './events';
import { sampleArticle } from './sample/sample-article';

export const DATABASE_FILE = 'copydesk.db';
export const ASSETS_DIR = 'assets';

export interface Workspace {
  readonly dir: string;
  readonly db: Database;
  readonly events: WorkspaceEvents;
  readonly articles: ArticleService;
  close(): void;
}

export interface OpenOptions {
  /** Give a brand-new workspace the sample article (default true). */
  seed?: boolean;
  migrations?: Migration[];
}

/** Opens a workspace folder (creating it and its database if needed). */
export function openWorkspace(dir: string, options: OpenOptions = {}): Workspace {
  const root = resolve(dir);
  mkdirSync(join(root, ASSETS_DIR), { recursive: true });
  const db = openDatabase(join(root, DATABASE_FILE), options.migrations);
  const events = new WorkspaceEvents();
  const articles = new ArticleService(db, events);
  if (options.seed !== false) seedOnce(db, articles);
  return {
    dir: root,
    db,
    events,
    articles,
    close: () => db.close(),
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
    if (articles.count() === 0) articles.importMany([sampleArticle()]);
    db.prepare("INSERT INTO meta (key, value) VALUES ('seeded', ?)").run(new Date().toISOString());
  })();
}
