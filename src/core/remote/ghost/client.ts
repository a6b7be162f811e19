import { z } from 'zod';
import { endpoint, requestJson, type HttpOptions } from '../http';
import { RemoteError } from '../errors';
import { ghostAdminToken } from './jwt';

/** The parts of a Ghost post we read back (Admin API 5.x); everything else passes through. */
export const GhostPostSchema = z
  .object({
    id: z.string(),
    slug: z.string(),
    title: z.string().nullable(),
    status: z.string(),
    updated_at: z.string(),
    lexical: z.string().nullable().optional(),
    custom_excerpt: z.string().nullable().optional(),
    meta_title: z.string().nullable().optional(),
    meta_description: z.string().nullable().optional(),
    feature_image: z.string().nullable().optional(),
    tags: z.array(z.object({ name: z.string() }).loose()).optional(),
  })
  .loose();
export type GhostPost = z.infer<typeof GhostPostSchema>;

const PostsSchema = z.object({ posts: z.array(GhostPostSchema).min(1) });
const BrowsePostsSchema = z.object({ posts: z.array(GhostPostSchema) });

/** Slugs that go into an NQL list as they are (Copydesk's slugs: lowercase words and hyphens). */
export const PLAIN_SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const TOKEN_REUSE_MS = 60_000;

/** Ghost 5 caps a browse page at 100 posts. */
export const MAX_SLUGS_PER_LOOKUP = 100;
const ImagesSchema = z.object({ images: z.array(z.object({ url: z.string(), ref: z.string().nullable().optional() })).min(1) });

const GhostCommentFields = {
  id: z.string(),
  status: z.string(),
  html: z.string().nullable().optional(),
  created_at: z.string(),
  updated_at: z.string().nullable().optional(),
  edited_at: z.string().nullable().optional(),
  parent_id: z.string().nullable().optional(),
  member: z.object({ id: z.string(), name: z.string().nullable().optional() }).loose().nullable().optional(),
};

/** A reply as Ghost nests it under its parent: it carries no parent_id of its own. */
export const GhostReplySchema = z.object(GhostCommentFields).loose();
export type GhostReply = z.infer<typeof GhostReplySchema>;

/** A top-level member comment, with its first replies nested and the total in count.replies. */
export const GhostCommentSchema = z
  .object({
    ...GhostCommentFields,
    replies: z.array(GhostReplySchema).optional(),
    count: z.object({ replies: z.number().int().nonnegative().optional() }).loose().optional(),
  })
  .loose();
export type GhostComment = z.infer<typeof GhostCommentSchema>;
const PaginationSchema = z.object({ pagination: z.object({ next: z.number().nullable() }).loose() }).loose().optional();
const CommentsSchema = z.object({ comments: z.array(GhostCommentSchema), meta: PaginationSchema });
const RepliesSchema = z.object({ comments: z.array(GhostReplySchema), meta: PaginationSchema });

/** A staff user (posts' `authors`); the Admin API lists them at GET users/. */
export const GhostStaffUserSchema = z.object({ id: z.string(), name: z.string().nullable().optional(), email: z.string() }).loose();
export type GhostStaffUser = z.infer<typeof GhostStaffUserSchema>;
const UsersSchema = z.object({ users: z.array(GhostStaffUserSchema) });

/** The fields we write. `lexical` is a JSON-encoded STRING, as the Admin API requires. */
export interface GhostPostInput {
  title: string;
  slug: string;
  status: 'published' | 'draft';
  lexical: string;
  custom_excerpt: string | null;
  meta_title: string | null;
  meta_description: string | null;
  tags: { name: string }[];
  /** Staff users by id; omitted when the article has no byline. */
  authors?: { id: string }[];
  feature_image?: string | null;
  feature_image_alt?: string | null;
  feature_image_caption?: string | null;
  published_at?: string | null;
  updated_at?: string;
}

export interface GhostClientOptions extends HttpOptions {
  /** The site URL, e.g. https://example.ghost.io (the Admin API lives under /ghost/api/admin/). */
  baseUrl: string;
  adminKey: () => string;
}

