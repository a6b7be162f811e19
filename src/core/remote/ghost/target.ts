import { createHash } from 'node:crypto';
import type { Article } from '../../../shared/article';
import type { OutboxRow } from '../../outbox/repository';
import { RemoteError } from '../errors';
import { contentHash } from '../site/target';
import {
  ModerationPayloadSchema,
  RULE_SET_SUBJECT,
  payloadOf,
  PublishPayloadSchema,
  UnpublishPayloadSchema,
  type Delivery,
  type DeliveryContext,
  type RemoteRef,
  type RemoteSnapshot,
  type RemoteTarget,
} from '../target';
import { GhostAdminClient, PLAIN_SLUG, type GhostClientOptions, type GhostPost, type GhostPostInput, type GhostStaffUser } from './client';
import { ghostAuthors } from './authors';
import type { AuthorMap } from '../../../shared/remote/author-map';
import { articleImages, ghostLexical, type RenderLexicalHtml } from './lexical';
import { pullGhostComments, type GhostPostRef, type KnownReplies } from './comments';
import { articleFromGhost } from './from-ghost';

export interface GhostTargetOptions extends GhostClientOptions {
  renderHtml: RenderLexicalHtml;
  /** Reads a workspace asset (`assets/<hash>.png`) for upload; null when it is missing. */
  readAsset?: (src: string) => { bytes: Uint8Array; type: string } | null;
  /** Our articles published to this Ghost, as posts: whose member comments sync pulls. */
  posts?: () => GhostPostRef[];
  /** Byline names mapped to staff emails (Settings), for names that match no staff user. */
  authorMap?: () => AuthorMap;
  /** Replies Copydesk holds per comment, so sync reads a thread again only when it grew. */
  knownReplies?: KnownReplies;
  /** Images already uploaded to this Ghost, by the SHA-256 of their bytes: not sent again. */
  uploaded?: UploadMemory;
}

export interface UploadMemory {
  get(contentHash: string): string | null;
  remember(contentHash: string, url: string): void;
}

/** How long a read of the staff list is reused: one read per drain, not one per article. */
const STAFF_TTL_MS = 60_000;
/** Slug lookups made ahead: how many publishes one request covers, and how long an answer is used. */
const LOOKAHEAD = 50;
const LOOKAHEAD_TTL_MS = 5_000;

/** Ghost limits: custom_excerpt 300, meta_title 300, meta_description 500 characters. */
export const cut = (value: string, max: number): string | null => (value === '' ? null : value.length <= max ? value : `${value.slice(0, max - 1)}…`);

export function ghostPost(article: Article, renderHtml: RenderLexicalHtml, images: ReadonlyMap<string, string> = new Map(), authors?: { id: string }[]): GhostPostInput {
  const first = articleImages(article)[0];
  const firstNode = article.body.root.children.find((n) => n.type === 'image');
  // Ghost's primary tag is the first one: the section goes first.
  const tags = [...new Set([article.section, ...article.tags].filter((t) => t !== ''))].map((name) => ({ name }));
  return {
    title: article.headline,
    slug: article.slug,
    status: 'published',
    lexical: JSON.stringify(ghostLexical(article, renderHtml, images)),
    custom_excerpt: cut(article.summary, 300),
    meta_title: cut(article.headline, 300),
    meta_description: cut(article.summary, 500),
    tags,
    feature_image: first ? (images.get(first) ?? null) : null,
    feature_image_alt: firstNode ? String(firstNode.altText ?? '') : null,
    published_at: article.publishedAt,
    ...(authors ? { authors } : {}),
  };
}

/** The fields that say "this post holds what we sent" (updated_at alone cannot: one-second resolution). */
function sameContent(post: GhostPost, sent: GhostPostInput): boolean {
  return post.lexical === sent.lexical && post.title === sent.title && post.slug === sent.slug && post.status === sent.status && (post.custom_excerpt ?? null) === sent.custom_excerpt;
}

/**
 * A conflict's view of the post: Ghost's own fields plus what they say in our field names,
 * content included (read with ?formats=lexical and mapped back), so the conflict dialog compares
 * like with like and "keep remote" can bring Ghost's version into Copydesk.
 */
function snapshot(post: GhostPost, local: Article | null, renderHtml: RenderLexicalHtml): RemoteSnapshot {
  const { lexical: _lexical, ...rest } = post;
  const fields = articleFromGhost(post, local, renderHtml);
  // The excerpt is cut to Ghost's 300 characters: an uncut local summary that cuts to it is the same.
  if (local && cut(local.summary, 300) === (post.custom_excerpt ?? null)) fields.summary = local.summary;
  return { version: post.updated_at, snapshot: { ...rest, ...fields }, fields };
}

