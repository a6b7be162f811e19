import type { Database } from 'better-sqlite3';
import type { PublishedComment, VoteTallies } from '../../shared/engagement';

/**
 * What moderation hands to preview and publishing. Only approved comments leave this area, and
 * only counted votes are tallied; everything else (pending, rejected, spam, void votes, fraud
 * signals) stays inside the moderation desk.
 */

interface ApprovedRow {
  id: number;
  parent_id: number | null;
  author_name: string;
  body: string;
  created_at: string;
}

/**
 * Approved comments of one article, oldest first. A reply whose parent is not approved is shown
 * at the top level (parentId null), so a page never points at a comment it does not render.
 */
export function approvedComments(db: Database, articleId: string): PublishedComment[] {
  const rows = db
    .prepare(
      `SELECT c.id, c.parent_id, a.display_name AS author_name, c.body, c.created_at
         FROM comments c JOIN comment_authors a ON a.id = c.author_id
        WHERE c.article_id = ? AND c.status = 'approved'
        ORDER BY c.created_at, c.id`,
    )
    .all(articleId) as ApprovedRow[];
  const approved = new Set(rows.map((r) => r.id));
  return rows.map((r) => ({
    id: String(r.id),
    parentId: r.parent_id !== null && approved.has(r.parent_id) ? String(r.parent_id) : null,
    authorName: r.author_name,
    body: r.body,
    createdAt: r.created_at,
  }));
}

/** Counted votes per axis ("yes" of "total") and whether voting is open on the article. */
export function voteTallies(db: Database, articleId: string): VoteTallies {
  const rows = db
    .prepare(
      `SELECT axis, SUM(value = 'yes') AS yes, COUNT(*) AS total
         FROM votes WHERE article_id = ? AND state = 'counted' GROUP BY axis`,
    )
    .all(articleId) as { axis: 'interesting' | 'support'; yes: number; total: number }[];
  const tallies: VoteTallies = { interesting: { yes: 0, total: 0 }, support: { yes: 0, total: 0 }, votingOpen: true };
  for (const row of rows) tallies[row.axis] = { yes: row.yes, total: row.total };
  const lock = db.prepare('SELECT locked FROM article_voting WHERE article_id = ?').get(articleId) as { locked: number } | undefined;
  tallies.votingOpen = lock?.locked !== 1;
  return tallies;
}
