import { z } from 'zod';
import type { Page } from '../target';
import type { RemoteComment } from '../../../shared/remote/site-api';
import { htmlToText } from '../../moderation/text';
import type { GhostAdminClient, GhostComment, GhostReply } from './client';

/** One of our articles as a Ghost post (from remote_refs). */
export interface GhostPostRef {
  articleId: string;
  postId: string;
}

/**
 * What a post's comments looked like at the last read: the newest top-level `updated_at`, and the
 * ids at exactly that second (Ghost stores one-second timestamps, so a comment changed later in
 * the same second is still told apart from one already read).
 */
interface Mark {
  at: string;
  ids: string[];
}

/** Where a pass over the posts stands, and each post's mark. */
interface Position {
  post: number;
  page: number;
  /** The mark the post being read will get when its pass ends (from its first page). */
  next: Mark | null;
  marks: Record<string, Mark>;
  /** When the last full pass (marks ignored) started; one runs at least once a day. */
  fullAt: string;
  /** This pass reads everything. */
  full: boolean;
}

/**
 * How often a pass ignores the marks and reads every comment: the one way to find a reply to a
 * thread that is no longer among the most recently changed of its post.
 */
export const FULL_PASS_MS = 24 * 60 * 60 * 1000;

/** A new pass: a full one when the last full pass is a day old (or there was none). */
function start(marks: Record<string, Mark> = {}, fullAt = ''): Position {
  const full = fullAt === '' || Date.now() - Date.parse(fullAt) >= FULL_PASS_MS;
  return { post: 0, page: 1, next: null, marks, fullAt: full ? new Date().toISOString() : fullAt, full };
}

const MarkSchema = z.object({ at: z.string(), ids: z.array(z.string()) });
const PositionSchema = z.object({
  post: z.number().int().nonnegative(),
  page: z.number().int().positive(),
  next: MarkSchema.nullable(),
  marks: z.record(z.string(), MarkSchema),
  fullAt: z.string(),
  full: z.boolean(),
});

function decode(cursor: string | null): Position {
  if (!cursor) return start();
  try {
    // The database is a boundary too: an unreadable cursor starts a full pass.
    const parsed = PositionSchema.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : start();
  } catch {
    return start();
  }
}

const encode = (position: Position): string => Buffer.from(JSON.stringify(position)).toString('base64url');

const stamp = (c: GhostComment | GhostReply): string => c.updated_at ?? c.edited_at ?? c.created_at;
/** Changed since the mark: newer, or at the mark's second but not among the ids read then. */
const after = (c: GhostComment | GhostReply, mark: Mark | undefined): boolean => mark === undefined || stamp(c) > mark.at || (stamp(c) === mark.at && !mark.ids.includes(c.id));

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

/** How many replies to each of a post's comments Copydesk already holds (by remote id). */
export type KnownReplies = (articleId: string) => ReadonlyMap<string, number>;

/**
 * Pulls member comments post by post, reading only what changed where Ghost allows it. Ghost's
 * admin browse of a post's comments takes `order=updated_at desc`, so each post is read newest
 * first and its paging stops at the post's mark: with nothing new, one request per post. A
 * top-level comment newer than the mark is new or changed (an edit or a status change moves
 * updated_at); a thread's replies are read when its comment changed or when count.replies
 * differs from the replies Copydesk holds (a new reply does not touch its parent). Replies to a
 * thread older than the first page of its post are found by the full pass that runs once a day
 * (FULL_PASS_MS), which reads everything again. The cursor holds the position (so an interrupted
 * sync resumes), the marks, and when the last full pass ran.
 */
export async function pullGhostComments(
  client: GhostAdminClient,
  posts: readonly GhostPostRef[],
  cursor: string | null,
  limit: number,
  signal?: AbortSignal,
  knownReplies?: KnownReplies,
): Promise<Page<RemoteComment>> {
  // A finished pass starts the next one from the first post, keeping the marks.
  const position = decode(cursor);
  if (position.post >= posts.length) Object.assign(position, start(position.marks, position.fullAt));
  const items: RemoteComment[] = [];
  while (position.post < posts.length && items.length < limit) {
    const ref = posts[position.post]!;
    const mark = position.full ? undefined : position.marks[ref.postId];
    const { comments, next } = await client.commentsForPost(ref.postId, position.page, signal, 'updated_at desc');
    if (position.page === 1) {
      // The newest change seen on the post, nested replies included (they can be newer than
      // every top-level comment). Anything changed later has a later (or equal) updated_at.
      const seen = comments.flatMap((c) => [c, ...(c.replies ?? [])]);
      const top = seen.reduce((max, c) => (stamp(c) > max ? stamp(c) : max), position.marks[ref.postId]?.at ?? '');
      const before = position.marks[ref.postId];
      position.next = { at: top, ids: [...new Set([...(top === before?.at ? before.ids : []), ...seen.filter((c) => stamp(c) === top).map((c) => c.id)])] };
    }
    const known = knownReplies?.(ref.articleId);
    let reachedMark = false;
    for (const comment of comments) {
      const changed = after(comment, mark);
      if (!changed) reachedMark = true;
      if (changed) {
        const mapped = toRemoteComment(comment, ref.articleId);
        if (mapped) items.push(mapped);
      }
      const total = comment.count?.replies ?? comment.replies?.length ?? 0;
      if (!changed && (known?.get(comment.id) ?? 0) === total) continue;
      // Replies follow their parent, so ingest links them in the same batch.
      for (const reply of await repliesOf(client, comment, signal)) {
        if (!changed && !after(reply, mark) && known?.has(comment.id)) continue;
        const mappedReply = toRemoteComment(reply, ref.articleId, comment.id);
        if (mappedReply) items.push(mappedReply);
      }
    }
    if (next !== null && comments.length > 0 && !reachedMark) position.page = next;
    else {
      if (position.next) position.marks[ref.postId] = position.next;
      Object.assign(position, { post: position.post + 1, page: 1, next: null });
    }
  }
  const done = position.post >= posts.length;
  return { items, nextCursor: encode(position), hasMore: !done };
}
