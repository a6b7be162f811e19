import type { Kysely, Transaction } from 'kysely';
import { PAGE_SIZE, type ListingItem } from '../../shared/render/listing-page';
import { monthRange } from '../../shared/render/sitemap';
import { slugOf } from '../../shared/render/term-slug';
import { SiteArticleSchema, type SiteArticle } from '../../shared/remote/site-api';
import type { SiteDatabase } from '../db/schema';
import { writeTransaction } from '../db/write';

/**
 * The listing index (table `listings`, migration 0002): which articles the home page, each
 * section and each tag lists, newest first, with the card each shows. The rows are rewritten in
 * the same transaction as the article, so pages, feeds and the sitemap read a consistent state
 * on any process.
 */

export type ListingKind = 'home' | 'section' | 'tag';

/** One listing: the home page (slug ''), a section or a tag by URL slug. */
export interface ListingRef {
  kind: ListingKind;
  slug: string;
}

export interface ListingSlice {
  /** The newest article's spelling of the section or tag ('' for home). */
  heading: string;
  total: number;
  items: ListingItem[];
}

/** Where an article stands in one listing: its place (0 = newest), the listing's size and heading. */
export interface ListingPlace extends ListingRef {
  position: number;
  total: number;
  heading: string;
}

type Db = Kysely<SiteDatabase> | Transaction<SiteDatabase>;

const iso = (value: string) => new Date(value).toISOString();

/** The rows an article has in the index: home, its section, each of its tags (by slug, once). */
export function listingRows(id: string, article: SiteArticle): SiteDatabase['listings'][] {
  const listedAt = iso(article.publishedAt ?? article.updatedAt);
  const updatedAt = iso(article.updatedAt);
  const item: ListingItem = {
    id,
    slug: article.slug,
    section: article.section,
    headline: article.headline,
    summary: article.summary,
    byline: article.byline,
    tags: article.tags,
    updatedAt,
    publishedAt: listedAt,
  };
  const card = JSON.stringify(item);
  const rows = new Map<string, SiteDatabase['listings']>();
  const add = (kind: ListingKind, slug: string, name: string) => {
    const key = `${kind}:${slug}`;
    if (!rows.has(key)) rows.set(key, { kind, slug, article_id: id, name, listed_at: listedAt, updated_at: updatedAt, card });
  };
  add('home', '', '');
  add('section', slugOf(article.section), article.section.trim());
  for (const tag of article.tags) add('tag', slugOf(tag), tag.trim());
  return [...rows.values()];
}

/** Replaces an article's rows (inside the write that stores it). */
export async function indexArticle(trx: Transaction<SiteDatabase>, id: string, article: SiteArticle): Promise<void> {
  await trx.deleteFrom('listings').where('article_id', '=', id).execute();
  await trx.insertInto('listings').values(listingRows(id, article)).execute();
}

/** Removes an article from every listing (inside the write that unpublishes it). */
export async function unindexArticle(trx: Transaction<SiteDatabase>, id: string): Promise<void> {
  await trx.deleteFrom('listings').where('article_id', '=', id).execute();
}

export class ListingStore {
  constructor(private readonly db: Kysely<SiteDatabase>) {}

  /** One page (1-based) of a listing; `total` is 0 when nothing is listed there. */
  async page(ref: ListingRef, page: number): Promise<ListingSlice> {
    const [rows, count] = await Promise.all([
      this.ordered(this.db, ref)
        .select(['card', 'name'])
        .limit(PAGE_SIZE)
        .offset((page - 1) * PAGE_SIZE)
        .execute(),
      this.count(this.db, ref),
    ]);
    const heading = page === 1 ? (rows[0]?.name ?? '') : await this.heading(this.db, ref);
    return { heading, total: count, items: rows.map((r) => JSON.parse(r.card) as ListingItem) };
  }

  /** The newest articles of the whole site (feeds). */
  async newest(limit: number): Promise<ListingItem[]> {
    const rows = await this.ordered(this.db, { kind: 'home', slug: '' }).select('card').limit(limit).execute();
    return rows.map((r) => JSON.parse(r.card) as ListingItem);
  }

  /** Every listing with its newest update: the sitemap's pages part (home, each section and tag). */
  async listingsUpdated(): Promise<{ kind: ListingKind; slug: string; updatedAt: string }[]> {
    const rows = await this.db
      .selectFrom('listings')
      .select((eb) => ['kind', 'slug', eb.fn.max('updated_at').as('updated')])
      .groupBy(['kind', 'slug'])
      .execute();
    return rows.map((r) => ({ kind: r.kind as ListingKind, slug: r.slug, updatedAt: String(r.updated) }));
  }