/**
 * Publishes to Ghost. Ghost has no idempotency keys, so exactly-once comes from reading before
 * writing: with no remote id on record, the post is looked up by slug before anything is
 * created (a create whose answer was lost is found, not duplicated); an update refused with 409
 * after a possibly-delivered attempt is compared with a fresh read, and counts as done when the
 * post already holds what we sent.
 */
export class GhostTarget implements RemoteTarget {
  readonly client: GhostAdminClient;
  private staff: { users: GhostStaffUser[]; at: number } | null = null;
  /** Answers for the slugs of publishes queued next, read in one request (see lookUp). */
  private readonly lookups = new Map<string, { post: GhostPost | null; at: number }>();

  constructor(
    readonly id: string,
    private readonly options: GhostTargetOptions,
  ) {
    this.client = new GhostAdminClient(options);
  }

  async deliver(row: OutboxRow, ref: RemoteRef | null, context: DeliveryContext): Promise<Delivery> {
    if (row.kind === 'publish') return this.publish(payloadOf(row, PublishPayloadSchema).article, ref, context);
    if (row.kind === 'unpublish') {
      const { slug } = payloadOf(row, UnpublishPayloadSchema);
      const post = ref ? await this.client.post(ref.remoteId, context.signal) : await this.client.postBySlug(slug, context.signal);
      if (!post) return { ref: null };
      // The draft is still the post Copydesk published: keep the reference, so publishing again
      // (restore from the trash, republish) updates it instead of meeting it as a stranger's.
      const kept = (p: GhostPost): Delivery => ({ ref: { remoteId: p.id, version: p.updated_at, contentHash: ref?.contentHash ?? '' } });
      if (post.status === 'draft') return kept(post);
      this.lookups.clear();
      // Status only: overwriting a concurrent edit's updated_at here loses nothing of theirs.
      return kept(await this.client.updatePost(post.id, { status: 'draft', updated_at: post.updated_at }, context.signal));
    }
    // Ghost screens nothing at submit: moderation rules are never queued for it, and a stray row is done.
    if (row.kind === 'moderation' && row.subject === RULE_SET_SUBJECT) return {};
    if (row.kind === 'moderation') {
      for (const decision of payloadOf(row, ModerationPayloadSchema).decisions) {
        if (decision.action === 'approve') await this.client.setCommentStatus(decision.commentId, 'published', context.signal);
        else if (decision.action === 'reject' || decision.action === 'spam') await this.client.setCommentStatus(decision.commentId, 'hidden', context.signal);
        else throw new RemoteError('rejected', `Ghost has no "${decision.action}" action through the Admin API`);
      }
      return {};
    }
    throw new RemoteError('rejected', 'Ghost has no reader votes to void');
  }

  /** The byline as Ghost staff users; the staff list is read again once when a name is missing. */
  private async authors(byline: readonly string[], signal?: AbortSignal): Promise<{ id: string }[] | undefined> {
    if (byline.length === 0) return undefined;
    const map = this.options.authorMap?.() ?? {};
    const fresh = this.staff !== null && Date.now() - this.staff.at < STAFF_TTL_MS;
    if (fresh) {
      try {
        return ghostAuthors(byline, this.staff!.users, map);
      } catch (error) {
        if (!(error instanceof RemoteError)) throw error;
        // Someone may have been added under Staff since the last read: look again below.
      }
    }
    this.staff = { users: await this.client.staffUsers(signal), at: Date.now() };
    return ghostAuthors(byline, this.staff.users, map);
  }

  /**
   * Uploads every image the article shows that this Ghost does not hold yet (the same bytes are
   * uploaded once, not on every publish); a failure names the image and says why.
   */
  private async uploads(article: Article, signal?: AbortSignal): Promise<Map<string, string>> {
    const images = new Map<string, string>();
    for (const src of articleImages(article)) {
      if (images.has(src)) continue;
      const asset = this.options.readAsset?.(src);
      if (!asset) throw new RemoteError('rejected', `The image ${src} is missing from the workspace`);
      const hash = createHash('sha256').update(asset.bytes).digest('hex');
      const known = this.options.uploaded?.get(hash);
      if (known) {
        images.set(src, known);
        continue;
      }
      try {
        const url = await this.client.uploadImage(asset.bytes, src.slice(src.lastIndexOf('/') + 1), asset.type, src, signal);
        this.options.uploaded?.remember(hash, url);
        images.set(src, url);
      } catch (error) {
        if (!(error instanceof RemoteError)) throw error;
        // Same failure class (a 5xx is still retried), with the image named.
        throw new RemoteError(error.failure, `Ghost did not accept the image ${src}: ${error.message}`, error.status);
      }
    }
    return images;
  }

