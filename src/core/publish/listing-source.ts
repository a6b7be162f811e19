import type { Statement } from 'better-sqlite3';
import type { Database } from '../db/open';
import { termSlug } from '../../shared/site';
import { LIVE, summaryOf, tagsById, type PublishedSummary, type SummaryRow } from './source';

/**
 * Indexed queries over one listing (the home page, a section or a tag) for a targeted publish:
 * how many articles it has, where one article ranks, one page of it, its newest change. Every
 * query reads only migration 0008's covering indexes, never an articles row (whose JSON
 * documents make each row ~45 KB), so publishing one article at 16,000 stays in milliseconds.
 *
 * Sections and tags are grouped by URL slug ("World" and "world" share a page), which SQL cannot
 * compute; a listing is therefore matched by the stored spellings that share its slug.
 */
export type TermFilter = { kind: 'section' | 'tag'; slug: string; spellings: string[] };
export type ListingFilter = { kind: 'home' } | TermFilter;

/** What a sitemap part needs of an article: its URL's inputs and its last change. */
export interface SitemapItem {
  id: string;
  slug: string;
  section: string;
  publishedAt: string;
  updatedAt: string;
}

const COLUMNS = 'a.id, a.slug, a.section, a.headline, a.summary, a.byline, a.revision, a.updated_at, a.published_at';
const BY_DATE = `articles a INDEXED BY articles_live_listing WHERE ${LIVE}`;
const BY_SECTION = `articles a INDEXED BY articles_live_section WHERE ${LIVE}`;

export class ListingSource {
  private readonly statements = new Map<string, Statement<unknown[]>>();
  /** A tag listing's count and newest change, from the one join that also ranked an article in it. */
  private readonly tagStats = new WeakMap<ListingFilter, { count: number; lastmod: string | null }>();

  constructor(private readonly db: Database) {}

  private statement(sql: string): Statement<unknown[]> {
    let statement = this.statements.get(sql);
    if (!statement) this.statements.set(sql, (statement = this.db.prepare<unknown[]>(sql)));
    return statement;
  }

