import type { Statement } from 'better-sqlite3';
import type { Database } from '../db/open';
import { termSlug } from '../../shared/site';
import { LIVE, summaryOf, type PublishedSummary, type SummaryRow } from './source';

/**
 * Indexed queries over one listing (the home page, a section or a tag) for a targeted publish:
 * how many articles it has, where one article ranks, one page of it, its newest change. Each is
 * an index range scan (migration 0006's partial indexes), so publishing one article at 16,000
 * never reads every summary.
 *
 * Sections and tags are grouped by URL slug ("World" and "world" share a page), which SQL cannot
 * compute; a listing is therefore matched by the stored spellings that share its slug.
 */
export type ListingFilter = { kind: 'home' } | { kind: 'section' | 'tag'; slug: string; spellings: string[] };

const SUMMARY_COLUMNS = `a.id, a.slug, a.section, a.headline, a.summary, a.byline, a.revision, a.updated_at, a.published_at,
  (SELECT json_group_array(tag) FROM (SELECT tag FROM article_tags t WHERE t.article_id = a.id ORDER BY position)) AS tags`;

export class ListingSource {
  private readonly statements = new Map<string, Statement<unknown[]>>();

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
    const sql = kind === 'section' ? 'SELECT DISTINCT section AS name FROM articles' : 'SELECT DISTINCT tag AS name FROM article_tags';
    const names = (this.statement(sql).all() as { name: string }[]).map((r) => r.name);
    return { kind, slug, spellings: names.filter((name) => termSlug(name) === slug) };
  }

  /**
   * FROM + WHERE for a listing. Without statistics SQLite prefers the status index (then sorts
   * every published row), so the listing-order indexes are named explicitly; migration 0006
   * guarantees they exist.
   */
  private where(filter: ListingFilter, order: 'published' | 'updated' = 'published'): { sql: string; args: string[] } {
    const index = order === 'updated' ? 'articles_by_updated' : filter.kind === 'section' ? 'articles_live_by_section' : 'articles_live_by_date';
    const from = `articles a INDEXED BY ${index} WHERE ${LIVE}`;
    if (filter.kind === 'home') return { sql: from, args: [] };
    const spellings = JSON.stringify(filter.spellings);
    if (filter.kind === 'section') return { sql: `${from} AND a.section IN (SELECT value FROM json_each(?))`, args: [spellings] };
    return { sql: `${from} AND a.id IN (SELECT article_id FROM article_tags WHERE tag COLLATE NOCASE IN (SELECT value FROM json_each(?)))`, args: [spellings] };
  }

  count(filter: ListingFilter): number {
    const { sql, args } = this.where(filter);
    return (this.statement(`SELECT COUNT(*) AS n FROM ${sql}`).get(...args) as { n: number }).n;
  }

  /** How many articles of the listing come before an article published at `at` with this id (newest first, ties by id). */
  rank(filter: ListingFilter, at: string, id: string): number {
    const { sql, args } = this.where(filter);
    // Two index range counts instead of one OR (which SQLite answers by testing every newer row):
    // about half the time at 16,000 articles.
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
    const rows = this.statement(`SELECT ${SUMMARY_COLUMNS} FROM ${sql} ORDER BY a.published_at DESC, a.id LIMIT ? OFFSET ?`).all(...args, limit, offset) as SummaryRow[];
    return rows.map(summaryOf);
  }

  /** The newest updated_at in the listing (its sitemap lastmod), or null when it is empty. */
  lastmod(filter: ListingFilter): string | null {
    const { sql, args } = this.where(filter, 'updated');
    const row = this.statement(`SELECT a.updated_at AS at FROM ${sql} ORDER BY a.updated_at DESC LIMIT 1`).get(...args) as { at: string } | undefined;
    return row?.at ?? null;
  }

  /** Articles published in [from, to) (ISO prefixes), newest first: one sitemap part. */
  published(from: string, to: string): PublishedSummary[] {
    const rows = this.statement(`SELECT ${SUMMARY_COLUMNS} FROM articles a INDEXED BY articles_live_by_date WHERE ${LIVE} AND a.published_at >= ? AND a.published_at < ? ORDER BY a.published_at DESC, a.id`).all(from, to) as SummaryRow[];
    return rows.map(summaryOf);
  }
}