/** Ghost Admin API 5.x: JWT per request, `Accept-Version: v5.0`, zod-parsed answers. */
export class GhostAdminClient {
  constructor(private readonly options: GhostClientOptions) {}

  private url(path: string, query?: Record<string, string | number | undefined>): URL {
    return endpoint(this.options.baseUrl, `ghost/api/admin/${path}`, query);
  }

  /** The last token minted, and for which key: reused for a minute (it is valid for five). */
  private token: { key: string; value: string; at: number } | null = null;

  /**
   * A token for the current key. The key is read on every request (a changed key takes effect at
   * once); signing one per request was a tenth of a publish's own work, so a token is reused
   * for up to a minute, leaving four of its five minutes for clock differences.
   */
  private authorization(): string {
    const key = this.options.adminKey();
    const now = Date.now();
    if (this.token?.key !== key || now - this.token.at > TOKEN_REUSE_MS) this.token = { key, value: ghostAdminToken(key, Math.floor(now / 1000)), at: now };
    return `Ghost ${this.token.value}`;
  }

  private headers(json = true): Record<string, string> {
    return {
      authorization: this.authorization(),
      'accept-version': 'v5.0',
      accept: 'application/json',
      ...(json ? { 'content-type': 'application/json' } : {}),
    };
  }

  private http(signal?: AbortSignal): HttpOptions {
    return { ...this.options, signal: signal ?? this.options.signal };
  }

  async postBySlug(slug: string, signal?: AbortSignal): Promise<GhostPost | null> {
    return this.readOrNull(`Looking up post ${slug}`, this.url(`posts/slug/${encodeURIComponent(slug)}/`, { formats: 'lexical' }), signal);
  }

  /**
   * The posts (any status) with one of these slugs, in one browse (`filter=slug:[a,b,…]`): the
   * lookups of many queued publishes in one request. Plain slugs only, at most 100.
   */
  async postsBySlug(slugs: readonly string[], signal?: AbortSignal): Promise<GhostPost[]> {
    if (slugs.length === 0) return [];
    if (slugs.length > MAX_SLUGS_PER_LOOKUP || !slugs.every((s) => PLAIN_SLUG.test(s))) throw new Error('postsBySlug takes at most 100 plain slugs');
    const url = this.url('posts/', { filter: `slug:[${slugs.join(',')}]`, limit: slugs.length, formats: 'lexical' });
    const { body } = await requestJson(`Looking up ${slugs.length} posts`, url, { headers: this.headers(false) }, BrowsePostsSchema, this.http(signal));
    return body.posts;
  }

  async post(id: string, signal?: AbortSignal): Promise<GhostPost | null> {
    return this.readOrNull(`Reading post ${id}`, this.url(`posts/${encodeURIComponent(id)}/`, { formats: 'lexical' }), signal);
  }

  private async readOrNull(what: string, url: URL, signal?: AbortSignal): Promise<GhostPost | null> {
    try {
      return (await requestJson(what, url, { headers: this.headers(false) }, PostsSchema, this.http(signal))).body.posts[0]!;
    } catch (error) {
      if (error instanceof RemoteError && error.status === 404) return null;
      throw error;
    }
  }

  async createPost(post: GhostPostInput, signal?: AbortSignal): Promise<GhostPost> {
    const { body } = await requestJson(
      `Creating post ${post.slug}`,
      this.url('posts/'),
      { method: 'POST', headers: this.headers(), body: JSON.stringify({ posts: [post] }) },
      PostsSchema,
      this.http(signal),
    );
    return body.posts[0]!;
  }

  /** `updated_at` must be the value of our last read: Ghost answers 409 UpdateCollisionError otherwise. */
  async updatePost(id: string, post: Partial<GhostPostInput> & { updated_at: string }, signal?: AbortSignal): Promise<GhostPost> {
    const { body } = await requestJson(
      `Updating post ${id}`,
      this.url(`posts/${encodeURIComponent(id)}/`),
      { method: 'PUT', headers: this.headers(), body: JSON.stringify({ posts: [post] }) },
      PostsSchema,
      this.http(signal),
    );
    return body.posts[0]!;
  }

