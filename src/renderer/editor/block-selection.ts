import { $findMatchingParent } from '@lexical/utils';
import { $getNearestNodeFromDOMNode, $getSelection, $isElementNode, $isRangeSelection, CLICK_COMMAND, COMMAND_PRIORITY_EDITOR, type ElementNode, type LexicalEditor, type LexicalNode } from 'lexical';

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
