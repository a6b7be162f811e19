import { z } from 'zod';

/**
 * What readers contribute to a published article, in the form the page renderer consumes:
 * approved comments only (threaded by parentId) and counted votes per axis. The moderation area
 * produces these; preview and publishing render them.
 */
export const PublishedCommentSchema = z.object({
  id: z.string(),
  parentId: z.string().nullable(),
  /** Untrusted: escaped wherever it is rendered. */
  authorName: z.string(),
  /** Untrusted plain text (never HTML): escaped, line breaks kept. */
  body: z.string(),
  createdAt: z.string(),
});
export type PublishedComment = z.infer<typeof PublishedCommentSchema>;

export const AxisTallySchema = z.object({ yes: z.number().int().nonnegative(), total: z.number().int().nonnegative() });
export type AxisTally = z.infer<typeof AxisTallySchema>;

/** "Interesting: a/b • Support: c/d": a = yes votes, b = all counted votes on that axis. */
export const VoteTalliesSchema = z.object({
  interesting: AxisTallySchema,
  support: AxisTallySchema,
  /** False when a moderator locked voting on the article: the page hides "Log in to vote". */
  votingOpen: z.boolean(),
});
export type VoteTallies = z.infer<typeof VoteTalliesSchema>;

export const NO_VOTES: VoteTallies = { interesting: { yes: 0, total: 0 }, support: { yes: 0, total: 0 }, votingOpen: true };
