import { z } from 'zod';
import { ArticleStatusSchema, ArticleSummarySchema } from './article';

export const ArticleSearchQuerySchema = z.object({
  text: z.string().max(500),
  status: ArticleStatusSchema.optional(),
  section: z.string().max(80).optional(),
  tag: z.string().max(120).optional(),
  trashed: z.boolean().default(false),
  limit: z.number().int().min(1).max(200).default(50),
});
export type ArticleSearchQuery = z.input<typeof ArticleSearchQuerySchema>;

/**
 * A hit: the article summary plus a snippet in which matches sit between \u0002 and \u0003.
 * The renderer splits on those marks and renders <mark> elements as text, never as HTML.
 */
export const ArticleSearchResultSchema = ArticleSummarySchema.extend({ snippet: z.string() });

export const SNIPPET_MATCH_START = '\u0002';
export const SNIPPET_MATCH_END = '\u0003';

/** Splits a snippet into plain and highlighted runs. */
export function snippetRuns(snippet: string): { text: string; match: boolean }[] {
  const runs: { text: string; match: boolean }[] = [];
  for (const piece of snippet.split(SNIPPET_MATCH_START)) {
    const end = piece.indexOf(SNIPPET_MATCH_END);
    if (end === -1) {
      if (piece) runs.push({ text: piece, match: false });
      continue;
    }
    runs.push({ text: piece.slice(0, end), match: true });
    const rest = piece.slice(end + 1);
    if (rest) runs.push({ text: rest, match: false });
  }
  return runs;
}
