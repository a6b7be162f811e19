import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Sqlite from 'better-sqlite3';
import { bundledMigrations, migrate } from '../src/core/db/migrate';
import { DATABASE_FILE } from '../src/core/workspace';

/**
 * The moderation benchmark's corpus: ARTICLES articles, AUTHORS readers, COMMENTS comments and
 * VOTES votes, generated once into a database cached under /tmp and copied for every measuring
 * run (generation is minutes; a copy is seconds).
 *
 * The cached database has the schema up to CORPUS_SCHEMA only: later migrations (0007 onwards)
 * are applied when the measuring run opens its copy, exactly as they would be on a user's
 * existing workspace, and that upgrade is timed too.
 *
 * Fast bulk load (generation only, never the product): synchronous=OFF and journal_mode=OFF, one
 * transaction per table, rows in primary-key order with zero-padded remote ids (so the UNIQUE
 * (source, remote_id) index is appended to, not split), secondary indexes and triggers dropped
 * during the load and recreated from their own SQL afterwards, FTS rebuilt in one pass.
 */

export const CORPUS_SCHEMA = 6;
const GENERATOR_VERSION = 2;

export const VOCAB = (
  'council budget harbor water pipes refinery policy investment election court school teachers hospital nurses transit rail ' +
  'bridge storm flood drought wildfire tariffs housing rent police museum festival stadium league coach players climate ' +
  'energy solar wind grid battery the a of and to in is that it for was on are with as this be at by not but'
).split(' ');

export const T0 = Date.parse('2025-01-01T00:00:00Z');
export const YEAR = 365 * 86_400_000;

/** Deterministic xorshift, so every run measures the same corpus. */
export function randomSource(initial = 42) {
  let seed = initial;
  const rand = (): number => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return ((seed >>> 0) % 1_000_000) / 1_000_000;
  };
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const text = (n: number) => Array.from({ length: n }, () => pick(VOCAB)).join(' ');
  return { rand, pick, text };
}

export interface Scale {
  articles: number;
  authors: number;
  comments: number;
  votes: number;
}

const pad = (n: number) => String(n).padStart(9, '0');
export const articleId = (i: number) => `art-${pad(i)}`;

function time(fn: () => void): number {
  const t = performance.now();
  fn();
  return Math.round(performance.now() - t);
}

