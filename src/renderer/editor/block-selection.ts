import { $findMatchingParent } from '@lexical/utils';
import { $getSelection, $isElementNode, $isRangeSelection, CLICK_COMMAND, COMMAND_PRIORITY_EDITOR, type ElementNode, type LexicalEditor, type LexicalNode } from 'lexical';

/** The innermost block (paragraph, heading, list item, quote) holding `node`. */
function $blockOf(node: LexicalNode): ElementNode | null {
  return $findMatchingParent(node, (candidate): candidate is ElementNode => $isElementNode(candidate) && !candidate.isInline() && candidate.getParent() !== null);
}

/**
 * A triple-click selects one block, as it looks. Chromium ends a triple-click's selection at
 * the start of the next block; when that block is an image, typing over the "paragraph" then
 * deleted the figure and the paragraph after it too. The selection is trimmed to the clicked
 * block, so nothing beyond it can be lost by a click. Returns a cleanup.
 */
export function registerBlockTripleClick(editor: LexicalEditor): () => void {
  return editor.registerCommand(
    CLICK_COMMAND,
    (event) => {
      if (event.detail < 3) return false;
      const selection = $getSelection();
      if (!$isRangeSelection(selection) || selection.isCollapsed()) return false;
      const [start, end] = selection.isBackward() ? [selection.focus, selection.anchor] : [selection.anchor, selection.focus];
      const block = $blockOf(start.getNode());
      if (!block || $blockOf(end.getNode()) === block) return false;
      block.select(0, block.getChildrenSize());
      return false;
    },
    COMMAND_PRIORITY_EDITOR,
  );
}
