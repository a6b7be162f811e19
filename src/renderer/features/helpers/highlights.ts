import { useEffect } from 'react';
import { findPlaceholders } from '../../../shared/text-search';
import { TYPING_PAUSE_MS } from '../../editor/typing-pause';
import { domRangeFor } from './domRanges';
import { readMatches, type Matcher } from './lexicalText';
import type { EditorRegistry, RichField } from './registry';

/**
 * Names of the CSS custom highlights (styled with ::highlight() in helpers.css). Highlights
 * paint DOM ranges without touching the document, so Lexical's DOM and the saved JSON never
 * see them (a wrapping node or <mark> would be saved, or fought over by the reconciler).
 */
export const HIGHLIGHT = {
  placeholder: 'copydesk-tk',
  find: 'copydesk-find',
  findCurrent: 'copydesk-find-current',
} as const;

function supported(): boolean {
  return typeof CSS !== 'undefined' && 'highlights' in CSS && typeof Highlight !== 'undefined';
}

export function setHighlight(name: string, ranges: readonly Range[]): void {
  if (!supported()) return;
  if (ranges.length === 0) CSS.highlights.delete(name);
  else CSS.highlights.set(name, new Highlight(...ranges));
}

export function rangesFor(field: RichField, matcher: Matcher): Range[] {
  return readMatches(field.editor, matcher)
    .map((match) => domRangeFor(field.editor, match))
    .filter((range): range is Range => range !== null);
}

/**
 * Paints every "TK" in every registered editor, and repaints one editor's share whenever its
 * content changes (the registry hears each editor's updates after they reach the DOM).
 */
export function useTkHighlights(registry: EditorRegistry | null): void {
  useEffect(() => {
    if (!registry) return;
    const byField = new Map<string, Range[]>();
    const paint = () => setHighlight(HIGHLIGHT.placeholder, [...byField.values()].flat());
    const refreshNow = (key: string) => {
      const field = registry.get(key);
      if (field) byField.set(key, rangesFor(field, findPlaceholders));
      else byField.delete(key);
      paint();
    };
    // Scanning a long body on every keystroke costs more than the keystroke itself; repaint an
    // editor's markers once typing pauses (see TYPING_PAUSE_MS).
    const timers = new Map<string, ReturnType<typeof setTimeout>>();
    const refresh = (key: string) => {
      clearTimeout(timers.get(key));
      timers.set(
        key,
        setTimeout(() => {
          timers.delete(key);
          refreshNow(key);
        }, TYPING_PAUSE_MS),
      );
    };
    for (const field of registry.list()) byField.set(field.key, rangesFor(field, findPlaceholders));
    paint();
    const stop = registry.subscribe(refresh);
    return () => {
      stop();
      timers.forEach((timer) => clearTimeout(timer));
      setHighlight(HIGHLIGHT.placeholder, []);
    };
  }, [registry]);
}
