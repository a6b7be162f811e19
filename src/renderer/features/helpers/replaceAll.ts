import { HISTORY_PUSH_TAG, type LexicalEditor } from 'lexical';
import { replaceMatches, type Replacement } from '../../../shared/text-search';
import type { Draft } from '../article/draft';
import type { FoundMatch } from './findModel';
import { $replaceAll, type Matcher } from './lexicalText';
import type { EditorRegistry } from './registry';
import { patchTextFields, textFields } from './textFields';

/** Fields that Replace all leaves alone unless asked: tags are labels, not prose. */
export const ASK_FIRST_FIELDS: ReadonlySet<string> = new Set(['tags']);

/** One field Replace all would touch, and how many matches it holds. */
export interface PlannedField {
  key: string;
  label: string;
  count: number;
}

/** The fields holding matches, in page order, with their counts. */
export function planReplaceAll(matches: readonly FoundMatch[]): PlannedField[] {
  const fields = new Map<string, PlannedField>();
  for (const found of matches) {
    const field = fields.get(found.key) ?? { key: found.key, label: found.label, count: 0 };
    field.count += 1;
    fields.set(found.key, field);
  }
  return [...fields.values()];
}

/** What one Replace all changed, kept so that one Undo can put all of it back. */
export interface ReplaceAllRecord {
  count: number;
  /** Plain-text fields: their values before and right after the replace. */
  before: ReadonlyMap<string, string>;
  after: ReadonlyMap<string, string>;
  /** Rich-text editors that changed; each holds the replace as one history step. */
  editors: readonly LexicalEditor[];
  /** The registry's content version right after the replace (any later edit changes it). */
  version: number;
}

export interface ReplaceAllInput {
  draft: Draft;
  registry: EditorRegistry | null;
  matcher: Matcher;
  replacement: Replacement;
  /** Plain-text fields to leave as they are (ASK_FIRST_FIELDS the writer did not ask for). */
  skip: ReadonlySet<string>;
  onPatch(patch: Partial<Draft>): void;
  /** The draft as it is after onPatch (the view's newest draft). */
  currentDraft(): Draft;
}

/**
 * Replaces every match in every field but the skipped ones: the text fields in one draft patch
 * (one save), each rich editor in one update pushed as its own history step, so that undoing
 * that step in each editor and restoring the text fields reverts the whole replace.
 */
export function replaceAllFields({ draft, registry, matcher, replacement, skip, onPatch, currentDraft }: ReplaceAllInput): ReplaceAllRecord {
  let count = 0;
  const before = new Map<string, string>();
  const values = new Map<string, string>();
  for (const field of textFields(draft)) {
    if (skip.has(field.key)) continue;
    const matches = matcher(field.value);
    if (matches.length === 0) continue;
    before.set(field.key, field.value);
    values.set(field.key, replaceMatches(field.value, matches, replacement));
    count += matches.length;
  }
  if (values.size > 0) onPatch(patchTextFields(draft, values));
  const editors: LexicalEditor[] = [];
  for (const field of registry?.list() ?? []) {
    let replaced = 0;
    field.editor.update(
      () => {
        replaced = $replaceAll(matcher, replacement);
      },
      { discrete: true, tag: HISTORY_PUSH_TAG },
    );
    if (replaced > 0) editors.push(field.editor);
    count += replaced;
  }
  const after = new Map(textFields(currentDraft()).filter((field) => before.has(field.key)).map((field) => [field.key, field.value]));
  return { count, before, after, editors, version: registry?.getVersion() ?? 0 };
}

/** True while nothing the replace touched has been edited since, so undoing it is undoing only it. */
export function isLatestChange(record: ReplaceAllRecord, draft: Draft, registry: EditorRegistry | null): boolean {
  if ((registry?.getVersion() ?? 0) !== record.version) return false;
  return textFields(draft).every((field) => !record.after.has(field.key) || record.after.get(field.key) === field.value);
}
