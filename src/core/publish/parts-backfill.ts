import type { Database } from '../db/open';
import { ARTICLE_PARTS_VERSION } from '../../shared/render/article-parts';
import { storeArticleParts } from '../articles/parts-store';
import { LIVE, partsOfDocuments } from './source';

/** Articles per transaction: small enough that the app's own writes never wait long. */
const CHUNK = 50;

/**
 * Renders and stores the parts of the published articles that have none of this version: saved
 * before parts existed or by an older renderer, or written by something other than the save path.
 * A full build calls it once its pages are written, so the first build after an upgrade leaves
 * every later one its parts. Each chunk reads the documents and writes their parts in one
 * transaction, so parts always match the text they were rendered from (a save in between either
 * comes first, or drops them again through migration 0011's trigger). An article whose documents
 * cannot be rendered is skipped (the build has reported it). `between` runs between chunks (a yield
 * to the event loop); it returns false to stop early. Returns how many articles got parts.
 */
export async function storeMissingParts(db: Database, between: () => Promise<boolean>): Promise<number> {
  const missing = db.prepare<[string, number]>(
    `SELECT a.id, a.body, a.takeaways, a.questions FROM articles a
      WHERE ${LIVE} AND a.id > ?
        AND NOT EXISTS (SELECT 1 FROM article_parts p WHERE p.article_id = a.id AND p.version = ${ARTICLE_PARTS_VERSION})
      ORDER BY a.id LIMIT ?`,
  );
  let after = '';
  let stored = 0;
  for (;;) {
    const rows = db.transaction(() => {
      const chunk = missing.all(after, CHUNK) as { id: string; body: string; takeaways: string; questions: string }[];
      for (const row of chunk) {
        let parts;
        try {
          parts = partsOfDocuments(row);
        } catch {
          continue;
        }
        storeArticleParts(db, row.id, parts);
        stored += 1;
      }
      return chunk;
    })();
    if (rows.length < CHUNK) return stored;
    after = rows[rows.length - 1]!.id;
    if (!(await between())) return stored;
  }
}