  /** The listing a key names ('home', 'section:<slug>', 'tag:<slug>'), with its spellings. */
  filter(key: string): ListingFilter {
    if (key === 'home') return { kind: 'home' };
    const [kind, slug] = [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)] as ['section' | 'tag', string];
    const names = kind === 'section' ? this.candidates('section', 'articles', slug, '') : this.candidates('tag', 'article_tags', slug, ' COLLATE NOCASE');
    return { kind, slug, spellings: names.filter((name) => termSlug(name) === slug) };
  }

  /**
   * The stored names that can have this slug, read by seeking from one distinct value to the next
   * in an index (a few seeks) instead of reading every row. A name whose first character is an
   * ASCII letter or digit keeps it, lowercased, as its slug's first character (shared/slug.ts),
   * so only names starting with that character, or with anything that is not an ASCII letter or
   * digit (punctuation, space, non-ASCII letters, empty), are candidates. Tags compare
   * case-insensitively (NOCASE index and IN), so one spelling per case-insensitive group is
   * enough to match them; sections compare exactly, so every spelling is returned.
   */
  private candidates(column: string, table: string, slug: string, collate: string): string[] {
    const first = slug.charAt(0);
    const c = `${column}${collate}`;
    const names: string[] = [];
    const scan = (from: string, to: string | null) => {
      let op = '>=';
      let at = from;
      for (;;) {
        const sql = `SELECT ${column} AS name FROM ${table} WHERE ${c} ${op} ?${to === null ? '' : ` AND ${c} < ?`} ORDER BY ${c} LIMIT 1`;
        const row = this.statement(sql).get(...(to === null ? [at] : [at, to])) as { name: string } | undefined;
        if (!row) return;
        names.push(row.name);
        [op, at] = ['>', row.name];
      }
    };
    if (!/^[a-z0-9]$/.test(first)) {
      scan('', null);
      return names;
    }
    // Below '0', between '9' and 'A', between 'Z' and 'a', and from '{' on (every non-ASCII
    // first byte): never an ASCII letter or digit. NOCASE compares A-Z as a-z.
    const next = (ch: string) => String.fromCharCode(ch.charCodeAt(0) + 1);
    scan('', '0');
    if (collate) scan(':', 'a');
    else {
      scan(':', 'A');
      scan('[', 'a');
    }
    scan('{', null);
    scan(first, next(first));
    if (!collate && first.toUpperCase() !== first) scan(first.toUpperCase(), next(first.toUpperCase()));
    return names;
  }

  /**
   * FROM + WHERE of a listing, in listing order. With one spelling the section index is read in
   * listing order; several spellings of one slug (rare) make SQLite sort the section's entries.
   * A tag listing walks the site order and probes each article's tags (one covering-index seek),
   * which is cheap near the top or near a known article, never for a whole count (see tagJoin).
   */
  private where(filter: ListingFilter): { sql: string; args: string[] } {
    if (filter.kind === 'home') return { sql: BY_DATE, args: [] };
    const spellings = JSON.stringify(filter.spellings);
    if (filter.kind === 'tag') {
      return {
        sql: `${BY_DATE} AND EXISTS (SELECT 1 FROM article_tags t INDEXED BY article_tags_members WHERE t.tag COLLATE NOCASE IN (SELECT value FROM json_each(?)) AND t.article_id = a.id)`,
        args: [spellings],
      };
    }
    if (filter.spellings.length === 1) return { sql: `${BY_SECTION} AND a.section = ?`, args: filter.spellings };
    return { sql: `${BY_SECTION} AND a.section IN (SELECT value FROM json_each(?))`, args: [spellings] };
  }

  /**
   * One pass over a tag's articles (article_tags, then a seek into the small live-ids index per
   * article): how many are live, how many of them come before (at, id), the newest change.
   * DISTINCT: an article tagged with two spellings of the slug counts once.
   */
  private tagJoin(filter: TermFilter, at: string, id: string): { count: number; rank: number; lastmod: string | null } {
    const row = (
      filter.spellings.length === 1
        ? // One spelling (the usual case) is one key of the NOCASE index, whose entries come in
          // article id order: DISTINCT then only compares neighbours, where COUNT(DISTINCT) built
          // two temporary b-trees of every member (~40% of the query at 3,200 members).
          this.statement(
            `SELECT COUNT(*) AS count, COALESCE(SUM(a.published_at > ? OR (a.published_at = ? AND a.id < ?)), 0) AS rank, MAX(a.updated_at) AS lastmod
               FROM (SELECT DISTINCT t.article_id AS id FROM article_tags t INDEXED BY article_tags_members WHERE t.tag = ? COLLATE NOCASE) m
               JOIN articles a INDEXED BY articles_live_ids ON a.id = m.id
              WHERE ${LIVE}`,
          ).get(at, at, id, filter.spellings[0])
        : this.statement(
            `SELECT COUNT(DISTINCT a.id) AS count, COUNT(DISTINCT CASE WHEN a.published_at > ? OR (a.published_at = ? AND a.id < ?) THEN a.id END) AS rank,
                    MAX(a.updated_at) AS lastmod
               FROM article_tags t INDEXED BY article_tags_members JOIN articles a INDEXED BY articles_live_ids ON a.id = t.article_id
              WHERE t.tag COLLATE NOCASE IN (SELECT value FROM json_each(?)) AND ${LIVE}`,
          ).get(at, at, id, JSON.stringify(filter.spellings))
    ) as { count: number; rank: number; lastmod: string | null };
    this.tagStats.set(filter, { count: row.count, lastmod: row.lastmod });
    return row;
  }

  count(filter: ListingFilter): number {
    if (filter.kind === 'tag') return this.tagStats.get(filter)?.count ?? this.tagJoin(filter, '', '').count;
    // The smallest live index answers the home count (no order needed).
    if (filter.kind === 'home') return (this.statement(`SELECT COUNT(*) AS n FROM articles a INDEXED BY articles_live_ids WHERE ${LIVE}`).get() as { n: number }).n;
    const { sql, args } = this.where(filter);
    return (this.statement(`SELECT COUNT(*) AS n FROM ${sql}`).get(...args) as { n: number }).n;
  }

  /** The listing's size and the rank of an article published at `at` with this id: one query for a tag. */
  placement(filter: ListingFilter, at: string, id: string): { count: number; rank: number } {
    if (filter.kind === 'tag') return this.tagJoin(filter, at, id);
    if (filter.kind === 'home') {
      // Both from one pass over the small live-ids index (see rank), instead of one pass each.
      return this.statement(
        `SELECT COUNT(*) AS count, COALESCE(SUM(a.published_at > ? OR (a.published_at = ? AND a.id < ?)), 0) AS rank FROM articles a INDEXED BY articles_live_ids WHERE ${LIVE}`,
      ).get(at, at, id) as { count: number; rank: number };
    }
    return { count: this.count(filter), rank: this.rank(filter, at, id) };
  }

  /** How many articles of the listing come before an article published at `at` with this id (newest first, ties by id). */
  rank(filter: ListingFilter, at: string, id: string): number {
    if (filter.kind === 'tag') return this.tagJoin(filter, at, id).rank;
    if (filter.kind === 'home') {
      // One pass over the small live-ids index (~50 bytes an entry) beats a range count over the
      // listing index, whose entries carry the summaries (~500 bytes).
      return (
        this.statement(`SELECT COUNT(*) AS n FROM articles a INDEXED BY articles_live_ids WHERE ${LIVE} AND (a.published_at > ? OR (a.published_at = ? AND a.id < ?))`).get(at, at, id) as {
          n: number;
        }
      ).n;
    }
    const { sql, args } = this.where(filter);
    // Two index range counts instead of one OR (which SQLite answers by testing every newer row).
    const row = this.statement(`SELECT (SELECT COUNT(*) FROM ${sql} AND a.published_at > ?) + (SELECT COUNT(*) FROM ${sql} AND a.published_at = ? AND a.id < ?) AS n`).get(
      ...args,
      at,
      ...args,
      at,
      id,
    ) as { n: number };
    return row.n;
  }

  /** `limit` summaries of the listing from position `offset`, newest first. */
  page(filter: ListingFilter, offset: number, limit: number): PublishedSummary[] {
    const { sql, args } = this.where(filter);
    return this.withTags(this.statement(`SELECT ${COLUMNS} FROM ${sql} ORDER BY a.published_at DESC, a.id LIMIT ? OFFSET ?`).all(...args, limit, offset) as SummaryRow[]);
  }

  /**
   * The page of `limit` summaries that holds the article published at `at` with this id, which
   * ranks `rank` in the listing: read outwards from the article (the entries just newer, in
   * reverse, and just older) instead of skipping `rank` entries from the top, which for a page
   * deep in the home or a tag listing meant walking thousands of index entries.
   */
  pageAround(filter: ListingFilter, at: string, id: string, rank: number, limit: number): PublishedSummary[] {
    const { sql, args } = this.where(filter);
    const before = rank % limit;
    const newer = this.statement(`SELECT ${COLUMNS} FROM ${sql} AND a.published_at >= ? AND NOT (a.published_at = ? AND a.id >= ?) ORDER BY a.published_at, a.id DESC LIMIT ?`).all(
      ...args,
      at,
      at,
      id,
      before,
    ) as SummaryRow[];
    const self = this.statement(`SELECT ${COLUMNS} FROM ${sql} AND a.published_at = ? AND a.id = ?`).all(...args, at, id) as SummaryRow[];
    const older = this.statement(`SELECT ${COLUMNS} FROM ${sql} AND a.published_at <= ? AND NOT (a.published_at = ? AND a.id <= ?) ORDER BY a.published_at DESC, a.id LIMIT ?`).all(
      ...args,
      at,
      at,
      id,
      limit - before - self.length,
    ) as SummaryRow[];
    return this.withTags([...newer.reverse(), ...self, ...older]);
  }

  /** The newest updated_at in the listing (its sitemap lastmod), or null when it is empty. */
  lastmod(filter: ListingFilter): string | null {
    if (filter.kind === 'tag') return (this.tagStats.get(filter) ?? this.tagJoin(filter, '', '')).lastmod;
    if (filter.kind === 'section') {
      const { sql, args } = this.where(filter);
      return (this.statement(`SELECT MAX(a.updated_at) AS at FROM ${sql}`).get(...args) as { at: string | null }).at;
    }
    // The newest change is almost always live, so walking articles_by_updated stops at once.
    const row = this.statement(`SELECT a.updated_at AS at FROM articles a INDEXED BY articles_by_updated WHERE ${LIVE} ORDER BY a.updated_at DESC LIMIT 1`).get() as
      | { at: string }
      | undefined;
    return row?.at ?? null;
  }

  /** Articles published in [from, to) (ISO prefixes), newest first: one sitemap part. */
  published(from: string, to: string): SitemapItem[] {
    return this.statement(
      `SELECT a.id, a.slug, a.section, a.published_at AS publishedAt, a.updated_at AS updatedAt FROM ${BY_DATE}
        AND a.published_at >= ? AND a.published_at < ? ORDER BY a.published_at DESC, a.id`,
    ).all(from, to) as SitemapItem[];
  }

  /** Summaries with their tags (in position order), read for just these ids. */
  private withTags(rows: SummaryRow[]): PublishedSummary[] {
    if (rows.length === 0) return [];
    const tags = tagsById(
      this.statement('SELECT article_id, tag FROM article_tags WHERE article_id IN (SELECT value FROM json_each(?)) ORDER BY article_id, position')
        .raw()
        .all(JSON.stringify(rows.map((r) => r.id))) as [string, string][],
    );
    return rows.map((r) => summaryOf(r, tags.get(r.id) ?? []));
  }
}
