import type { Database } from '../db/open';
import type { WorkspaceEvents } from '../events';
import { ingestComments, ingestVotes } from '../moderation/ingest';
import { targetSource } from '../moderation/source';
import type { Ingest } from './sync';

/**
 * Pulled comments and votes go through the moderation area's ingest, which is idempotent on
 * (source, remote id) and never touches a local decision (status, published): pulled state can
 * never overwrite what a moderator decided. Each target is its own source.
 */
export function moderationIngest(db: Database, events?: WorkspaceEvents): Ingest {
  const target = events ? { db, events } : { db };
  return ({ targetId, comments, votes }) => {
    const source = targetSource(targetId);
    if (comments.length > 0) {
      ingestComments(
        target,
        comments.map((c) => ({
          remoteId: c.id,
          articleId: c.articleId,
          parentRemoteId: c.parentId,
          author: { remoteId: c.authorId, displayName: c.authorName },
          body: c.body,
          createdAt: c.createdAt,
          editedAt: c.updatedAt === c.createdAt ? null : c.updatedAt,
          publishedOnRemote: c.status === 'approved',
        })),
        source,
      );
    }
    const counted = votes.filter((v) => !v.voided);
    if (counted.length > 0) {
      ingestVotes(
        target,
        counted.map((v) => ({ remoteId: v.id, articleId: v.articleId, axis: v.axis, value: v.value ? 'yes' : 'no', voter: { remoteId: v.voterId }, votedAt: v.createdAt })),
        source,
      );
    }
  };
}
