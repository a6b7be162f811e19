import { INSERT_HORIZONTAL_RULE_COMMAND } from '@lexical/extension';
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { mergeRegister } from '@lexical/utils';
import { CAN_REDO_COMMAND, CAN_UNDO_COMMAND, COMMAND_PRIORITY_LOW, FORMAT_TEXT_COMMAND, REDO_COMMAND, UNDO_COMMAND } from 'lexical';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { setBlockType } from './block-format';
import { OPEN_LINK_EDITOR_COMMAND } from './LinkEditorPlugin';
import { useRovingTabIndex } from './roving-tabindex';
import { $readSelectionState, EMPTY_SELECTION_STATE, sameSelectionState, type BlockType, type BodyTextFormat } from './selection-state';
import { ToolbarIcon, type ToolbarIconName } from './toolbar-icons';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
const mod = isMac ? '⌘' : 'Ctrl+';

interface Glyph {
  text?: string;
  icon?: ToolbarIconName;
}

/** Block types in toolbar order; the hints are the Markdown shortcuts (`## ` is H2, as in the article format). */
export const BLOCK_ITEMS: ReadonlyArray<{ type: BlockType; label: string; hint?: string } & Glyph> = [
  { type: 'paragraph', label: 'Paragraph', text: '¶' },
  { type: 'h2', label: 'Heading 2', text: 'H2', hint: '## ' },
  { type: 'h3', label: 'Heading 3', text: 'H3', hint: '### ' },
  { type: 'h4', label: 'Heading 4', text: 'H4', hint: '#### ' },
  { type: 'quote', label: 'Quote', text: '“', hint: '> ' },
  { type: 'bullet', label: 'Bulleted list', icon: 'bullet', hint: '- ' },
  { type: 'number', label: 'Numbered list', icon: 'number', hint: '1. ' },
];

export const FORMAT_ITEMS: ReadonlyArray<{ format: BodyTextFormat; label: string; shortcut?: string } & Glyph> = [
  { format: 'bold', label: 'Bold', text: 'B', shortcut: `${mod}B` },
  { format: 'italic', label: 'Italic', text: 'I', shortcut: `${mod}I` },
  { format: 'underline', label: 'Underline', text: 'U', shortcut: `${mod}U` },
  { format: 'strikethrough', label: 'Strikethrough', text: 'S' },
  { format: 'code', label: 'Inline code', icon: 'code' },
];

function Glyph({ text, icon }: Glyph) {
  return icon ? <ToolbarIcon name={icon} /> : <span aria-hidden="true">{text}</span>;
}

export interface ToolbarPluginProps {
  disabled?: boolean;
  /** DOM id of the editable area the toolbar formats. */
  controls?: string;
  /**
   * Extra controls, appended after Link and Horizontal rule ("Insert image"). They
   * render inside the editor's composer, so they can use useLexicalComposerContext, and they
   * join the toolbar's arrow-key navigation automatically.
   */
  children?: ReactNode;
}

/**
 * The body's formatting toolbar: block types, the five text formats, link, horizontal rule, undo
 * and redo. Every button mirrors the selection (aria-pressed) or history (disabled); the same
 * actions work from the keyboard (Ctrl/Cmd+B/I/U/K/Z, Shift+Z) and from Markdown typed at the
 * start of a line. One Tab stop, arrow keys inside (see useRovingTabIndex).
 */
