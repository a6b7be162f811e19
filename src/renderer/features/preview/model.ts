import type { Article } from '../../../shared/article';
import type { SerializedState } from '../../../shared/lexical/schema';
import type { PreviewFocus } from '../../../shared/render/preview';
import { slugify } from '../../../shared/slug';
import { toDocument, type Draft } from '../article/draft';

/** The article as it would be published if the draft were saved now (unsaved edits included). */
export function draftArticle(article: Article, draft: Draft, now = new Date()): Article {
  const doc = toDocument(article.id, draft);
  return {
    ...article,
    ...doc,
    section: doc.section.trim(),
    headline: doc.headline.trim(),
    summary: doc.summary.trim(),
    slug: doc.slug || slugify(doc.headline) || article.slug,
    updatedAt: now.toISOString(),
  };
}

function firstDifference<T>(a: readonly T[], b: readonly T[], key: (item: T) => string): number {
  const length = Math.max(a.length, b.length);
  for (let i = 0; i < length; i++) {
    if (a[i] === undefined || b[i] === undefined || key(a[i]!) !== key(b[i]!)) return i;
  }
  return -1;
}

const blocks = (state: SerializedState) => state.root.children;

/**
 * Where the last edit happened, so the refreshed preview opens there instead of at the top.
 * Null when nothing on the page changed (a theme switch, new comments): keep the last focus.
 */
export function editFocus(previous: Draft | null, next: Draft): PreviewFocus | null {
  if (!previous) return null;
  if (
    previous.section !== next.section ||
    previous.headline !== next.headline ||
    previous.summary !== next.summary ||
    previous.bylineText !== next.bylineText ||
    previous.status !== next.status
  ) {
    return { area: 'header' };
  }
  if (previous.takeaways !== next.takeaways) return { area: 'takeaways' };
  if (previous.body !== next.body) {
    const block = firstDifference(blocks(previous.body), blocks(next.body), (b) => JSON.stringify(b));
    return { area: 'body', block: Math.max(0, Math.min(block, blocks(next.body).length - 1)) };
  }
  if (previous.tagsText !== next.tagsText) return { area: 'tags' };
  if (previous.questions !== next.questions) {
    const index = firstDifference(previous.questions, next.questions, (q) => JSON.stringify(q));
    return { area: 'questions', index: Math.max(0, Math.min(index, next.questions.length - 1)) };
  }
  return null;
}
