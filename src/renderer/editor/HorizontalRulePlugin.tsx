import { $createHorizontalRuleNode, $isHorizontalRuleNode, INSERT_HORIZONTAL_RULE_COMMAND } from '@lexical/extension';
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { $insertNodeToNearestRoot, mergeRegister } from '@lexical/utils';
import {
  $createNodeSelection,
  $getNodeFromDOMNode,
  $getSelection,
  $isNodeSelection,
  $isRangeSelection,
  $setSelection,
  CLICK_COMMAND,
  COMMAND_PRIORITY_EDITOR,
  COMMAND_PRIORITY_LOW,
  isDOMNode,
} from 'lexical';
import { useEffect } from 'react';

export { INSERT_HORIZONTAL_RULE_COMMAND };

const SELECTED_CLASS = 'is-selected';

/**
 * Inserting, selecting and showing the selection of horizontal rules. The node is the plain
 * HorizontalRuleNode from @lexical/extension, which draws itself as an <hr> (so the headless
 * editors in core load it too); this is the small part of its extension the React editor needs.
 * Backspace and Delete on a selected rule are rich text's own handling of node selections.
 */
export function HorizontalRulePlugin() {
  const [editor] = useLexicalComposerContext();
  useEffect(() => {
    let selectedKeys = new Set<string>();
    return mergeRegister(
      editor.registerCommand(
        INSERT_HORIZONTAL_RULE_COMMAND,
        () => {
          if (!$isRangeSelection($getSelection())) return false;
          // Splits the block at the caret and puts the rule between; the caret lands after it.
          $insertNodeToNearestRoot($createHorizontalRuleNode());
          return true;
        },
        COMMAND_PRIORITY_EDITOR,
      ),
      editor.registerCommand(
        CLICK_COMMAND,
        (event) => {
          const node = isDOMNode(event.target) ? $getNodeFromDOMNode(event.target) : null;
          if (!$isHorizontalRuleNode(node)) return false;
          const selection = $createNodeSelection();
          selection.add(node.getKey());
          $setSelection(selection);
          return true;
        },
        COMMAND_PRIORITY_LOW,
      ),
      editor.registerUpdateListener(({ editorState }) => {
        const next = editorState.read(() => {
          const selection = $getSelection();
          const keys = new Set<string>();
          if ($isNodeSelection(selection)) {
            for (const node of selection.getNodes()) if ($isHorizontalRuleNode(node)) keys.add(node.getKey());
          }
          return keys;
        });
        for (const key of selectedKeys) if (!next.has(key)) editor.getElementByKey(key)?.classList.remove(SELECTED_CLASS);
        for (const key of next) editor.getElementByKey(key)?.classList.add(SELECTED_CLASS);
        selectedKeys = next;
      }),
    );
  }, [editor]);
  return null;
}
