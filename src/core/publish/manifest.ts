import type { Database } from '../db/open';
import { prepared } from '../db/statements';

export interface ManifestEntry {
  hash: string;
  source: string;
  inputKey: string;
  /** Bytes written; null for entries written before sizes were kept. */
  size: number | null;
  /** JSON a targeted publish reads back (see migration 0006); '' when none. */
  detail: string;
}

interface ManifestRow {
  path: string;
  hash: string;
  source: string;
  input_key: string;
  size: number | null;
  detail: string;
}

const DIR_KEY = 'publish_manifest_dir';
/** Set while a publish writes files, cleared when one finishes: '1' at start means the last was killed. */
const RUNNING_KEY = 'publish_running';
const COLUMNS = 'path, hash, source, input_key, size, detail';
const entryOf = (r: ManifestRow): ManifestEntry => ({ hash: r.hash, source: r.source, inputKey: r.input_key, size: r.size, detail: r.detail });

/**
 * The manifest of the output folder as of the last successful publish (SQL only). Statements are
 * prepared once per connection: a one-article publish runs about fifteen of them, and compiling
 * each again every time was a share of its milliseconds.
 */
export class ManifestStore {
  constructor(private readonly db: Database) {}

  /** The folder the manifest describes; null before the first publish. */
  dir(): string | null {
    const row = prepared(this.db, 'SELECT value FROM meta WHERE key = ?').get(DIR_KEY) as { value: string } | undefined;
    return row?.value ?? null;
  }

  /** Every entry, for a folder; empty when the manifest describes another folder. */
  load(outDir: string): Map<string, ManifestEntry> {
    if (this.dir() !== outDir) return new Map();
    const rows = prepared(this.db, `SELECT ${COLUMNS} FROM publish_manifest`).all() as ManifestRow[];
    return new Map(rows.map((r) => [r.path, entryOf(r)]));
  }

  /** The entries of some paths (a targeted publish looks up only the files it may touch). */
  get(paths: readonly string[]): Map<string, ManifestEntry> {
    if (paths.length === 0) return new Map();
    const rows = prepared(this.db, `SELECT ${COLUMNS} FROM publish_manifest WHERE path IN (SELECT value FROM json_each(?))`).all(JSON.stringify(paths)) as ManifestRow[];
    return new Map(rows.map((r) => [r.path, entryOf(r)]));
  }

  /** The entries that came from one source ('home', 'article:<id>', 'sitemap', ...), by index. */
  bySource(source: string): Map<string, ManifestEntry> {
    const rows = prepared(this.db, `SELECT ${COLUMNS} FROM publish_manifest WHERE source = ?`).all(source) as ManifestRow[];
    return new Map(rows.map((r) => [r.path, entryOf(r)]));
  }

  /**
   * Records that a publish is about to write files, and answers whether one was already marked
   * as writing: then that one was killed (or failed) before it finished, and may have left temp
   * files behind.
   */
  startRun(): boolean {
    const before = prepared(this.db, 'SELECT value FROM meta WHERE key = ?').get(RUNNING_KEY) as { value: string } | undefined;
    prepared(this.db, 'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(RUNNING_KEY, '1');
    return before?.value === '1';
  }

  /** How many entries came from one source (by index, without reading them). */
  countBySource(source: string): number {
    return (prepared(this.db, 'SELECT COUNT(*) AS n FROM publish_manifest WHERE source = ?').get(source) as { n: number }).n;
  }

  /**
   * Moves the manifest forward in one transaction, after the files are in place: upserts what
   * was written or re-keyed, removes what was deleted. `replaceAll` starts from empty (a first
   * publish to a new folder). `endRun`: no publish is left unfinished (see startRun).
   */
  commit(outDir: string, upserts: Map<string, ManifestEntry>, deleted: readonly string[], replaceAll: boolean, endRun = true): void {
    const time = new Date().toISOString();
    const upsert = prepared(this.db, 
      `INSERT INTO publish_manifest (path, hash, source, input_key, size, detail, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (path) DO UPDATE SET hash = excluded.hash, source = excluded.source, input_key = excluded.input_key,
         size = excluded.size, detail = excluded.detail, updated_at = excluded.updated_at`,
    );
    const remove = prepared(this.db, 'DELETE FROM publish_manifest WHERE path = ?');
    this.db.transaction(() => {
      if (replaceAll) prepared(this.db, 'DELETE FROM publish_manifest').run();
      for (const path of deleted) remove.run(path);
      for (const [path, entry] of upserts) upsert.run(path, entry.hash, entry.source, entry.inputKey, entry.size, entry.detail, time);
      prepared(this.db, 'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(DIR_KEY, outDir);
      if (endRun) prepared(this.db, 'DELETE FROM meta WHERE key = ?').run(RUNNING_KEY);
    })();
  }
}
