import type { Draft } from '../article/draft';

/** A plain-text field of the article form, as the writing helpers see it. */
export interface TextField {
  /** "headline", "question:<id>"… (questions share their key with the registry's revealers). */
  key: string;
  label: string;
  order: readonly number[];
  value: string;
  /** DOM id of the input or textarea. */
  elementId: string;
}

/**
 * Every plain-text field in page order, with the order numbers the rich editors use too
 * (body 5, takeaways 6, questions 7), so find walks the page top to bottom. The slug is left
 * out: it is derived and not prose.
 */
export function textFields(draft: Draft): TextField[] {
  const fields: TextField[] = [
    { key: 'section', label: 'Section', order: [0], value: draft.section, elementId: 'field-section' },
    { key: 'headline', label: 'Headline', order: [1], value: draft.headline, elementId: 'field-headline' },
    { key: 'summary', label: 'Summary', order: [2], value: draft.summary, elementId: 'field-summary' },
    { key: 'byline', label: 'Byline', order: [3], value: draft.bylineText, elementId: 'field-byline' },
    { key: 'tags', label: 'Tags', order: [4], value: draft.tagsText, elementId: 'field-tags' },
  ];
  draft.questions.forEach((q, index) => {
    fields.push({ key: `question:${q.id}`, label: `Question ${index + 1}`, order: [7, index, 0], value: q.question, elementId: `question-${q.id}-text` });
  });
  return fields;
}

const DRAFT_KEYS: Record<string, 'section' | 'headline' | 'summary' | 'bylineText' | 'tagsText'> = {
  section: 'section',
  headline: 'headline',
  summary: 'summary',
  byline: 'bylineText',
  tags: 'tagsText',
};

/** The draft patch that gives the named text fields new values (one change, one save). */
export function patchTextFields(draft: Draft, values: ReadonlyMap<string, string>): Partial<Draft> {
  const patch: Partial<Draft> = {};
  let questionsChanged = false;
  const questions = draft.questions.map((q) => {
    const value = values.get(`question:${q.id}`);
    if (value === undefined || value === q.question) return q;
    questionsChanged = true;
    return { ...q, question: value };
  });
  for (const [key, value] of values) {
    const field = DRAFT_KEYS[key];
    if (!field) continue;
    // Headlines are one line; the replacement must not smuggle a newline in.
    patch[field] = field === 'headline' ? value.replace(/\r?\n/g, ' ') : value;
  }
  if (questionsChanged) patch.questions = questions;
  return patch;
}
