import { INSERT_ORDERED_LIST_COMMAND, INSERT_UNORDERED_LIST_COMMAND, REMOVE_LIST_COMMAND } from '@lexical/list';
import { $createHeadingNode, $createQuoteNode } from '@lexical/rich-text';
import { $setBlocksType } from '@lexical/selection';
import { $createParagraphNode, $getSelection, $isRangeSelection, type LexicalEditor } from 'lexical';
import type { BlockType } from './selection-state';

/**
 * Turns the selected blocks into `target`. Choosing the type the selection already has turns it
 * back into plain paragraphs, so each toolbar button is also its own undo.
 */
export function setBlockType(editor: LexicalEditor, target: BlockType, current: BlockType | null): void {
  if (target === 'bullet' || target === 'number') {
    if (current === target) editor.dispatchCommand(REMOVE_LIST_COMMAND, undefined);
    else editor.dispatchCommand(target === 'bullet' ? INSERT_UNORDERED_LIST_COMMAND : INSERT_ORDERED_LIST_COMMAND, undefined);
    return;
  }
  const next = current === target && target !== 'paragraph' ? 'paragraph' : target;
  editor.update(() => {
    const selection = $getSelection();
    if (!$isRangeSelection(selection)) return;
    $setBlocksType(selection, () => {
      if (next === 'paragraph') return $createParagraphNode();
      if (next === 'quote') return $createQuoteNode();
      return $createHeadingNode(next);
    });
  });
}
