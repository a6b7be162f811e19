import type { Database } from '../db/open';
import type { WorkspaceEvents } from '../events';
import { ingestComments, ingestVotes, withdrawVotes } from '../moderation/ingest';
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
          // A site that says when the author edited is believed (its updatedAt also moves for a
          // moderator's decision or a report); otherwise any later change counts as an edit.
          editedAt: c.editedAt !== undefined ? c.editedAt : c.updatedAt === c.createdAt ? null : c.updatedAt,
          publishedOnRemote: c.status === 'approved',
          // Readers' reports (and the site's rules') reach the Reported queue.
          ...(c.reports ? { reports: c.reports } : {}),
          deletedAt: c.deletedAt ?? null,
        })),
        source,
      );
    }
    // A withdrawn vote leaves the desktop's tallies; a voided one was voided here already.
    const withdrawn = votes.filter((v) => v.withdrawn === true);
    if (withdrawn.length > 0) withdrawVotes(target, withdrawn.map((v) => v.id), source);
    const counted = votes.filter((v) => !v.voided && v.withdrawn !== true);
    if (counted.length > 0) {
      ingestVotes(
        target,
        counted.map((v) => ({
          remoteId: v.id,
          articleId: v.articleId,
          axis: v.axis,
          value: v.value ? 'yes' : 'no',
          // The vote-fraud view's signals: account age, shared IP, shared device.
          voter: { remoteId: v.voterId, createdAt: v.voterCreatedAt ?? null },
          votedAt: v.createdAt,
          ipHash: v.ipHash ?? null,
          deviceHash: v.deviceHash ?? null,
        })),
        source,
      );
    }
  };
}
