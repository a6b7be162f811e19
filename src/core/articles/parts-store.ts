import type { Database } from '../db/open';
import { prepared } from '../db/statements';
import { ARTICLE_PARTS_VERSION, type ArticleParts } from '../../shared/render/article-parts';

/**
 * The stored rendered parts of articles (migration 0011; what they are and why:
 * shared/render/article-parts.ts). Written by the save path and by full builds (for articles
 * that had none), read by site builds, render workers included.
 */

/** The article_parts columns a build reads, NULL when the article has no parts of this version. */
export interface StoredPartsColumns {
  body_html: string | null;
  takeaways_html: string | null;
  questions_html: string | null;
  faq_json_ld: string | null;
  images: string | null;
  first_image: string | null;
}

/** SELECT list for a query that LEFT JOINs article_parts as `p` ON partsJoin(): see partsOfRow. */
export const PARTS_COLUMNS = 'p.body_html, p.takeaways_html, p.questions_html, p.faq_json_ld, p.images, p.first_image';

/** The join condition: only parts this build's renderer wrote count. */
export const partsJoin = (article: string) => `p.article_id = ${article}.id AND p.version = ${ARTICLE_PARTS_VERSION}`;

/** Whether the article has parts of this version (none once its documents changed: migration 0011's trigger). */
export function hasCurrentParts(db: Database, articleId: string): boolean {
  return prepared(db, 'SELECT 1 FROM article_parts WHERE article_id = ? AND version = ?').get(articleId, ARTICLE_PARTS_VERSION) !== undefined;
}

/** Stores an article's parts (the caller's transaction also wrote the documents they come from). */
export function storeArticleParts(db: Database, articleId: string, parts: ArticleParts): void {
  prepared(
    db,
    `INSERT OR REPLACE INTO article_parts (article_id, version, body_html, takeaways_html, questions_html, faq_json_ld, images, first_image)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(articleId, ARTICLE_PARTS_VERSION, parts.bodyHtml, parts.takeawaysHtml, parts.questionsHtml, parts.faqJsonLd, JSON.stringify(parts.images), parts.firstImage);
}

/** Parts a build rendered from an article's documents, read at `revision`. */
export interface RenderedParts {
  id: string;
  revision: number;
  parts: ArticleParts;
}

/**
 * Stores parts a build rendered from documents it read at `revision`, for each article whose
 * revision is still that (so a save in between, which stored or dropped parts itself, is never
 * overwritten with parts of the older text). One transaction. Returns how many were stored.
 */
export function storeRenderedParts(db: Database, rendered: readonly RenderedParts[]): number {
  const current = prepared(db, 'SELECT 1 FROM articles WHERE id = ? AND revision = ?');
  let stored = 0;
  // IMMEDIATE: the write lock is taken (or waited for) before the first read. A deferred
  // transaction that read first could not turn into a write once another connection (the other
  // render worker storing its batch) had committed meanwhile: SQLite fails that at once, without
  // waiting, and the batch's parts were lost until the next build.
  db.transaction(() => {
    for (const { id, revision, parts } of rendered) {
      if (current.get(id, revision) === undefined) continue;
      storeArticleParts(db, id, parts);
      stored += 1;
    }
  }).immediate();
  return stored;
}

/** The parts in a row read with PARTS_COLUMNS, or null when there are none of this version. */
export function partsOfRow(row: StoredPartsColumns): ArticleParts | null {
  if (row.body_html === null || row.takeaways_html === null || row.questions_html === null || row.images === null) return null;
  return {
    bodyHtml: row.body_html,
    takeawaysHtml: row.takeaways_html,
    questionsHtml: row.questions_html,
    faqJsonLd: row.faq_json_ld,
    images: JSON.parse(row.images) as string[],
    firstImage: row.first_image,
  };
}