/** Generates the corpus into `file` (which must not exist); returns per-phase milliseconds. */
export function generateCorpus(file: string, scale: Scale): Record<string, number> {
  const { rand, pick, text } = randomSource();
  const db = new Sqlite(file);
  const ms: Record<string, number> = {};
  try {
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.pragma('cache_size = -1048576');
    db.pragma('temp_store = memory');
    migrate(db, bundledMigrations().filter((m) => m.version <= CORPUS_SCHEMA));
    const tables = ['comments', 'votes', 'comment_authors'];
    const saved = db
      .prepare(`SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') AND sql IS NOT NULL AND tbl_name IN (${tables.map(() => '?').join(', ')})`)
      .all(...tables) as { type: string; name: string; sql: string }[];
    for (const s of saved) db.exec(`DROP ${s.type.toUpperCase()} ${s.name}`);

    ms.articlesMs = time(() => {
      const insert = db.prepare("INSERT INTO articles (id, slug, headline, body, status, created_at, updated_at) VALUES (?, ?, ?, '{}', 'published', ?, ?)");
      const at = new Date(T0).toISOString();
      db.transaction(() => {
        for (let i = 0; i < scale.articles; i += 1) insert.run(articleId(i), `story-${pad(i)}`, `Headline ${i}: ${text(6)}`, at, at);
      })();
    });
    ms.authorsMs = time(() => {
      const insert = db.prepare('INSERT INTO comment_authors (id, source, remote_id, display_name, remote_created_at, first_seen_at, status) VALUES (?, ?, ?, ?, ?, ?, ?)');
      db.transaction(() => {
        for (let i = 1; i <= scale.authors; i += 1) {
          const created = new Date(T0 - rand() * YEAR).toISOString();
          const status = i % 100 === 0 ? 'premoderated' : i % 250 === 0 ? 'banned' : 'active';
          insert.run(i, 'bench', `author-${pad(i)}`, `Reader ${pick(VOCAB)} ${i}`, created, created, status);
        }
      })();
    });
    ms.commentsMs = time(() => {
      const insert = db.prepare(
        `INSERT INTO comments (id, source, remote_id, article_id, parent_id, author_id, body, body_hash, link_count, created_at, ingested_at,
           status, reason_code, decided_by, decided_at, published, reported, report_count, report_reasons)
         VALUES (?, 'bench', ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      db.transaction(() => {
        for (let i = 1; i <= scale.comments; i += 1) {
          const r = rand();
          const status = r < 0.6 ? 'approved' : r < 0.85 ? 'pending' : r < 0.93 ? 'rejected' : 'spam';
          const published = status === 'approved' || (status === 'pending' && r > 0.8) ? 1 : 0;
          const reports = rand() < 0.03 ? 1 + Math.floor(rand() * 9) : 0;
          const created = new Date(T0 + (i / scale.comments) * YEAR).toISOString();
          const decided = status === 'pending' ? null : created;
          insert.run(
            i, `c-${pad(i)}`, articleId(Math.floor(rand() * scale.articles)), i > 10 && rand() < 0.3 ? i - 1 - Math.floor(rand() * 10) : null,
            1 + Math.floor(rand() * scale.authors), text(8 + Math.floor(rand() * 30)), `h${i}`, created, created, status,
            status === 'rejected' ? 'abuse' : status === 'spam' ? 'spam' : null, decided ? 'bench' : null, decided, published,
            reports > 0 && status === 'pending' ? 1 : 0, reports, reports ? '["abuse"]' : '[]',
          );
        }
      })();
    });
    ms.votesMs = time(() => {
      const insert = db.prepare(
        "INSERT INTO votes (id, source, remote_id, article_id, axis, value, voter_id, voted_at, ip_hash, device_hash) VALUES (?, 'bench', ?, ?, ?, ?, ?, ?, ?, ?)",
      );
      db.transaction(() => {
        for (let i = 1; i <= scale.votes; i += 1) {
          insert.run(
            i, `v-${pad(i)}`, articleId(Math.floor(rand() * scale.articles)), rand() < 0.5 ? 'interesting' : 'support', rand() < 0.7 ? 'yes' : 'no',
            1 + Math.floor(rand() * scale.authors), new Date(T0 + rand() * YEAR).toISOString(), `ip-${Math.floor(rand() * 150_000)}`,
            rand() < 0.5 ? `dev-${Math.floor(rand() * 150_000)}` : null,
          );
        }
      })();
    });
    ms.indexesMs = time(() => {
      db.transaction(() => {
        for (const s of saved) if (s.type === 'index') db.exec(s.sql);
      })();
    });
    ms.searchIndexMs = time(() => {
      db.exec("INSERT INTO comment_search (comment_search) VALUES ('rebuild')");
      db.exec("INSERT INTO comment_author_search (comment_author_search) VALUES ('rebuild')");
      db.exec("INSERT INTO comment_search (comment_search) VALUES ('optimize')");
    });
    for (const s of saved) if (s.type === 'trigger') db.exec(s.sql);
    ms.analyzeMs = time(() => db.exec('ANALYZE'));
    // Leave the file as a normal WAL workspace database.
    db.pragma('journal_mode = WAL');
  } finally {
    db.close();
  }
  return ms;
}

/**
 * A fresh copy of the cached corpus in its own directory (generated first when missing).
 * Returns the directory (a workspace root) and the generation times when it had to generate.
 */
export function corpusWorkspaceDir(scale: Scale): { dir: string; generatedMs: Record<string, number> | null } {
  const cacheDir = process.env.BENCH_CACHE_DIR ?? join(tmpdir(), 'copydesk-bench-cache');
  mkdirSync(cacheDir, { recursive: true });
  const cached = join(cacheDir, `moderation-v${GENERATOR_VERSION}-s${CORPUS_SCHEMA}-${scale.articles}-${scale.authors}-${scale.comments}-${scale.votes}.db`);
  let generatedMs: Record<string, number> | null = null;
  if (!existsSync(cached)) {
    const partial = `${cached}.partial`;
    rmSync(partial, { force: true });
    generatedMs = generateCorpus(partial, scale);
    renameSync(partial, cached);
  }
  const dir = join(tmpdir(), `copydesk-bench-moderation-${process.pid}-${Date.now()}`);
  mkdirSync(dir, { recursive: true });
  copyFileSync(cached, join(dir, DATABASE_FILE));
  return { dir, generatedMs };
}
