import { $findMatchingParent } from '@lexical/utils';
import {
  $createRangeSelectionFromDom,
  $getNearestNodeFromDOMNode,
  $getSelection,
  $isElementNode,
  $isRangeSelection,
  $isTextNode,
  $setSelection,
  CLICK_COMMAND,
  COMMAND_PRIORITY_CRITICAL,
  COMMAND_PRIORITY_EDITOR,
  KEY_DOWN_COMMAND,
  type ElementNode,
  type LexicalEditor,
  type LexicalNode,
} from 'lexical';

/** The innermost block (paragraph, heading, list item, quote) holding `node`. */
function $blockOf(node: LexicalNode): ElementNode | null {
  return $findMatchingParent(node, (candidate): candidate is ElementNode => $isElementNode(candidate) && !candidate.isInline() && candidate.getParent() !== null);
}

/**
 * A triple-click selects one block, as it looks. Chromium used to end a triple-click's selection
 * at the start of the next block; when that block is an image, typing over the "paragraph" then
 * deleted the figure and the paragraph after it too. Chromium 150 leaves it collapsed at the
 * block's start instead, so typing over the paragraph inserted before it. Either way the
 * selection becomes exactly the clicked block, so a click can neither lose what follows nor
 * leave the line unselected. Returns a cleanup.
 */
export function registerBlockTripleClick(editor: LexicalEditor): () => void {
  return editor.registerCommand(
    CLICK_COMMAND,
    (event) => {
      if (event.detail < 3) return false;
      const selection = $getSelection();
      if (!$isRangeSelection(selection)) return false;
      const [start, end] = selection.isBackward() ? [selection.focus, selection.anchor] : [selection.anchor, selection.focus];
      const clicked = event.target instanceof Node ? $getNearestNodeFromDOMNode(event.target) : null;
      const block = $blockOf(clicked ?? start.getNode());
      if (!block) return false;
      if (!selection.isCollapsed() && $blockOf(start.getNode()) === block && $blockOf(end.getNode()) === block) return false;
      block.select(0, block.getChildrenSize());
      return false;
    },
    COMMAND_PRIORITY_EDITOR,
  );
}

/**
 * A key acts where the selection is now, not where it was. Lexical learns of a selection the
 * browser moved (a click, Shift+End) from `selectionchange`, which Chromium queues behind input:
 * on a busy page a Backspace right after Shift+End reached Lexical first, and it deleted the last
 * letters before the old caret instead of the selected line (seen in CI). Before any key is
 * handled, Lexical's range selection is brought in line with the page's. A node selection (an
 * image) and keys during composition are left alone. Returns a cleanup.
 */
export function registerKeySelectionSync(editor: LexicalEditor): () => void {
  return editor.registerCommand(
    KEY_DOWN_COMMAND,
    (event) => {
      if (event.isComposing) return false;
      const current = $getSelection();
      if (current !== null && !$isRangeSelection(current)) return false;
      const fromPage = $createRangeSelectionFromDom(editor.getRootElement()?.ownerDocument.getSelection() ?? null, editor);
      // Only a move counts: the same place keeps Lexical's selection as it is, with the format a
      // shortcut set on a collapsed caret (Ctrl+B, then type) that the page's selection knows nothing of.
      if (fromPage === null || (current !== null && fromPage.anchor.is(current.anchor) && fromPage.focus.is(current.focus))) return false;
      if (fromPage.isCollapsed() && fromPage.anchor.type === 'text') {
        // As Lexical does on selectionchange: a caret takes the format of the text it is in.
        const node = fromPage.anchor.getNode();
        if ($isTextNode(node)) {
          fromPage.format = node.getFormat();
          fromPage.style = node.getStyle();
        }
      }
      $setSelection(fromPage);
      return false;
    },
    COMMAND_PRIORITY_CRITICAL,
  );
}
