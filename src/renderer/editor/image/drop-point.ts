import { $createRangeSelection, $setSelection, type LexicalEditor } from 'lexical';

/** The caret position under a point of the page, as a collapsed DOM range, or null. */
function caretRangeAt(doc: Document, x: number, y: number): Range | null {
  // caretPositionFromPoint is the standard; caretRangeFromPoint is what older Chromium has.
  const standard = (doc as { caretPositionFromPoint?: (x: number, y: number) => { offsetNode: Node; offset: number } | null }).caretPositionFromPoint;
  if (typeof standard === 'function') {
    const position = standard.call(doc, x, y);
    if (!position) return null;
    const range = doc.createRange();
    range.setStart(position.offsetNode, position.offset);
    range.collapse(true);
    return range;
  }
  return typeof doc.caretRangeFromPoint === 'function' ? doc.caretRangeFromPoint(x, y) : null;
}

/**
 * Moves the selection to where a drag was dropped, so a dropped image lands under the pointer
 * rather than at the caret the text last had. Call inside an update (a command listener). Returns
 * false, selection untouched, when the point is not in this editor's text (its padding, a toolbar).
 */
export function $selectDropPoint(editor: LexicalEditor, event: DragEvent): boolean {
  const root = editor.getRootElement();
  if (!root) return false;
  const range = caretRangeAt(root.ownerDocument, event.clientX, event.clientY);
  if (!range || !root.contains(range.startContainer)) return false;
  const selection = $createRangeSelection();
  selection.applyDOMRange(range);
  $setSelection(selection);
  return true;
}
