/**
 * How deep lists may nest in an article body. Tab stops indenting here and pasted lists are
 * flattened to it: deeper outlines read badly on a phone and in the published site's CSS.
 */
export const MAX_LIST_DEPTH = 4;

/** Heading levels the body offers. The headline is the page's h1, so the body starts at h2. */
export const BODY_HEADING_TAGS = ['h2', 'h3', 'h4'] as const;
export type BodyHeadingTag = (typeof BODY_HEADING_TAGS)[number];
