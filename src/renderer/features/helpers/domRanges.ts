import { getDOMTextNode, type LexicalEditor } from 'lexical';
import type { RichMatch } from './lexicalText';

/** A DOM range over a match as currently rendered (for CSS highlights), or null if not rendered. */
export function domRangeFor(editor: LexicalEditor, match: RichMatch): Range | null {
  const first = match.segments[0];
  const last = match.segments[match.segments.length - 1];
  if (!first || !last) return null;
  const startText = getDOMTextNode(editor.getElementByKey(first.key));
  const endText = getDOMTextNode(editor.getElementByKey(last.key));
  if (!startText || !endText) return null;
  if (first.start > startText.length || last.end > endText.length) return null;
  const range = document.createRange();
  range.setStart(startText, first.start);
  range.setEnd(endText, last.end);
  return range;
}
