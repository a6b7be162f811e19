import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { compiledOnce } from '../db/compiled';
import type { SiteDatabase } from '../db/schema';
import { readerOfSession, sessionHashOf, type SignedInReader } from './session';
import type { ReaderStringKey } from './strings';

/**
 * Who is voting on what, in one statement: the article, the request's session and reader, and
 * whether the desk has banned that reader. A vote used to read these in three statements before
 * its write (the profile of issue 14's vote bench showed each read outside the write costing
 * more than the write's own statements on SQLite, and a round trip each on PostgreSQL).
 */

export interface VotedArticle {
  id: string;
  slug: string;
  headline: string;
}

export interface Voter {
  article: VotedArticle;
  /** The signed-in reader, or null. */
  reader: SignedInReader | null;
  /** Why this reader may not vote, or null. Desktop bans (banned_authors) count too. */
  refusal: ReaderStringKey | null;
}

/** Why a reader of this standing may not vote or comment, or null: the site's own ban or suspension, or the desk's ban. */
export function standingRefusal(status: string, deskBanned: boolean): ReaderStringKey | null {
  if (status === 'banned') return 'refusedBanned';
  if (status === 'suspended') return 'refusedSuspended';
  return deskBanned ? 'refusedBanned' : null;
}

export class VoterLookup {
  private readonly row = compiledOnce((articleId: string, tokenHash: string) =>
    this.db
      .selectFrom('articles as a')
      .leftJoin('reader_sessions as s', (join) => join.on('s.token_hash', '=', tokenHash))
      .leftJoin('readers as r', 'r.id', 's.reader_id')
      .leftJoin('banned_authors as b', 'b.author_id', 's.reader_id')
      .where('a.id', '=', articleId)
      .select(['a.id as article_id', 'a.slug', 'a.headline', 'r.id', 'r.display_name', 'r.email', 'r.status', 'r.created_at', 's.expires_at', 's.revoked_at', 's.last_seen_at', 'b.author_id as banned']),
  );

  constructor(private readonly db: Kysely<SiteDatabase>) {}

  /** The article `articleId` (already checked as an id) and the request's reader, or null when there is no such article. */
  async find(articleId: string, request: FastifyRequest, now: number): Promise<Voter | null> {
    const tokenHash = sessionHashOf(request);
    // No cookie: an empty hash matches no session, and the same compiled statement answers.
    const [row] = await this.row(this.db, articleId, tokenHash ?? '');
    if (!row) return null;
    const article = { id: row.article_id, slug: row.slug, headline: row.headline };
    const reader =
      tokenHash && row.id !== null && row.display_name !== null && row.status !== null && row.created_at !== null && row.expires_at !== null && row.last_seen_at !== null
        ? await readerOfSession(this.db, { id: row.id, display_name: row.display_name, email: row.email, status: row.status, created_at: row.created_at, expires_at: row.expires_at, revoked_at: row.revoked_at, last_seen_at: row.last_seen_at }, tokenHash, now)
        : null;
    return { article, reader, refusal: reader ? standingRefusal(reader.status, row.banned !== null) : null };
  }
}