  /**
   * The post with this slug, for a publish never attempted before. The slugs of the new
   * publishes queued next are looked up with it in one request, and their answers are used for
   * a few seconds (or until Copydesk writes a post with that slug): one lookup request per 50
   * articles instead of one per article. A row that may have reached Ghost (resumed) never
   * uses them: it reads afresh, since the lost create it looks for may be its own.
   */
  private async lookUp(slug: string, { signal, upcomingNewSlugs }: DeliveryContext): Promise<GhostPost | null> {
    const known = this.lookups.get(slug);
    this.lookups.delete(slug);
    if (known && Date.now() - known.at < LOOKAHEAD_TTL_MS) return known.post;
    const ahead = PLAIN_SLUG.test(slug) ? (upcomingNewSlugs?.(LOOKAHEAD - 1) ?? []).filter((s) => s !== slug && PLAIN_SLUG.test(s)) : [];
    if (ahead.length === 0) return this.client.postBySlug(slug, signal);
    const slugs = [slug, ...new Set(ahead)];
    const found = new Map((await this.client.postsBySlug(slugs, signal)).map((p) => [p.slug, p]));
    const at = Date.now();
    this.lookups.clear();
    for (const s of slugs.slice(1)) this.lookups.set(s, { post: found.get(s) ?? null, at });
    return found.get(slug) ?? null;
  }

  private async publish(article: Article, ref: RemoteRef | null, context: DeliveryContext): Promise<Delivery> {
    const { resumed, signal } = context;
    const authors = await this.authors(article.byline, signal);
    const images = await this.uploads(article, signal);
    const post = ghostPost(article, this.options.renderHtml, images, authors);
    const hash = contentHash(post);
    const done = (p: GhostPost): Delivery => ({ ref: { remoteId: p.id, version: p.updated_at, contentHash: hash } });

    let current: GhostPost | null = null;
    if (!ref) {
      current = resumed ? await this.client.postBySlug(article.slug, signal) : await this.lookUp(article.slug, context);
      if (current && sameContent(current, post)) return done(current);
      if (current && !resumed) {
        throw new RemoteError('conflict', `Ghost already has a post with the slug "${article.slug}" that Copydesk did not publish`, 409, snapshot(current, article, this.options.renderHtml));
      }
      if (!current) {
        const created = await this.client.createPost(post, signal);
        // A lookup made ahead for this slug no longer holds (Ghost may also have changed the slug).
        this.lookups.delete(post.slug);
        this.lookups.delete(created.slug);
        return done(created);
      }
    }
    // An update may move a post off a slug a lookup made ahead saw: forget them all.
    this.lookups.clear();
    const remoteId = ref?.remoteId ?? current!.id;
    const updatedAt = current?.updated_at ?? ref!.version;
    try {
      return done(await this.client.updatePost(remoteId, { ...post, updated_at: updatedAt }, signal));
    } catch (error) {
      if (!(error instanceof RemoteError)) throw error;
      if (error.status === 404) return done(await this.client.createPost(post, signal));
      if (error.status !== 409) throw error;
      const fresh = await this.client.post(remoteId, signal);
      if (!fresh) return done(await this.client.createPost(post, signal));
      // Our own earlier attempt may have landed (its answer lost): then there is nothing to do.
      if (sameContent(fresh, post)) return done(fresh);
      throw new RemoteError('conflict', `The post was edited in Ghost since Copydesk last published it (UpdateCollisionError)`, 409, snapshot(fresh, article, this.options.renderHtml));
    }
  }

  async readRemote(articleId: string, ref: RemoteRef | null, signal?: AbortSignal, local?: Article): Promise<RemoteSnapshot | null> {
    void articleId;
    if (!ref) return null;
    const post = await this.client.post(ref.remoteId, signal);
    return post ? snapshot(post, local ?? null, this.options.renderHtml) : null;
  }

  pullComments(since: string | null, limit: number, signal?: AbortSignal) {
    return pullGhostComments(this.client, this.options.posts?.() ?? [], since, limit, signal, this.options.knownReplies);
  }

  test(signal?: AbortSignal): Promise<string> {
    return this.client.test(signal);
  }
}
