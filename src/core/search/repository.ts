import type { Database } from '../db/open';
import { articleFilterSql, type ArticleFilter } from '../articles/filter-sql';
import type { Article, ArticleSummary } from '../../shared/article';
import { plainText } from '../../shared/lexical/build';
import { SNIPPET_MATCH_END as MATCH_END, SNIPPET_MATCH_START as MATCH_START } from '../../shared/search';

/**
 * Turns what a person types into a safe FTS5 query: each word becomes a quoted prefix term, so
 * punctuation and FTS operators in the input are matched literally instead of parsed.
 */
export function toFtsQuery(input: string): string | null {
  const terms = input.normalize('NFKC').match(/[\p{L}\p{N}]+/gu);
  if (!terms || terms.length === 0) return null;
  return terms.slice(0, 32).map((t) => `"${t}"*`).join(' ');
}

export interface SearchFilter extends ArticleFilter {
  limit: number;
}

export interface SearchHit {
  id: string;
  snippet: string;
}

/** All SQL for the full-text index. */
export class SearchRepository {
  constructor(private readonly db: Database) {}

  /** Replaces the index row of an article (call inside the transaction that writes it). */
  index(article: Article): void {
    const row = this.db.prepare('SELECT rowid FROM articles WHERE id = ?').get(article.id) as { rowid: number } | undefined;
    if (!row) return;
    this.db.prepare('DELETE FROM article_search WHERE rowid = ?').run(row.rowid);
    this.db
      .prepare('INSERT INTO article_search (rowid, headline, summary, body, takeaways, questions, answers, tags) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(
        row.rowid,
        article.headline,
        article.summary,
        plainText(article.body),
        article.takeaways.map((t) => plainText(t.content)).join('\n'),
        article.questions.map((q) => q.question).join('\n'),
        article.questions.map((q) => plainText(q.answer)).join('\n\n'),
        article.tags.join(', '),
      );
  }

  /** Removes an article's row; call before the article row itself is deleted. */
  remove(id: string): void {
    this.db.prepare('DELETE FROM article_search WHERE rowid = (SELECT rowid FROM articles WHERE id = ?)').run(id);
  }

  /** Best matches first (bm25, headline weighted highest), with a highlighted snippet. */
  search(query: string, filter: SearchFilter): SearchHit[] {
    const params: Record<string, string | number> = { query, limit: filter.limit };
    const where = ['article_search MATCH :query', ...articleFilterSql(filter, params)];
    // ORDER BY rank (configured as weighted bm25 in the migration) lets FTS5 sort internally, so
    // snippet() runs only for the rows returned, not for every match.
    const sql = `SELECT a.id AS id,
        snippet(article_search, -1, '${MATCH_START}', '${MATCH_END}', '…', 16) AS snippet
      FROM article_search JOIN articles a ON a.rowid = article_search.rowid
      WHERE ${where.join(' AND ')}
      ORDER BY article_search.rank
      LIMIT :limit`;
    return this.db.prepare(sql).all(params) as SearchHit[];
  }
}

export type SearchResult = ArticleSummary & { snippet: string };
