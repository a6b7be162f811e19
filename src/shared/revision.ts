import { z } from 'zod';

export const REVISION_REASONS = ['edit', 'status', 'publish', 'manual', 'restore'] as const;

export const RevisionSummarySchema = z.object({
  id: z.number().int(),
  articleId: z.string(),
  createdAt: z.string(),
  reason: z.enum(REVISION_REASONS),
  label: z.string(),
  wordCount: z.number().int(),
  /** Words added (+) or removed (−) since the revision before it. */
  wordDelta: z.number().int(),
});
export type RevisionSummary = z.infer<typeof RevisionSummarySchema>;

export const DiffPartSchema = z.object({ text: z.string(), kind: z.enum(['same', 'added', 'removed']) });
export type DiffPart = z.infer<typeof DiffPartSchema>;

export const FieldDiffSchema = z.object({
  /** Stable key such as `headline`, `takeaways.t3`, `questions.q2.answer`. */
  key: z.string(),
  label: z.string(),
  parts: z.array(DiffPartSchema),
});
export type FieldDiff = z.infer<typeof FieldDiffSchema>;

export const RevisionLabelSchema = z.string().trim().max(120, 'At most 120 characters');
