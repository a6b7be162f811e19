import type { Kysely } from 'kysely';
import type { SiteArticle } from '../../shared/remote/site-api';
import type { PublishedComment, VoteTallies } from '../../shared/engagement';
import type { SiteDatabase } from '../db/schema';
import { VoteStore } from './votes';

/** What reader pages show: a published article by slug, its approved comments and vote tallies. */
export interface ReaderArticle {
  id: string;
  article: SiteArticle;
  /** When the desk last published it (ISO 8601). */
  storedAt: string;
}

export interface LiveParts {
  votes: VoteTallies;
  comments: PublishedComment[];
  /** The newest change among the article and what readers added to it (ISO 8601). */
  changedAt: string;
}

export class ReaderStore {
  private readonly votes: VoteStore;

  constructor(private readonly db: Kysely<SiteDatabase>) {
    this.votes = new VoteStore(db);
  }

  async bySlug(slug: string): Promise<ReaderArticle | null> {
    // Published ones first (an unpublished id keeps no row), newest publication wins a shared slug.
    const row = await this.db.selectFrom('articles').select(['id', 'document', 'stored_at']).where('slug', '=', slug).orderBy('stored_at', 'desc').limit(1).executeTakeFirst();
    if (!row) return null;
    // Parsed with SiteArticleSchema when it was put (see ArticleStore.get): not again per read.
    return { id: row.id, article: JSON.parse(row.document) as SiteArticle, storedAt: row.stored_at };
  }

  /** Where a published article lives and when it was stored, or null when there is none. */
  async stored(id: string): Promise<{ slug: string; storedAt: string } | null> {
    const row = await this.db.selectFrom('articles').select(['slug', 'stored_at']).where('id', '=', id).executeTakeFirst();
    return row ? { slug: row.slug, storedAt: row.stored_at } : null;
  }

  /** Approved comments oldest first, and the vote tallies (counted votes per axis). */
  async live(articleId: string, storedAt: string): Promise<LiveParts> {
    const [comments, tallies] = await Promise.all([
      this.db
        .selectFrom('comments')
        .select(['id', 'parent_id', 'author_name', 'body', 'created_at', 'updated_at'])
        .where('article_id', '=', articleId)
        .where('status', '=', 'approved')
        // A comment its author deleted stays in the table for the desktop's feed, never on the page.
        .where('deleted_at', 'is', null)
        .orderBy('created_at')
        .orderBy('id')
        .execute(),
      this.votes.tallies(articleId),
    ]);
    const times = [storedAt, ...comments.map((c) => c.updated_at), ...(tallies.changedAt ? [tallies.changedAt] : [])];
    const changedAt = times.reduce((a, b) => (Date.parse(b) > Date.parse(a) ? b : a));
    return {
      votes: { interesting: tallies.interesting, support: tallies.support, votingOpen: true },
      comments: comments.map((c) => ({ id: c.id, parentId: c.parent_id, authorName: c.author_name, body: c.body, createdAt: c.created_at })),
      changedAt,
    };
  }
}
