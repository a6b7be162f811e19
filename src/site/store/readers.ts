import type { Kysely } from 'kysely';
import type { SiteArticle } from '../../shared/remote/site-api';
import type { PublishedComment, VoteTallies } from '../../shared/engagement';
import type { SiteDatabase } from '../db/schema';
import { compiledOnce } from '../db/compiled';

/** What reader pages show: a published article by slug, its approved comments and vote tallies. */
export interface ReaderArticle {
  id: string;
  article: SiteArticle;
}

/**
 * What the live parts of an article are made of, as of one read: the article's place and
 * publication time, its approved comments' count, newest feed number and newest change, and its
 * counted votes. Every change that alters the live JSON moves one of these: a publish sets
 * stored_at; every change to a comment takes a new feed number (the desktop's change feed
 * depends on that too), and one that leaves the approved set lowers the count; a vote changes
 * the tallies themselves. `marker` is the whole row as text, for comparison only. Both comment
 * figures come from the index comments_article_seq alone (migration 0007).
 */
export interface LiveState {
  slug: string;
  storedAt: string;
  votes: VoteTallies;
  /** The newest of the publication and the tallies' changes (ISO 8601); liveSnapshot adds the comments'. */
  changedAt: string;
  marker: string;
}

const newest = (times: (string | null)[]): string =>
  times.filter((t): t is string => t !== null).reduce((a, b) => (Date.parse(b) > Date.parse(a) ? b : a));

export class ReaderStore {
  constructor(private readonly db: Kysely<SiteDatabase>) {}

  async bySlug(slug: string): Promise<ReaderArticle | null> {
    // Published ones first (an unpublished id keeps no row), newest publication wins a shared slug.
    const row = await this.db.selectFrom('articles').select(['id', 'document', 'stored_at']).where('slug', '=', slug).orderBy('stored_at', 'desc').limit(1).executeTakeFirst();
    if (!row) return null;
    // Parsed with SiteArticleSchema when it was put (see ArticleStore.get): not again per read.
    return { id: row.id, article: JSON.parse(row.document) as SiteArticle };
  }

  /** The marker's statement, compiled once (it is run on every live JSON request). */
  private readonly liveRow = compiledOnce((id) =>
    this.db
      .selectFrom('articles as a')
      .where('a.id', '=', id)
      .select((eb) => {
        const approved = () => eb.selectFrom('comments as c').whereRef('c.article_id', '=', 'a.id').where('c.status', '=', 'approved');
        const tally = (axis: string) => eb.selectFrom('vote_tallies as t').whereRef('t.article_id', '=', 'a.id').where('t.axis', '=', axis);
        return [
          'a.slug',
          'a.stored_at',
          approved().select((c) => c.fn.countAll<number>().as('n')).as('comments'),
          approved().select((c) => c.fn.max('c.seq').as('s')).as('comment_seq'),
          tally('interesting').select((t) => t.fn.sum<number>('t.yes').as('v')).as('interesting_yes'),
          tally('interesting').select((t) => t.fn.sum<number>('t.total').as('v')).as('interesting_total'),
          tally('support').select((t) => t.fn.sum<number>('t.yes').as('v')).as('support_yes'),
          tally('support').select((t) => t.fn.sum<number>('t.total').as('v')).as('support_total'),
          eb.selectFrom('vote_tallies as t').whereRef('t.article_id', '=', 'a.id').select((t) => t.fn.max('t.changed_at').as('c')).as('tallies_changed'),
        ];
      }),
  );

  /** The live state of an article in one indexed statement, or null when it is not published (see LiveState). */
  async liveState(id: string, db: Kysely<SiteDatabase> = this.db): Promise<LiveState | null> {
    const [row] = await this.liveRow(db, id);
    if (!row) return null;
    const tally = (yes: unknown, total: unknown) => ({ yes: Number(yes ?? 0), total: Number(total ?? 0) });
    return {
      slug: row.slug,
      storedAt: row.stored_at,
      votes: { interesting: tally(row.interesting_yes, row.interesting_total), support: tally(row.support_yes, row.support_total), votingOpen: true },
      changedAt: newest([row.stored_at, row.tallies_changed ?? null]),
      marker: JSON.stringify(row),
    };
  }

  /**
   * The live state and the approved comments it counts, read in one snapshot (a read-only
   * transaction; repeatable read on PostgreSQL), so the comments are exactly those the marker names.
   */
  async liveSnapshot(id: string): Promise<{ state: LiveState; comments: PublishedComment[] } | null> {
    return this.db
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute(async (trx) => {
        const state = await this.liveState(id, trx);
        if (!state) return null;
        const rows = await approvedComments(trx, id);
        const changedAt = newest([state.changedAt, ...rows.map((c) => c.updatedAt)]);
        return { state: { ...state, changedAt }, comments: rows.map(({ updatedAt: _updated, ...comment }) => comment) };
      });
  }
}

/** An article's approved comments as its page shows them, oldest first, each with its last change. */
export async function approvedComments(db: Kysely<SiteDatabase>, articleId: string): Promise<(PublishedComment & { updatedAt: string })[]> {
  const rows = await db
    .selectFrom('comments')
    .select(['id', 'parent_id', 'author_name', 'body', 'created_at', 'updated_at'])
    .where('article_id', '=', articleId)
    .where('status', '=', 'approved')
    // A comment its author deleted stays in the table for the desktop's feed, never on the page.
    .where('deleted_at', 'is', null)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((c) => ({ id: c.id, parentId: c.parent_id, authorName: c.author_name, body: c.body, createdAt: c.created_at, updatedAt: c.updated_at }));
}
