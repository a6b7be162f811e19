/**
 * The site's tables as Kysely sees them. Both engines store the same shapes: text timestamps
 * (ISO 8601) for what the API returns, integer milliseconds for what the server computes with,
 * and 0/1 integers for booleans, so no value changes type between SQLite and PostgreSQL.
 */

export interface TokensTable {
  id: string;
  name: string;
  /** SHA-256 of the whole token, hex. The token itself is never stored. */
  hash: string;
  /** Comma-separated scopes: publish, moderate. */
  scopes: string;
  created_at: string;
  revoked_at: string | null;
}

export interface ArticlesTable {
  id: string;
  slug: string;
  section: string;
  headline: string;
  /** The SiteArticle as sent, JSON. */
  document: string;
  version: number;
  published_at: string | null;
  updated_at: string;
  stored_at: string;
}

/** The listing index (migration 0002): one row per article per listing it appears in. */
export interface ListingsTable {
  /** 'home', 'section' or 'tag'. */
  kind: string;
  /** The section's or tag's URL slug; '' for home. */
  slug: string;
  article_id: string;
  /** The section or tag as this article spells it (the newest article's spelling heads the page). */
  name: string;
  /** When it was published (else last updated), ISO 8601: the listing order. */
  listed_at: string;
  updated_at: string;
  /** ListingItem JSON: what a card and a feed entry show. */
  card: string;
}

export interface FeedCountersTable {
  name: 'comments' | 'votes';
  value: number;
}

export interface CommentsTable {
  id: string;
  article_id: string;
  parent_id: string | null;
  author_id: string;
  author_name: string;
  body: string;
  status: string;
  created_at: string;
  updated_at: string;
  seq: number;
  /** The author's last edit (migration 0005), ISO 8601; null if never edited. */
  edited_at: string | null;
  /** When its author deleted it (0005): never shown again, kept so the desktop hears of it. */
  deleted_at: string | null;
  /** When a moderator's decision last reached it (0005); a decided comment is not editable. */
  decided_at: string | null;
}

/** One reader's report of one comment (0005); the site's screening reports as 'screening'. */
export interface CommentReportsTable {
  comment_id: string;
  reporter_id: string;
  reason: string;
  note: string;
  created_at: string;
}

export interface VotesTable {
  id: string;
  article_id: string;
  voter_id: string;
  axis: string;
  value: number;
  voided: number;
  /** When the current answer was given (a change moves it), ISO 8601. */
  created_at: string;
  /** Feed position; null until the numbering step (store/feeds.ts) numbers the committed change. */
  seq: number | null;
  /** 1 when the reader took the answer back; the row stays so the desktop hears of it. */
  withdrawn: number;
  /** Fraud signals (migration 0004): the reader account's creation time, hashed IP and device. */
  voter_created_at: string | null;
  ip_hash: string | null;
  device_hash: string | null;
}

/** Counted votes of one article and axis, split over a few slots summed on read (0004). */
export interface VoteTalliesTable {
  article_id: string;
  axis: string;
  slot: number;
  yes: number;
  total: number;
  changed_at: string;
}

export interface BannedAuthorsTable {
  author_id: string;
  reason: string;
  banned_at: string;
}

export interface IdempotencyTable {
  token_id: string;
  key: string;
  method: string;
  path: string;
  status: number;
  /** JSON object of the response headers to replay. */
  headers: string;
  body: string;
  /** Milliseconds since the epoch. */
  created_at: number;
}

export interface RateLimitsTable {
  token_id: string;
  window_start: number;
  count: number;
}

/** A reader of the site (migration 0003). */
export interface ReadersTable {
  id: string;
  /** Lower-cased; null for a reader who only signs in through the newsroom's SSO. */
  email: string | null;
  sso_subject: string | null;
  display_name: string;
  status: ReaderStatus;
  created_at: string;
  deleted_at: string | null;
}

export type ReaderStatus = 'active' | 'suspended' | 'banned' | 'deleted';

export interface ReaderSessionsTable {
  /** SHA-256 of the session token, hex. */
  token_hash: string;
  reader_id: string;
  /** Milliseconds since the epoch, like the other times below. */
  created_at: number;
  last_seen_at: number;
  expires_at: number;
  user_agent: string;
  revoked_at: number | null;
}

export interface SignInLinksTable {
  token_hash: string;
  email: string;
  return_to: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

export interface SiteSettingsTable {
  key: string;
  value: string;
}

export interface SiteMigrationsTable {
  version: number;
  name: string;
  applied_at: string;
}

export interface SiteDatabase {
  site_tokens: TokensTable;
  articles: ArticlesTable;
  listings: ListingsTable;
  feed_counters: FeedCountersTable;
  comments: CommentsTable;
  comment_reports: CommentReportsTable;
  votes: VotesTable;
  vote_tallies: VoteTalliesTable;
  banned_authors: BannedAuthorsTable;
  idempotency_records: IdempotencyTable;
  rate_limits: RateLimitsTable;
  site_migrations: SiteMigrationsTable;
  readers: ReadersTable;
  reader_sessions: ReaderSessionsTable;
  sign_in_links: SignInLinksTable;
  site_settings: SiteSettingsTable;
}
