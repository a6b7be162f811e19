import { $createLinkNode, $isLinkNode, $toggleLink } from '@lexical/link';
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { mergeRegister } from '@lexical/utils';
import {
  $createTextNode,
  $getNodeByKey,
  $getSelection,
  $isRangeSelection,
  $setSelection,
  COMMAND_PRIORITY_LOW,
  COMMAND_PRIORITY_NORMAL,
  createCommand,
  KEY_DOWN_COMMAND,
  KEY_ESCAPE_COMMAND,
  type LexicalCommand,
  type LexicalEditor,
  type NodeKey,
  type RangeSelection,
} from 'lexical';
import { useEffect, useId, useLayoutEffect, useRef, useState, type FocusEvent, type KeyboardEvent } from 'react';
import { isSafeLinkUrl, normalizeLinkInput } from './links';
import { $linkInSelection } from './selection-state';

/** Opens the link popover for the current selection and moves focus into it (Ctrl/Cmd+K, toolbar). */
export const OPEN_LINK_EDITOR_COMMAND: LexicalCommand<void> = createCommand('OPEN_LINK_EDITOR_COMMAND');

const POPOVER_WIDTH = 400;
const INVALID_MESSAGE = 'Enter a full web or email address, such as https://example.com or mailto:desk@example.com.';

interface Panel {
  /** The link being edited, or null when the popover will create one from the selection. */
  linkKey: NodeKey | null;
  draft: string;
  error: string | null;
  /** Focus is (or is about to be) in the popover: editor updates must not close or refill it. */
  focused: boolean;
  top: number;
  left: number;
}

/** Where to put the popover: under the link, or under the selection, inside the editor surface. */
function placeUnder(editor: LexicalEditor, linkKey: NodeKey | null): { top: number; left: number } {
  const surface = editor.getRootElement()?.parentElement;
  if (!surface) return { top: 0, left: 0 };
  let rect: DOMRect | undefined = linkKey ? editor.getElementByKey(linkKey)?.getBoundingClientRect() : undefined;
  if (!rect) {
    const range = window.getSelection()?.rangeCount ? window.getSelection()?.getRangeAt(0) : undefined;
    rect = range?.getBoundingClientRect();
    if (!rect || (rect.width === 0 && rect.height === 0)) {
      const node = range?.startContainer;
      rect = (node instanceof Element ? node : node?.parentElement)?.getBoundingClientRect();
    }
  }
  const box = surface.getBoundingClientRect();
  if (!rect) return { top: 8, left: 8 };
  const left = Math.max(8, Math.min(rect.left - box.left, box.width - POPOVER_WIDTH - 8));
  return { top: rect.bottom - box.top + 6, left };
}

/**
 * The link popover: a small non-modal dialog with a "Link URL" field, Apply and Remove. Ctrl/Cmd+K
 * or the toolbar's Link button opens it with focus in the field; putting the caret in (or
 * clicking) a link shows it for that link without taking focus. Enter applies, Escape closes, and
 * focus goes back to the text either way. Only URLs that pass isSafeLinkUrl are applied.
 */