export function ToolbarPlugin({ disabled = false, controls = 'article-body', children }: ToolbarPluginProps) {
  const [editor] = useLexicalComposerContext();
  const [state, setState] = useState(EMPTY_SELECTION_STATE);
  const [canUndo, setCanUndo] = useState(false);
  const [canRedo, setCanRedo] = useState(false);
  const toolbarRef = useRef<HTMLDivElement>(null);
  const roving = useRovingTabIndex(toolbarRef);

  useEffect(
    () =>
      mergeRegister(
        // Every keystroke is an update; most leave the toolbar as it was, and a new state object
        // would re-render it (and its roving-tabindex effect) on each one.
        editor.registerUpdateListener(({ editorState }) => {
          const next = editorState.read($readSelectionState);
          setState((current) => (sameSelectionState(current, next) ? current : next));
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

  // Back to the text after a click, so typing carries on where it was.
  const thenFocus = (action: () => void) => () => {
    action();
    editor.focus();
  };

  return (
    <div
      ref={toolbarRef}
      className="toolbar"
      role="toolbar"
      aria-label="Formatting"
      aria-controls={controls}
      onKeyDown={roving.onKeyDown}
      onFocus={roving.onFocus}
    >
      <div className="toolbar-group" role="group" aria-label="Block type">
        {BLOCK_ITEMS.map((item) => (
          <button
            key={item.type}
            type="button"
            className={`toolbar-button toolbar-block toolbar-block-${item.type}`}
            // A spoken name must contain the visible label ("H2") for speech control; one-character glyphs are symbols.
            aria-label={item.text && item.text.length > 1 ? `${item.text}, ${item.label}` : item.label}
            title={item.hint ? `${item.label} (type ${item.hint.trim()} then space)` : item.label}
            aria-pressed={state.block === item.type}
            disabled={disabled}
            onClick={thenFocus(() => setBlockType(editor, item.type, state.block))}
          >
            <Glyph text={item.text} icon={item.icon} />
          </button>
        ))}
      </div>
      <span className="toolbar-divider" aria-hidden="true" />
      <div className="toolbar-group" role="group" aria-label="Text format">
        {FORMAT_ITEMS.map((item) => (
          <button
            key={item.format}
            type="button"
            className={`toolbar-button toolbar-format toolbar-${item.format}`}
            aria-label={item.label}
            title={item.shortcut ? `${item.label} (${item.shortcut})` : item.label}
            aria-pressed={state.formats[item.format]}
            disabled={disabled}
            onClick={thenFocus(() => editor.dispatchCommand(FORMAT_TEXT_COMMAND, item.format))}
          >
            <Glyph text={item.text} icon={item.icon} />
          </button>
        ))}
      </div>
      <span className="toolbar-divider" aria-hidden="true" />
      <div className="toolbar-group" role="group" aria-label="Insert">
        <button
          type="button"
          className="toolbar-button"
          aria-label="Link"
          title={`Link (${mod}K)`}
          aria-pressed={state.inLink}
          disabled={disabled}
          // The popover takes focus itself; the editor's selection is what it links.
          onClick={() => editor.dispatchCommand(OPEN_LINK_EDITOR_COMMAND, undefined)}
        >
          <ToolbarIcon name="link" />
        </button>
        <button
          type="button"
          className="toolbar-button"
          aria-label="Horizontal rule"
          title="Horizontal rule (type --- then space)"
          disabled={disabled}
          onClick={thenFocus(() => editor.dispatchCommand(INSERT_HORIZONTAL_RULE_COMMAND, undefined))}
        >
          <ToolbarIcon name="rule" />
        </button>
        {children}
      </div>
      <span className="toolbar-spacer" />
      <div className="toolbar-group" role="group" aria-label="History">
        <button
          type="button"
          className="toolbar-button"
          aria-label="Undo"
          title={`Undo (${mod}Z)`}
          disabled={disabled || !canUndo}
          onClick={thenFocus(() => editor.dispatchCommand(UNDO_COMMAND, undefined))}
        >
          <ToolbarIcon name="undo" />
        </button>
        <button
          type="button"
          className="toolbar-button"
          aria-label="Redo"
          title={`Redo (${isMac ? '⇧⌘Z' : 'Ctrl+Shift+Z'})`}
          disabled={disabled || !canRedo}
          onClick={thenFocus(() => editor.dispatchCommand(REDO_COMMAND, undefined))}
        >
          <ToolbarIcon name="redo" />
        </button>
      </div>
    </div>
  );
}