  /** Months that have articles ("2026-01") with their newest update: the sitemap's month parts. */
  async months(): Promise<{ month: string; updatedAt: string }[]> {
    const rows = await this.db
      .selectFrom('listings')
      .select((eb) => [eb.fn<string>('substr', ['listed_at', eb.val(1), eb.val(7)]).as('month'), eb.fn.max('updated_at').as('updated')])
      .where('kind', '=', 'home')
      .groupBy('month')
      .orderBy('month')
      .execute();
    return rows.map((r) => ({ month: r.month, updatedAt: String(r.updated) }));
  }

  /** The articles published in one month, newest first. */
  async month(month: string): Promise<ListingItem[]> {
    const [from, to] = monthRange(month);
    const rows = await this.ordered(this.db, { kind: 'home', slug: '' }).select('card').where('listed_at', '>=', from).where('listed_at', '<', to).execute();
    return rows.map((r) => JSON.parse(r.card) as ListingItem);
  }

  /**
   * Where an article stands in each listing it is in, as `db` (a write's transaction) sees it.
   * One statement whatever the number of listings: a publish runs it twice when purging.
   */
  async places(db: Db, articleId: string): Promise<ListingPlace[]> {
    const rows = await db
      .selectFrom('listings as l')
      .where('l.article_id', '=', articleId)
      .select((eb) => [
        'l.kind',
        'l.slug',
        eb
          .selectFrom('listings as o')
          .select((o) => o.fn.countAll<number>().as('n'))
          .whereRef('o.kind', '=', 'l.kind')
          .whereRef('o.slug', '=', 'l.slug')
          .where((o) => o.or([o('o.listed_at', '>', o.ref('l.listed_at')), o.and([o('o.listed_at', '=', o.ref('l.listed_at')), o('o.article_id', '<', o.ref('l.article_id'))])]))
          .as('position'),
        eb
          .selectFrom('listings as o')
          .select((o) => o.fn.countAll<number>().as('n'))
          .whereRef('o.kind', '=', 'l.kind')
          .whereRef('o.slug', '=', 'l.slug')
          .as('total'),
        eb
          .selectFrom('listings as o')
          .select('o.name')
          .whereRef('o.kind', '=', 'l.kind')
          .whereRef('o.slug', '=', 'l.slug')
          .orderBy('o.listed_at', 'desc')
          .orderBy('o.article_id')
          .limit(1)
          .as('heading'),
      ])
      .execute();
    return rows.map((r) => ({ kind: r.kind as ListingKind, slug: r.slug, position: Number(r.position), total: Number(r.total), heading: r.heading ?? '' }));
  }

  /**
   * Indexes articles stored before the listing index existed (a database from before migration
   * 0002), a batch per transaction. Every server does it at start, so several processes may race
   * here: each re-reads the documents inside its write and inserts rows only where none exist,
   * so a second process, or a publish that indexed the article meanwhile, is never overwritten.
   */
  async indexUnlisted(batch = 200): Promise<number> {
    let done = 0;
    for (;;) {
      const indexed = await writeTransaction(this.db, async (trx) => {
        const rows = await trx
          .selectFrom('articles')
          .select(['id', 'document'])
          .where(({ not, exists, selectFrom }) => not(exists(selectFrom('listings').select('article_id').whereRef('listings.article_id', '=', 'articles.id').where('listings.kind', '=', 'home'))))
          .limit(batch)
          .execute();
        for (const row of rows) {
          const values = listingRows(row.id, SiteArticleSchema.parse(JSON.parse(row.document)));
          await trx.insertInto('listings').values(values).onConflict((oc) => oc.columns(['article_id', 'kind', 'slug']).doNothing()).execute();
        }
        return rows.length;
      });
      if (indexed === 0) return done;
      done += indexed;
    }
  }

  private ordered(db: Db, ref: ListingRef) {
    return db.selectFrom('listings').where('kind', '=', ref.kind).where('slug', '=', ref.slug).orderBy('listed_at', 'desc').orderBy('article_id');
  }

  private async count(db: Db, ref: ListingRef): Promise<number> {
    const row = await db.selectFrom('listings').select((eb) => eb.fn.countAll<number>().as('n')).where('kind', '=', ref.kind).where('slug', '=', ref.slug).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  private async heading(db: Db, ref: ListingRef): Promise<string> {
    const row = await this.ordered(db, ref).select('name').limit(1).executeTakeFirst();
    return row?.name ?? '';
  }
}
