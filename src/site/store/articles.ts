import type { Kysely, Transaction } from 'kysely';
import type { SiteArticle, StoredArticle } from '../../shared/remote/site-api';
import type { SiteDatabase } from '../db/schema';
import { indexArticle, unindexArticle } from './listings';

export type PutOutcome = { kind: 'stored'; version: string } | { kind: 'mismatch'; current: string | null };

/** The version as the client holds it: `3`, or an ETag `"3"` / `W/"3"` as HTTP spells it. */
export function parseVersion(value: string | undefined): string | null {
  if (value === undefined || value.trim() === '') return null;
  return value.trim().replace(/^W\//, '').replace(/^"(.*)"$/, '$1');
}

export class ArticleStore {
  constructor(private readonly db: Kysely<SiteDatabase>) {}

  async get(id: string): Promise<StoredArticle | null> {
    const row = await this.db.selectFrom('articles').select(['document', 'version']).where('id', '=', id).executeTakeFirst();
    if (!row) return null;
    // The document was parsed with SiteArticleSchema when it was put, and stored as that parse's
    // output: parsing it again on every read would only cost time (~40 KB of JSON per article).
    return { ...(JSON.parse(row.document) as SiteArticle), id, version: String(row.version) };
  }

  /**
   * Creates or replaces an article when `ifMatch` names its current version (or is absent for
   * a new one). The update is conditional on the version it read, so two processes racing on the
   * same article cannot both win: the loser sees no row updated and answers 412.
   */
  async put(trx: Transaction<SiteDatabase>, id: string, article: SiteArticle, ifMatch: string | null, now: string): Promise<PutOutcome> {
    const current = await trx.selectFrom('articles').select('version').where('id', '=', id).executeTakeFirst();
    const columns = {
      slug: article.slug,
      section: article.section,
      headline: article.headline,
      document: JSON.stringify(article),
      published_at: article.publishedAt,
      updated_at: article.updatedAt,
      stored_at: now,
    };
    if (current) {
      if (ifMatch !== String(current.version)) return { kind: 'mismatch', current: String(current.version) };
      const next = current.version + 1;
      const result = await trx.updateTable('articles').set({ ...columns, version: next }).where('id', '=', id).where('version', '=', current.version).executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) return { kind: 'mismatch', current: null };
      await indexArticle(trx, id, article);
      return { kind: 'stored', version: String(next) };
    }
    // Deleted on the site (or never here) while the client thinks it has a version.
    if (ifMatch !== null) return { kind: 'mismatch', current: null };
    const inserted = await trx.insertInto('articles').values({ id, ...columns, version: 1 }).onConflict((oc) => oc.column('id').doNothing()).executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return { kind: 'mismatch', current: null };
    await indexArticle(trx, id, article);
    return { kind: 'stored', version: '1' };
  }

  /** Unpublishes; deleting an article that is not there succeeds (the contract says so). */
  async delete(trx: Transaction<SiteDatabase>, id: string): Promise<void> {
    await trx.deleteFrom('articles').where('id', '=', id).execute();
    await unindexArticle(trx, id);
  }
}
