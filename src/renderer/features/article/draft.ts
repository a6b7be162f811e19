import type { EditorState } from 'lexical';
import type { Article, ArticleSave, ArticleStatus, FollowUpQuestion, Takeaway } from '../../../shared/article';
import type { SerializedState } from '../../../shared/lexical/schema';
import { slugify } from '../../../shared/slug';

/** What the form edits: the article's fields, with list fields kept as the text being typed. */
export interface Draft {
  section: string;
  headline: string;
  summary: string;
  /** "Ana Ruiz, Li Wei" exactly as typed; parsed into the byline array when saved. */
  bylineText: string;
  tagsText: string;
  slugText: string;
  /** The slug is derived from the headline (sent as '' so core picks a unique one). */
  slugFollowsHeadline: boolean;
  status: ArticleStatus;
  body: SerializedState;
  takeaways: Takeaway[];
  questions: FollowUpQuestion[];
}

export type DocumentToSave = Omit<ArticleSave, 'expectedRevision'>;

/** "a, b,, c " → ["a", "b", "c"]. */
export function parseList(text: string): string[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

export function formatList(items: readonly string[]): string {
  return items.join(', ');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * An unpublished article whose slug is what core would derive (the headline's slug, possibly with
 * a "-2" suffix) has never been edited by hand, so it keeps following the headline.
 */
export function slugLooksDerived(article: Pick<Article, 'slug' | 'headline' | 'status' | 'publishedAt'>): boolean {
  if (article.status === 'published' || article.publishedAt) return false;
  const base = slugify(article.headline);
  return new RegExp(`^${escapeRegExp(base)}(?:-\\d+)?$`).test(article.slug);
}

export function toDraft(article: Article): Draft {
  return {
    section: article.section,
    headline: article.headline,
    summary: article.summary,
    bylineText: formatList(article.byline),
    tagsText: formatList(article.tags),
    slugText: article.slug,
    slugFollowsHeadline: slugLooksDerived(article),
    status: article.status,
    body: article.body,
    takeaways: article.takeaways,
    questions: article.questions,
  };
}

export function toDocument(id: string, draft: Draft): DocumentToSave {
  return {
    id,
    slug: draft.slugFollowsHeadline ? '' : draft.slugText.trim(),
    section: draft.section,
    headline: draft.headline,
    summary: draft.summary,
    byline: parseList(draft.bylineText),
    tags: parseList(draft.tagsText),
    body: draft.body,
    takeaways: draft.takeaways,
    questions: draft.questions,
    status: draft.status,
  };
}

/** Fields with a control of their own; other error paths are listed in a summary. */
const FORM_FIELDS = ['section', 'headline', 'summary', 'byline', 'tags', 'slug', 'status', 'body', 'takeaways', 'questions'];

const NO_ERRORS: string[] = [];

/**
 * A validation error's messages for the lists and for paths without a control. Stable arrays
 * while `fields` is, so the takeaway and question editors need not re-render.
 */
export function listErrorsOf(fields: Record<string, string> | undefined): { takeaways: string[]; questions: string[]; other: string[] } {
  if (!fields) return { takeaways: NO_ERRORS, questions: NO_ERRORS, other: NO_ERRORS };
  const entries = Object.entries(fields);
  // "takeaways.2.content" → "Takeaway 3: …", so the message says which item.
  const listErrors = (prefix: 'takeaways' | 'questions', noun: string) =>
    entries
      .filter(([key]) => key.split('.')[0] === prefix)
      .map(([key, message]) => {
        const index = Number(key.split('.')[1]);
        return Number.isInteger(index) ? `${noun} ${index + 1}: ${message}` : message;
      });
  return {
    takeaways: listErrors('takeaways', 'Takeaway'),
    questions: listErrors('questions', 'Question'),
    other: entries.filter(([key]) => !FORM_FIELDS.includes(key.split('.')[0] ?? '')).map(([key, message]) => `${key}: ${message}`),
  };
}

/** The first message for a field: exact key (`slug`) or anything under it (`byline.2`). */
export function fieldError(fields: Record<string, string> | undefined, name: string): string | undefined {
  if (!fields) return undefined;
  if (fields[name]) return fields[name];
  const nested = Object.keys(fields).find((key) => key.startsWith(`${name}.`));
  return nested ? fields[nested] : undefined;
}

/**
 * What autosave holds between an edit and its save: the document, built on first use and then
 * kept. Building it serializes the body, which on a long article costs more than a keystroke
 * may, so it happens only when someone needs the whole document (a full save, the journal), not
 * on every edit. A patch save (patch-save.ts) reads the parts instead and serializes only the
 * blocks that changed.
 */
export interface PendingDocument {
  (): DocumentToSave;
  /** The draft as of this change. Its body is stale when `bodyState` is newer. */
  readonly draft: Draft;
  /** The body's editor state as of this change, when the body was edited in this view. */
  readonly bodyState: EditorState | null;
}

export function pendingDocument(build: () => DocumentToSave, draft: Draft, bodyState: EditorState | null = null): PendingDocument {
  let built: DocumentToSave | undefined;
  return Object.assign(() => (built ??= build()), { draft, bodyState });
}