  /**
   * POST images/upload/ (multipart: file, purpose, ref; docs.ghost.org/admin-api/images);
   * answers 201 {images: [{url, ref}]}. `ref` is echoed back: we send the workspace src.
   */
  async uploadImage(bytes: Uint8Array, filename: string, type: string, ref: string, signal?: AbortSignal): Promise<string> {
    const form = new FormData();
    // Copy into a plain ArrayBuffer-backed view: Blob rejects views over a SharedArrayBuffer.
    form.append('file', new Blob([new Uint8Array(bytes)], { type }), filename);
    form.append('purpose', 'image');
    form.append('ref', ref);
    const { body } = await requestJson(
      `Uploading image ${filename}`,
      this.url('images/upload/'),
      { method: 'POST', headers: this.headers(false), body: form },
      ImagesSchema,
      this.http(signal),
    );
    return body.images[0]!.url;
  }

  /**
   * Member comments of a post. NOTE: Ghost's admin router has `GET comments/post/:post_id` and
   * `PUT comments/:id`, which Ghost Admin and the Comments UI use, but docs.ghost.org does not
   * document a comments resource for the Admin API: treat these as unstable internal endpoints.
   */
  async commentsForPost(postId: string, page = 1, signal?: AbortSignal, order?: 'updated_at desc'): Promise<{ comments: GhostComment[]; next: number | null }> {
    const { body } = await requestJson(
      `Fetching comments of post ${postId}`,
      this.url(`comments/post/${encodeURIComponent(postId)}/`, { page, limit: 100, order }),
      { headers: this.headers(false) },
      CommentsSchema,
      this.http(signal),
    );
    return { comments: body.comments, next: body.meta?.pagination.next ?? null };
  }

  /**
   * One page of the replies to a top-level comment (`GET comments/:id/replies/`, oldest first):
   * the rest of a thread beyond the few replies a browse nests. Same note as above; the route is
   * in Ghost's admin routes.js (api.commentReplies.browse).
   */
  async repliesOf(commentId: string, page = 1, signal?: AbortSignal): Promise<{ comments: GhostReply[]; next: number | null }> {
    const { body } = await requestJson(
      `Fetching replies to comment ${commentId}`,
      this.url(`comments/${encodeURIComponent(commentId)}/replies/`, { page, limit: 100, order: 'created_at asc' }),
      { headers: this.headers(false) },
      RepliesSchema,
      this.http(signal),
    );
    return { comments: body.comments, next: body.meta?.pagination.next ?? null };
  }

  /** Hides or shows a member comment (status `hidden` / `published`). See the note above. */
  async setCommentStatus(id: string, status: 'hidden' | 'published', signal?: AbortSignal): Promise<void> {
    await requestJson(
      `Moderating comment ${id}`,
      this.url(`comments/${encodeURIComponent(id)}/`),
      { method: 'PUT', headers: this.headers(), body: JSON.stringify({ comments: [{ id, status }] }) },
      z.unknown(),
      this.http(signal),
    );
  }

  /** Every staff user (limit=all: a newsroom's staff fits one answer), for matching bylines. */
  async staffUsers(signal?: AbortSignal): Promise<GhostStaffUser[]> {
    const { body } = await requestJson('Reading the staff users', this.url('users/', { limit: 'all', fields: 'id,name,email' }), { headers: this.headers(false) }, UsersSchema, this.http(signal));
    return body.users;
  }

  /** "Test connection": GET site/ is public, so read one post to prove the key works. */
  async test(signal?: AbortSignal): Promise<string> {
    await requestJson('Testing the connection', this.url('posts/', { limit: 1, fields: 'id' }), { headers: this.headers(false) }, z.object({ posts: z.array(z.unknown()) }), this.http(signal));
    return 'Connected: Ghost accepted the Admin API key';
  }
}
