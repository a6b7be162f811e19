import type { Page } from '../target';
import type { RemoteComment } from '../../../shared/remote/site-api';
import { htmlToText } from '../../moderation/text';
import type { GhostAdminClient, GhostComment, GhostReply } from './client';

/** One of our articles as a Ghost post (from remote_refs). */
export interface GhostPostRef {
  articleId: string;
  postId: string;
}

/** Where a pass over the posts stands: the post index and its comments page. */
interface Position {
  post: number;
  page: number;
}

const START: Position = { post: 0, page: 1 };

function decode(cursor: string | null): Position {
  if (!cursor) return START;
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Partial<Position>;
    return Number.isInteger(value.post) && Number.isInteger(value.page) && value.post! >= 0 && value.page! >= 1 ? { post: value.post!, page: value.page! } : START;
  } catch {
    return START;
  }
}

const encode = (position: Position): string => Buffer.from(JSON.stringify(position)).toString('base64url');

/**
 * Ghost member comments as our remote comments: text from their HTML, deleted ones skipped.
 * `parentId` comes from where a reply was found (Ghost nests replies and gives them no parent_id).
 */
export function toRemoteComment(comment: GhostComment | GhostReply, articleId: string, parentId: string | null = comment.parent_id ?? null): RemoteComment | null {
  if (comment.status === 'deleted') return null;
  const created = comment.created_at;
  const edited = typeof comment.edited_at === 'string' ? comment.edited_at : null;
  return {
    id: comment.id,
    articleId,
    parentId,
    authorId: comment.member?.id ?? 'ghost-anonymous',
    authorName: (comment.member?.name ?? '').slice(0, 200),
    body: htmlToText(comment.html ?? '').slice(0, 20_000),
    // Ghost shows a comment at once ("published"); "hidden" is a moderator's take-down.
    status: comment.status === 'hidden' ? 'rejected' : 'approved',
    createdAt: created,
    updatedAt: edited ?? created,
  };
}

/**
 * A thread's replies: the ones nested in the browse when that is all of them (count.replies),
 * otherwise every page of GET comments/:id/replies/.
 */
async function repliesOf(client: GhostAdminClient, comment: GhostComment, signal?: AbortSignal): Promise<GhostReply[]> {
  const nested = comment.replies ?? [];
  const total = comment.count?.replies ?? nested.length;
  if (total <= nested.length) return nested;
  const replies: GhostReply[] = [];
  for (let page: number | null = 1; page !== null; ) {
    const answer = await client.repliesOf(comment.id, page, signal);
    replies.push(...answer.comments);
    page = answer.comments.length > 0 ? answer.next : null;
  }
  return replies;
}

/**
 * Pulls member comments post by post. Ghost's Admin API has no "changed since" query for
 * comments, so each sync walks the posts we published there; the cursor is the position in that
 * walk, so an interrupted sync resumes where it stopped, and a finished walk starts over next
 * time. Ingest is idempotent on remote ids: comments seen before count as unchanged, and edits
 * and new replies are picked up.
 */
export async function pullGhostComments(client: GhostAdminClient, posts: readonly GhostPostRef[], cursor: string | null, limit: number, signal?: AbortSignal): Promise<Page<RemoteComment>> {
  let { post, page } = decode(cursor);
  const items: RemoteComment[] = [];
  while (post < posts.length && items.length < limit) {
    const ref = posts[post]!;
    const { comments, next } = await client.commentsForPost(ref.postId, page, signal);
    for (const comment of comments) {
      const mapped = toRemoteComment(comment, ref.articleId);
      if (mapped) items.push(mapped);
      // Replies follow their parent, so ingest links them in the same batch.
      for (const reply of await repliesOf(client, comment, signal)) {
        const mappedReply = toRemoteComment(reply, ref.articleId, comment.id);
        if (mappedReply) items.push(mappedReply);
      }
    }
    if (next !== null && comments.length > 0) page = next;
    else {
      post += 1;
      page = 1;
    }
  }
  const done = post >= posts.length;
  return { items, nextCursor: done ? '' : encode({ post, page }), hasMore: !done };
}
