import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { Database } from '../db/open';
import type { ArticleFields } from '../../shared/article';
import type { RevisionSummary } from '../../shared/revision';

type Reason = RevisionSummary['reason'];

interface RevisionRow {
  id: number;
  article_id: string;
  created_at: string;
  reason: Reason;
  label: string;
  word_count: number;
  previous_word_count: number | null;
}

/** A revision's document is the editable fields only; ids and times live in its row. */
export type RevisionDocument = ArticleFields;

// Level 1: autosave re-encodes the rolling revision on every save; speed matters more than the
// last few percent of size (prose still compresses about 5:1).
const encode = (doc: RevisionDocument): Buffer => deflateRawSync(Buffer.from(JSON.stringify(doc)), { level: 1 });
const decode = (blob: Buffer): RevisionDocument => JSON.parse(inflateRawSync(blob).toString('utf8')) as RevisionDocument;

const SUMMARY = `SELECT r.id, r.article_id, r.created_at, r.reason, r.label, r.word_count,
  LAG(r.word_count) OVER (ORDER BY r.id) AS previous_word_count
  FROM article_revisions r WHERE r.article_id = ?`;

function toSummary(row: RevisionRow): RevisionSummary {
  return {
    id: row.id,
    articleId: row.article_id,
    createdAt: row.created_at,
    reason: row.reason,
    label: row.label,
    wordCount: row.word_count,
    wordDelta: row.word_count - (row.previous_word_count ?? 0),
  };
}

/** All SQL for revisions. Documents are stored deflate-compressed. */
export class RevisionRepository {
  constructor(private readonly db: Database) {}

  list(articleId: string): RevisionSummary[] {
    return (this.db.prepare(`${SUMMARY} ORDER BY r.id DESC`).all(articleId) as RevisionRow[]).map(toSummary);
  }

  latest(articleId: string): { id: number; createdAt: string; reason: Reason } | null {
    const row = this.db
      .prepare('SELECT id, created_at, reason FROM article_revisions WHERE article_id = ? ORDER BY id DESC LIMIT 1')
      .get(articleId) as { id: number; created_at: string; reason: Reason } | undefined;
    return row ? { id: row.id, createdAt: row.created_at, reason: row.reason } : null;
  }

  document(articleId: string, id: number): RevisionDocument | null {
    const row = this.db.prepare('SELECT document FROM article_revisions WHERE article_id = ? AND id = ?').get(articleId, id) as
      | { document: Buffer }
      | undefined;
    return row ? decode(row.document) : null;
  }

  insert(articleId: string, time: string, reason: Reason, label: string, wordCount: number, doc: RevisionDocument): number {
    const result = this.db
      .prepare('INSERT INTO article_revisions (article_id, created_at, reason, label, word_count, document) VALUES (?, ?, ?, ?, ?, ?)')
      .run(articleId, time, reason, label, wordCount, encode(doc));
    return Number(result.lastInsertRowid);
  }

  /** Removes an article's revisions newer than `id` (0: all of them); see ArticleService.saveUndoable. */
  deleteAfter(articleId: string, id: number): void {
    this.db.prepare('DELETE FROM article_revisions WHERE article_id = ? AND id > ?').run(articleId, id);
  }

  /** Rolls the newest edit revision forward to the current document (coalescing). */
  replace(id: number, wordCount: number, doc: RevisionDocument): void {
    this.db.prepare('UPDATE article_revisions SET word_count = ?, document = ? WHERE id = ?').run(wordCount, encode(doc), id);
  }
}
