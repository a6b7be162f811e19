import { $insertGeneratedNodes } from '@lexical/clipboard';
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { $getSelection, $isRangeSelection, COMMAND_PRIORITY_HIGH, PASTE_COMMAND } from 'lexical';
import { useEffect } from 'react';
import { $nodesFromPastedHtml } from './paste/import-html';

const LEXICAL_MIME = 'application/x-lexical-editor';

/** True when the clipboard holds nodes copied from an editor of this same kind (same namespace). */
function isOwnLexicalCopy(data: DataTransfer, namespace: string): boolean {
  if (!data.types.includes(LEXICAL_MIME)) return false;
  try {
    const parsed: unknown = JSON.parse(data.getData(LEXICAL_MIME));
    return typeof parsed === 'object' && parsed !== null && (parsed as { namespace?: unknown }).namespace === namespace;
  } catch {
    return false;
  }
}

/**
 * Pasted HTML goes through the paste cleaner before Lexical sees it, so a paste from a web page,
 * Word or Google Docs brings words, structure and the five text formats — never fonts, colours,
 * scripts, remote images or unsafe links. Copies within the same kind of editor keep Lexical's
 * exact JSON path (already our node set); plain text keeps Lexical's plain-text path.
 */
export function PastePlugin({ namespace }: { namespace: string }) {
  const [editor] = useLexicalComposerContext();
  useEffect(
    () =>
      editor.registerCommand(
        PASTE_COMMAND,
        (event) => {
          const data = 'clipboardData' in event ? event.clipboardData : null;
          if (!data || isOwnLexicalCopy(data, namespace)) return false;
          const html = data.getData('text/html');
          const selection = $getSelection();
          if (!html || !$isRangeSelection(selection)) return false;
          event.preventDefault();
          const nodes = $nodesFromPastedHtml(editor, html, new DOMParser());
          if (nodes.length > 0) $insertGeneratedNodes(editor, nodes, selection);
          return true;
        },
        COMMAND_PRIORITY_HIGH,
      ),
    [editor, namespace],
  );
  return null;
}
