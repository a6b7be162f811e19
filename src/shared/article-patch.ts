import { z } from 'zod';
import { ArticleFieldsSchema, type ArticleFields, type ArticleSave } from './article';
import { CopydeskError } from './errors';
import type { SerializedNode, SerializedState } from './lexical/schema';

/**
 * A save that carries only what changed since the revision it is based on (issue 17.1): the
 * small fields in full, the takeaways and questions only when they changed, and the body as its
 * list of top-level blocks where an unchanged block is its index in the stored body. A 20,000-word
 * body with one paragraph edited travels as ~300 small numbers and that paragraph, instead of
 * ~230 KB. The core rebuilds the whole document from the stored revision and then saves it
 * exactly as a full save would (same validation, revision, search entry and hooks).
 */

/** Bounds the patch's shape; the rebuilt document is then checked in full by ArticleSaveSchema. */
export const MAX_PATCH_BLOCKS = 100_000;

const BlockSchema = z.union([
  // An unchanged block: its index in the stored body's top-level blocks.
  z.number().int().nonnegative(),
  // A new or changed block, serialized in full (its subtree is checked with the rebuilt body).
  z.looseObject({ type: z.string().min(1).max(64) }),
]);

export const BodyPatchSchema = z
  .object({
    /** How many top-level blocks the stored body had when the patch was made: a cheap check that it is the same body. */
    baseBlocks: z.number().int().nonnegative(),
    /** The root's own fields (direction, format, indent, ...), without its children. */
    root: z.looseObject({ type: z.literal('root') }),
    blocks: z.array(BlockSchema).max(MAX_PATCH_BLOCKS),
  })
  .strict();
export type BodyPatch = z.infer<typeof BodyPatchSchema>;

export const ArticlePatchSchema = ArticleFieldsSchema.pick({ slug: true, section: true, headline: true, summary: true, byline: true, tags: true, status: true })
  .extend({
    id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'Ids are 1–64 letters, digits, "_" or "-"'),
    /** The stored revision the patch was computed against; it applies to that revision only. */
    expectedRevision: z.number().int().nonnegative(),
    body: BodyPatchSchema.optional(),
    takeaways: ArticleFieldsSchema.shape.takeaways.optional(),
    questions: ArticleFieldsSchema.shape.questions.optional(),
  })
  .strict();
export type ArticlePatch = z.infer<typeof ArticlePatchSchema>;
export type ArticlePatchInput = z.input<typeof ArticlePatchSchema>;

/** The sentence a patch that does not fit its stored revision fails with (the renderer then sends the whole article). */
export const PATCH_MISMATCH_MESSAGE = 'This change was made against a different copy of the article; Copydesk will send the whole article instead';

/** The body `patch` describes, built over `stored` (the body of the revision it was made against). */
export function applyBodyPatch(stored: SerializedState, patch: BodyPatch): SerializedState {
  const base = stored.root.children;
  if (patch.baseBlocks !== base.length) throw new CopydeskError('invalid_input', PATCH_MISMATCH_MESSAGE, { body: PATCH_MISMATCH_MESSAGE });
  const children = patch.blocks.map((block): SerializedNode => {
    if (typeof block !== 'number') return block as SerializedNode;
    const kept = base[block];
    if (kept === undefined) throw new CopydeskError('invalid_input', PATCH_MISMATCH_MESSAGE, { body: PATCH_MISMATCH_MESSAGE });
    return kept;
  });
  const { children: _ignored, ...rootFields } = patch.root as SerializedNode;
  // Children first, as Lexical writes a root, so the stored JSON reads the same as a full save's.
  return { root: { children, ...rootFields, type: 'root' } } as SerializedState;
}

/**
 * The full save a patch stands for, over the stored article it was made against. What the patch
 * leaves out (body, takeaways, questions) is the stored value, which is what a full save of an
 * unchanged value stores too.
 */
export function applyArticlePatch(stored: Pick<ArticleFields, 'body' | 'takeaways' | 'questions'>, patch: ArticlePatch): ArticleSave {
  const { body, takeaways, questions, ...rest } = patch;
  return {
    ...rest,
    body: body ? applyBodyPatch(stored.body, body) : stored.body,
    takeaways: takeaways ?? stored.takeaways,
    questions: questions ?? stored.questions,
  };
}
