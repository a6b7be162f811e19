import { useEffect, useState } from 'react';
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { mergeRegister } from '@lexical/utils';
import {
  $getSelection,
  $isRangeSelection,
  CAN_REDO_COMMAND,
  CAN_UNDO_COMMAND,
  COMMAND_PRIORITY_LOW,
  FORMAT_TEXT_COMMAND,
  REDO_COMMAND,
  UNDO_COMMAND,
} from 'lexical';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
const mod = isMac ? '⌘' : 'Ctrl+';

/**
 * Bold, Italic, Undo and Redo. The same actions work from the keyboard through Lexical's own
 * key handling; the buttons mirror the selection (aria-pressed) and the history (disabled).
 */
export function ToolbarPlugin({ disabled = false }: { disabled?: boolean }) {
  const [editor] = useLexicalComposerContext();
  const [bold, setBold] = useState(false);
  const [italic, setItalic] = useState(false);
  const [canUndo, setCanUndo] = useState(false);
  const [canRedo, setCanRedo] = useState(false);

  useEffect(
    () =>
      mergeRegister(
        editor.registerUpdateListener(({ editorState }) => {
          editorState.read(() => {
            const selection = $getSelection();
            setBold($isRangeSelection(selection) && selection.hasFormat('bold'));
            setItalic($isRangeSelection(selection) && selection.hasFormat('italic'));
          });
        }),
        editor.registerCommand(
          CAN_UNDO_COMMAND,
          (payload) => {
            setCanUndo(payload);
            return false;
          },
          COMMAND_PRIORITY_LOW,
        ),
        editor.registerCommand(
          CAN_REDO_COMMAND,
          (payload) => {
            setCanRedo(payload);
            return false;
          },
          COMMAND_PRIORITY_LOW,
        ),
      ),
    [editor],
  );

  const format = (kind: 'bold' | 'italic') => {
    editor.dispatchCommand(FORMAT_TEXT_COMMAND, kind);
    editor.focus();
  };

  return (
    <div className="toolbar" role="toolbar" aria-label="Formatting" aria-controls="article-body">
      <button
        type="button"
        className="toolbar-button toolbar-bold"
        aria-label="Bold"
        title={`Bold (${mod}B)`}
        aria-pressed={bold}
        disabled={disabled}
        onClick={() => format('bold')}
      >
        B
      </button>
      <button
        type="button"
        className="toolbar-button toolbar-italic"
        aria-label="Italic"
        title={`Italic (${mod}I)`}
        aria-pressed={italic}
        disabled={disabled}
        onClick={() => format('italic')}
      >
        I
      </button>
      <span className="toolbar-divider" aria-hidden="true" />
      <button
        type="button"
        className="toolbar-button"
        aria-label="Undo"
        title={`Undo (${mod}Z)`}
        disabled={disabled || !canUndo}
        onClick={() => editor.dispatchCommand(UNDO_COMMAND, undefined)}
      >
        <svg viewBox="0 0 20 20" aria-hidden="true" focusable="false">
          <path d="M7.5 5 3.5 9l4 4M4 9h8a4.5 4.5 0 0 1 0 9H9" fill="none" stroke="currentColor" strokeWidth="1.7" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
      </button>
      <button
        type="button"
        className="toolbar-button"
        aria-label="Redo"
        title={`Redo (${isMac ? '⇧⌘Z' : 'Ctrl+Shift+Z'})`}
        disabled={disabled || !canRedo}
        onClick={() => editor.dispatchCommand(REDO_COMMAND, undefined)}
      >
        <svg viewBox="0 0 20 20" aria-hidden="true" focusable="false">
          <path d="M12.5 5l4 4-4 4M16 9H8a4.5 4.5 0 0 0 0 9h3" fill="none" stroke="currentColor" strokeWidth="1.7" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
      </button>
    </div>
  );
}
