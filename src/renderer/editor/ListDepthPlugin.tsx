import { $isListItemNode, type ListItemNode } from '@lexical/list';
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { $findMatchingParent, mergeRegister } from '@lexical/utils';
import {
  $getSelection,
  $isRangeSelection,
  COMMAND_PRIORITY_EDITOR,
  COMMAND_PRIORITY_LOW,
  INDENT_CONTENT_COMMAND,
  KEY_TAB_COMMAND,
  OUTDENT_CONTENT_COMMAND,
  type BaseSelection,
} from 'lexical';
import { useEffect } from 'react';
import { MAX_LIST_DEPTH } from './limits';

function $selectedListItems(selection: BaseSelection | null): ListItemNode[] {
  if (!$isRangeSelection(selection)) return [];
  const items = new Map<string, ListItemNode>();
  for (const node of [selection.anchor.getNode(), selection.focus.getNode(), ...selection.getNodes()]) {
    const item = $findMatchingParent(node, (parent): parent is ListItemNode => $isListItemNode(parent));
    if (item) items.set(item.getKey(), item);
  }
  return [...items.values()];
}

/**
 * Tab and Shift+Tab nest and un-nest list items, up to MAX_LIST_DEPTH levels. Everywhere else Tab
 * keeps its usual job of moving focus, so keyboard users are not trapped in the body (and
 * Shift+Tab on a top-level item leaves the editor too, there being nothing to un-nest).
 */
export function ListDepthPlugin() {
  const [editor] = useLexicalComposerContext();
  useEffect(
    () =>
      mergeRegister(
        editor.registerCommand(
          KEY_TAB_COMMAND,
          (event) => {
            const items = $selectedListItems($getSelection());
            if (items.length === 0) return false;
            if (event.shiftKey && items.every((item) => item.getIndent() === 0)) return false;
            event.preventDefault();
            editor.dispatchCommand(event.shiftKey ? OUTDENT_CONTENT_COMMAND : INDENT_CONTENT_COMMAND, undefined);
            return true;
          },
          COMMAND_PRIORITY_EDITOR,
        ),
        // Runs before rich text's own indent handler: refuse to nest past the limit from any source.
        editor.registerCommand(
          INDENT_CONTENT_COMMAND,
          () => $selectedListItems($getSelection()).some((item) => item.getIndent() + 1 >= MAX_LIST_DEPTH),
          COMMAND_PRIORITY_LOW,
        ),
      ),
    [editor],
  );
  return null;
}