export function LinkEditorPlugin() {
  const [editor] = useLexicalComposerContext();
  const [panel, setPanel] = useState<Panel | null>(null);
  const panelRef = useRef<Panel | null>(null);
  const selectionRef = useRef<RangeSelection | null>(null);
  /** A link whose popover was dismissed with Escape stays closed until the caret leaves it. */
  const dismissedRef = useRef<NodeKey | null>(null);
  const dialogRef = useRef<HTMLDivElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const id = useId();

  useLayoutEffect(() => {
    panelRef.current = panel;
  });

  useEffect(() => {
    const open = (): boolean => {
      const selection = $getSelection();
      if (!$isRangeSelection(selection)) return false;
      selectionRef.current = selection.clone();
      const link = $linkInSelection(selection);
      const linkKey = link?.getKey() ?? null;
      setPanel({ linkKey, draft: link?.getURL() ?? '', error: null, focused: true, ...placeUnder(editor, linkKey) });
      return true;
    };
    return mergeRegister(
      editor.registerUpdateListener(({ editorState }) => {
        const caretLink = editorState.read(() => {
          const selection = $getSelection();
          if (!$isRangeSelection(selection)) return undefined;
          selectionRef.current = selection.clone();
          const link = $linkInSelection(selection);
          return link ? { key: link.getKey(), url: link.getURL() } : null;
        });
        if (caretLink === undefined) return;
        if (caretLink?.key !== dismissedRef.current) dismissedRef.current = null;
        setPanel((previous) => {
          if (previous?.focused) return previous;
          if (!caretLink || caretLink.key === dismissedRef.current || !editor.isEditable()) return null;
          if (previous?.linkKey === caretLink.key) return previous;
          return { linkKey: caretLink.key, draft: caretLink.url, error: null, focused: false, ...placeUnder(editor, caretLink.key) };
        });
      }),
      editor.registerCommand(OPEN_LINK_EDITOR_COMMAND, open, COMMAND_PRIORITY_LOW),
      editor.registerCommand(
        KEY_DOWN_COMMAND,
        (event) => {
          if (event.key.toLowerCase() !== 'k' || !(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return false;
          event.preventDefault();
          // Lexical syncs its selection from the DOM on selectionchange, which may still be
          // queued behind this keydown (Shift+Arrow, then Ctrl+K at once). An update outside any
          // event reads the DOM selection itself, so the popover links what is really selected.
          window.setTimeout(() => editor.update(() => void open()));
          return true;
        },
        COMMAND_PRIORITY_NORMAL,
      ),
      editor.registerCommand(
        KEY_ESCAPE_COMMAND,
        () => {
          const current = panelRef.current;
          if (!current) return false;
          dismissedRef.current = current.linkKey;
          setPanel(null);
          return true;
        },
        COMMAND_PRIORITY_LOW,
      ),
    );
  }, [editor]);

  const focused = panel?.focused ?? false;
  useEffect(() => {
    if (focused && document.activeElement !== inputRef.current && !dialogRef.current?.contains(document.activeElement)) {
      inputRef.current?.focus();
      inputRef.current?.select();
    }
  }, [focused]);

  if (!panel) return null;

  const backToText = (dismiss: boolean) => {
    if (dismiss) dismissedRef.current = editor.getEditorState().read(() => $linkInSelection($getSelection())?.getKey() ?? null);
    setPanel(null);
    editor.focus();
  };

  const apply = () => {
    const url = normalizeLinkInput(panel.draft);
    if (!isSafeLinkUrl(url)) {
      setPanel({ ...panel, error: INVALID_MESSAGE, focused: true });
      inputRef.current?.focus();
      return;
    }
    editor.update(
      () => {
        const existing = panel.linkKey ? $getNodeByKey(panel.linkKey) : null;
        if ($isLinkNode(existing)) {
          existing.setURL(url);
          return;
        }
        const saved = selectionRef.current?.clone();
        if (!saved) return;
        $setSelection(saved);
        if (saved.isCollapsed()) {
          // Nothing selected: the address itself becomes the link text.
          const link = $createLinkNode(url, { rel: 'noreferrer' }).append($createTextNode(url.replace(/^mailto:/, '')));
          saved.insertNodes([link]);
        } else {
          $toggleLink(url);
        }
      },
      { discrete: true },
    );
    backToText(true);
  };

  const remove = () => {
    editor.update(
      () => {
        const existing = panel.linkKey ? $getNodeByKey(panel.linkKey) : null;
        if ($isLinkNode(existing)) {
          for (const child of existing.getChildren()) existing.insertBefore(child);
          existing.remove();
          return;
        }
        const saved = selectionRef.current?.clone();
        if (saved) {
          $setSelection(saved);
          $toggleLink(null);
        }
      },
      { discrete: true },
    );
    backToText(true);
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      backToText(true);
    }
  };

  const onFocus = () => {
    if (!panel.focused) setPanel({ ...panel, focused: true });
  };

  const onBlur = (event: FocusEvent) => {
    const next = event.relatedTarget;
    if (next instanceof Node && dialogRef.current?.contains(next)) return;
    // Back in the text: behave as a caret-in-link preview again; anywhere else: close.
    if (next instanceof Node && editor.getRootElement()?.contains(next)) setPanel({ ...panel, focused: false });
    else setPanel(null);
  };

  const errorId = `${id}-error`;
  return (
    <div
      ref={dialogRef}
      className="link-popover"
      role="dialog"
      aria-label={panel.linkKey ? 'Edit link' : 'Add link'}
      style={{ top: panel.top, left: panel.left, width: POPOVER_WIDTH }}
      onKeyDown={onKeyDown}
      onFocus={onFocus}
      onBlur={onBlur}
    >
      {/* Not a <form>: the popover sits inside the article form, and forms cannot nest. */}
      <div className="link-popover-form">
        <label className="link-popover-label" htmlFor={`${id}-url`}>
          Link URL
        </label>
        <div className="link-popover-row">
          <input
            ref={inputRef}
            id={`${id}-url`}
            className="input link-popover-input"
            type="url"
            inputMode="url"
            autoComplete="off"
            spellCheck={false}
            placeholder="https://"
            value={panel.draft}
            aria-invalid={panel.error ? true : undefined}
            aria-describedby={panel.error ? errorId : undefined}
            onChange={(event) => setPanel({ ...panel, draft: event.target.value, error: null })}
            onKeyDown={(event) => {
              if (event.key === 'Enter') {
                event.preventDefault();
                apply();
              }
            }}
          />
          <button type="button" className="button button-primary" onClick={apply}>
            Apply
          </button>
          {panel.linkKey ? (
            <button type="button" className="button button-quiet" onClick={remove}>
              Remove
            </button>
          ) : null}
        </div>
        {panel.error ? (
          <p id={errorId} className="link-popover-error" role="alert">
            {panel.error}
          </p>
        ) : null}
      </div>
    </div>
  );
}
