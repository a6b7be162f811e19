import { z } from 'zod';

/** One value of a facet and how many live (non-trashed) articles carry it. */
export const FacetValueSchema = z.object({ name: z.string(), count: z.number().int().nonnegative() });
export type FacetValue = z.infer<typeof FacetValueSchema>;

/** The sections and tags in use, for the library's filter menus. Most used first. */
export const ArticleFacetsSchema = z.object({
  sections: z.array(FacetValueSchema),
  tags: z.array(FacetValueSchema),
});
export type ArticleFacets = z.infer<typeof ArticleFacetsSchema>;
