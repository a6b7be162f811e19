import type { EditorState } from 'lexical';
import type { Article, FollowUpQuestion, Takeaway } from '../../../shared/article';
import type { ArticlePatchInput } from '../../../shared/article-patch';
import type { SerializedState } from '../../../shared/lexical/schema';
import { bodyBase, bodyPatch, type BodyBase } from '../../editor/block-patch';
import { toDocument, type DocumentToSave, type PendingDocument } from './draft';

/** A document a patch is made against, as this view had it: what the host acknowledged, or what the journal kept whole. */
export interface PatchReference {
  /** The body: the editor state it was serialized from, or the JSON when it did not come from this view's editor. */
  body: EditorState | SerializedState;
  /** Where the body's blocks sit, when it came from the editor. */
  base: BodyBase | null;
  takeaways: readonly Takeaway[];
  questions: readonly FollowUpQuestion[];
}

export function referenceOf(pending: PendingDocument): PatchReference {
  return {
    body: pending.bodyState ?? pending.draft.body,
    base: pending.bodyState ? bodyBase(pending.bodyState) : null,
    takeaways: pending.draft.takeaways,
    questions: pending.draft.questions,
  };
}

export type DocumentPatch = Omit<ArticlePatchInput, 'expectedRevision'>;

/**
 * What `pending` changed since `reference`: the small fields in full, the body's changed blocks
 * and the lists only if they changed. Null when only the whole document will do (the body did
 * not come from the editor, or most of its blocks changed).
 */
export function changesSince(reference: PatchReference, articleId: string, pending: PendingDocument): DocumentPatch | null {
  const { draft } = pending;
  const { body: _body, takeaways, questions, ...fields } = toDocument(articleId, draft);
  const patch: DocumentPatch = fields;
  const body = pending.bodyState ?? draft.body;
  if (body !== reference.body) {
    if (!reference.base || !pending.bodyState) return null;
    const changed = bodyPatch(reference.base, pending.bodyState);
    if (!changed) return null;
    patch.body = changed;
  }
  if (takeaways !== reference.takeaways) patch.takeaways = takeaways;
  if (questions !== reference.questions) patch.questions = questions;
  return patch;
}

/** As the client's CallOptions: `keepalive` lets the unload save outlive the page. */
interface CallOptions {
  keepalive?: boolean;
}

/** The two save calls, as the client offers them (a narrow slice, so tests can give a real host). */
export interface SaveCalls {
  call(name: 'articles:save', input: DocumentToSave & { expectedRevision: number }, options: CallOptions): Promise<Article>;
  call(name: 'articles:patch', input: ArticlePatchInput, options: CallOptions): Promise<Article>;
}

const codeOf = (error: unknown): unknown => (typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined);

/**
 * Saves of one open article that send only what changed since the revision the host last
 * acknowledged (issue 17.1): the small fields, the lists that changed, and the body's changed
 * blocks (block-patch.ts). The whole document goes instead for the first save, after a save this
 * view did not see acknowledged (the revision differs), when most blocks changed, and when the
 * host refuses a patch (it then answers invalid input and stores nothing); so a patch never
 * loses an edit: at worst it costs one more request.
 */
export class PatchSaves {
  /** What the host last acknowledged, as this view sent it. */
  private acked: (PatchReference & { revision: number }) | null = null;

  constructor(private readonly articleId: string) {}

  /** The patch for `pending` over `expectedRevision`, or null when only the whole document will do. */
  patchFor(pending: PendingDocument, expectedRevision: number): ArticlePatchInput | null {
    const acked = this.acked;
    if (!acked || acked.revision !== expectedRevision) return null;
    const patch = changesSince(acked, this.articleId, pending);
    return patch ? { ...patch, expectedRevision } : null;
  }

  /** The host stored `pending` as `revision`: the next patches are made against it. */
  acknowledged(revision: number, pending: PendingDocument): void {
    if (this.acked && this.acked.revision > revision) return; // an older reply, answered late
    this.acked = { ...referenceOf(pending), revision };
  }

  /** Saves `pending` over `expectedRevision`: as a patch where one fits, else (or if the host refuses the patch) whole. */
  async save(
    calls: SaveCalls,
    pending: PendingDocument,
    expectedRevision: number,
    options: CallOptions & { beforeWhole?: () => Promise<void> } = {},
  ): Promise<Article> {
    const { beforeWhole, ...callOptions } = options;
    const patch = this.patchFor(pending, expectedRevision);
    if (patch) {
      try {
        return await calls.call('articles:patch', patch, callOptions);
      } catch (error) {
        // Invalid input: the patch did not fit (or the document is invalid, which the whole
        // document's save then reports field by field). Anything else is handled by autosave.
        if (codeOf(error) !== 'invalid_input') throw error;
        this.acked = null;
      }
    }
    const doc = { ...pending(), expectedRevision };
    await beforeWhole?.();
    return calls.call('articles:save', doc, callOptions);
  }
}
