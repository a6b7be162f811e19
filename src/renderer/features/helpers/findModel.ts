import type { TextMatch } from '../../../shared/text-search';
import { domRangeFor } from './domRanges';
import { $selectMatch, readMatches, type Matcher, type RichMatch } from './lexicalText';
import type { EditorRegistry, RichField } from './registry';
import type { TextField } from './textFields';

/** One occurrence somewhere on the article page. */
export type FoundMatch =
  | { kind: 'text'; key: string; label: string; elementId: string; start: number; end: number }
  | { kind: 'rich'; key: string; label: string; match: RichMatch };

function compareOrder(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i += 1) {
    const diff = (a[i] ?? -1) - (b[i] ?? -1);
    if (diff !== 0) return diff;
  }
  return 0;
}

/**
 * Matches in every text field and every registered editor, in page order. `readRich` reads one
 * editor's matches (default: scan its current state); a caller may pass a cached reader.
 */
export function collectAll(
  fields: readonly TextField[],
  registry: EditorRegistry | null,
  matcher: Matcher,
  readRich: (field: RichField) => RichMatch[] = (field) => readMatches(field.editor, matcher),
): FoundMatch[] {
  type Source = { order: readonly number[]; run(): FoundMatch[] };
  const sources: Source[] = fields.map((field) => ({
    order: field.order,
    run: () =>
      matcher(field.value).map((m: TextMatch) => ({ kind: 'text' as const, key: field.key, label: field.label, elementId: field.elementId, start: m.start, end: m.end })),
  }));
  for (const rich of registry?.list() ?? []) {
    sources.push({
      order: rich.order,
      run: () => readRich(rich).map((match) => ({ kind: 'rich' as const, key: rich.key, label: rich.label, match })),
    });
  }
  return sources.sort((a, b) => compareOrder(a.order, b.order)).flatMap((source) => source.run());
}

/** The DOM range of a rich match (for the "current match" highlight), if it is rendered. */
export function rangeOf(found: FoundMatch, registry: EditorRegistry | null): Range | null {
  if (found.kind !== 'rich') return null;
  const field = registry?.get(found.key);
  return field ? domRangeFor(field.editor, found.match) : null;
}

/** Scrolls a match into view without moving focus (focus stays in the find panel). */
export function scrollToMatch(found: FoundMatch, registry: EditorRegistry | null): void {
  registry?.reveal(found.key);
  // A revealed question renders on the next frame; measure after it.
  requestAnimationFrame(() => {
    const element = found.kind === 'text' ? document.getElementById(found.elementId) : registry?.get(found.key)?.editor.getElementByKey(found.match.segments[0]?.key ?? '');
    element?.scrollIntoView({ block: 'center' });
  });
}

/** Moves focus to a match and selects it (closing find, or jumping from the checklist). */
export function selectMatch(found: FoundMatch, registry: EditorRegistry | null): void {
  registry?.reveal(found.key);
  requestAnimationFrame(() => {
    if (found.kind === 'text') {
      const element = document.getElementById(found.elementId);
      if (element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement) {
        element.focus();
        element.setSelectionRange(found.start, found.end);
        element.scrollIntoView({ block: 'center' });
      }
      return;
    }
    const editor = registry?.get(found.key)?.editor;
    if (!editor) return;
    editor.update(() => $selectMatch(found.match));
    editor.focus();
    editor.getElementByKey(found.match.segments[0]?.key ?? '')?.scrollIntoView({ block: 'center' });
  });
}
