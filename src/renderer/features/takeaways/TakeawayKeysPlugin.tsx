import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { HeadingNode, QuoteNode } from '@lexical/rich-text';
import { ListNode } from '@lexical/list';
import { mergeRegister } from '@lexical/utils';
import {
  $createRangeSelectionFromDom,
  $getRoot,
  $getSelection,
  $isRangeSelection,
  $setSelection,
  COMMAND_PRIORITY_HIGH,
  INSERT_LINE_BREAK_COMMAND,
  INSERT_PARAGRAPH_COMMAND,
  KEY_ARROW_DOWN_COMMAND,
  KEY_ARROW_UP_COMMAND,
  KEY_BACKSPACE_COMMAND,
  KEY_ENTER_COMMAND,
  ParagraphNode,
  type Klass,
  type LexicalEditor,
  type LexicalNode,
} from 'lexical';
import { useEffect, useRef } from 'react';
import type { SerializedNode } from '../../../shared/lexical/schema';
import { $caretAtStart, $exportTree, $isEmptyTakeaway, $keepSingleParagraph, $splitAtSelection } from './takeawayContent';

export interface TakeawayKeyActions {
  /** Enter: the text after the caret becomes a new takeaway right after this one. */
  split(tail: SerializedNode): void;
  /** Backspace in an empty takeaway. */
  removeEmpty(): void;
  /** Backspace at the start of a non-empty takeaway: join it to the one before. */
  mergeIntoPrevious(paragraph: SerializedNode): boolean;
  /** Alt+ArrowUp / Alt+ArrowDown. */
  move(delta: -1 | 1): void;
}

/** Blocks that could appear at a takeaway's root (typed, pasted or dropped); all get folded into one paragraph. */
const BLOCKS: Klass<LexicalNode>[] = [ParagraphNode, HeadingNode, QuoteNode, ListNode];

/**
 * A key pressed right after a caret move (End, then Enter) can arrive before the browser's
 * selectionchange event has told Lexical where the caret went; read it from the DOM instead.
 */
function $syncSelectionFromDom(editor: LexicalEditor): void {
  const root = editor.getRootElement();
  const dom = root?.ownerDocument.defaultView?.getSelection() ?? null;
  if (!root || !dom?.anchorNode || !root.contains(dom.anchorNode)) return;
  const fresh = $createRangeSelectionFromDom(dom, editor);
  const current = $getSelection();
  if (!fresh) return;
  // Same place: keep the current selection, which may carry a pending format (Ctrl+B, then type).
  if ($isRangeSelection(current) && current.anchor.is(fresh.anchor) && current.focus.is(fresh.focus)) return;
  $setSelection(fresh);
}

const plainAlt = (event: KeyboardEvent | null) => event !== null && event.altKey && !event.ctrlKey && !event.metaKey && !event.shiftKey;

/**
 * Makes a takeaway editor behave like one bullet of a list: Enter never adds a paragraph here
 * (it splits into a new takeaway instead), Backspace at the start removes or joins, Alt+arrows
 * move the takeaway, and pasted blocks collapse into the single paragraph.
 */
export function TakeawayKeysPlugin({ actions }: { actions: TakeawayKeyActions }) {
  const [editor] = useLexicalComposerContext();
  const actionsRef = useRef(actions);
  useEffect(() => {
    actionsRef.current = actions;
  }, [actions]);

  useEffect(
    () =>
      mergeRegister(
        ...BLOCKS.map((klass) => editor.registerNodeTransform(klass, () => $keepSingleParagraph())),
        editor.registerCommand(
          KEY_ENTER_COMMAND,
          (event) => {
            event?.preventDefault();
            if (!editor.isEditable()) return true;
            // Command listeners run inside an update already, so the split happens right here.
            $syncSelectionFromDom(editor);
            const tail = $splitAtSelection();
            if (tail) actionsRef.current.split(tail);
            return true;
          },
          COMMAND_PRIORITY_HIGH,
        ),
        // Anything else asking for a new block or a line break (IME, execCommand) is refused.
        editor.registerCommand(INSERT_PARAGRAPH_COMMAND, () => true, COMMAND_PRIORITY_HIGH),
        editor.registerCommand(INSERT_LINE_BREAK_COMMAND, () => true, COMMAND_PRIORITY_HIGH),
        editor.registerCommand(
          KEY_BACKSPACE_COMMAND,
          (event) => {
            if (!editor.isEditable()) return false;
            $syncSelectionFromDom(editor);
            const empty = $isEmptyTakeaway();
            const atStart = $caretAtStart();
            const content = atStart ? $exportTree($getRoot().getFirstChildOrThrow()) : null;
            if (empty) {
              event?.preventDefault();
              actionsRef.current.removeEmpty();
              return true;
            }
            if (atStart && content && actionsRef.current.mergeIntoPrevious(content)) {
              event?.preventDefault();
              return true;
            }
            return false;
          },
          COMMAND_PRIORITY_HIGH,
        ),
        editor.registerCommand(
          KEY_ARROW_UP_COMMAND,
          (event) => {
            if (!plainAlt(event)) return false;
            event.preventDefault();
            actionsRef.current.move(-1);
            return true;
          },
          COMMAND_PRIORITY_HIGH,
        ),
        editor.registerCommand(
          KEY_ARROW_DOWN_COMMAND,
          (event) => {
            if (!plainAlt(event)) return false;
            event.preventDefault();
            actionsRef.current.move(1);
            return true;
          },
          COMMAND_PRIORITY_HIGH,
        ),
      ),
    [editor],
  );
  return null;
}
