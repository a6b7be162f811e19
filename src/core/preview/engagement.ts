import type { Database } from 'better-sqlite3';
import type { PublishedComment, VoteTallies } from '../../shared/engagement';
import { approvedComments, voteTallies } from '../moderation/public';

/**
 * What the preview shows under an article, from the same moderation functions publishing uses:
 * approved comments only and counted votes. Read in one transaction so the two agree.
 */
export function previewEngagement(db: Database, articleId: string): { comments: PublishedComment[]; votes: VoteTallies } {
  return db.transaction(() => ({ comments: approvedComments(db, articleId), votes: voteTallies(db, articleId) }))();
}
