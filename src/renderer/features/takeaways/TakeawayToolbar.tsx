import { $isLinkNode, TOGGLE_LINK_COMMAND } from '@lexical/link';
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { $findMatchingParent, mergeRegister } from '@lexical/utils';
import {
  $getSelection,
  $isRangeSelection,
  BLUR_COMMAND,
  COMMAND_PRIORITY_LOW,
  FOCUS_COMMAND,
  FORMAT_TEXT_COMMAND,
  KEY_DOWN_COMMAND,
  type TextFormatType,
} from 'lexical';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { isSafeLinkUrl } from '../../editor/links';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
const mod = isMac ? '⌘' : 'Ctrl+';

const FORMATS: { format: TextFormatType; label: string; glyph: string; keys?: string }[] = [
  { format: 'bold', label: 'Bold', glyph: 'B', keys: `${mod}B` },
  { format: 'italic', label: 'Italic', glyph: 'I', keys: `${mod}I` },
  { format: 'underline', label: 'Underline', glyph: 'U', keys: `${mod}U` },
  { format: 'strikethrough', label: 'Strikethrough', glyph: 'S' },
  { format: 'code', label: 'Code', glyph: '</>' },
];

/**
 * The formatting bubble of one takeaway, in the manner of Ghost and Medium: it appears over a
 * text selection (and stays while focus is inside it), so a list of takeaways never reads as a
 * stack of toolbars. Ctrl/Cmd+B/I/U work without it; Ctrl/Cmd+K opens the link field. Links
 * are checked with isSafeLinkUrl.
 */
export function TakeawayToolbar({ label }: { label: string }) {
  const [editor] = useLexicalComposerContext();
  const [active, setActive] = useState<Record<string, boolean>>({});
  const [inLink, setInLink] = useState<string | null>(null);
  const [focused, setFocused] = useState(false);
  const [ranged, setRanged] = useState(false);
  const [linking, setLinking] = useState(false);
  const [url, setUrl] = useState('');
  const [error, setError] = useState<string | null>(null);
  const urlRef = useRef<HTMLInputElement>(null);
  const errorId = useId();

  useEffect(
    () =>
      mergeRegister(
        editor.registerUpdateListener(({ editorState }) => {
          editorState.read(() => {
            const selection = $getSelection();
            setRanged($isRangeSelection(selection) && !selection.isCollapsed());
            if (!$isRangeSelection(selection)) return;
            setActive(Object.fromEntries(FORMATS.map(({ format }) => [format, selection.hasFormat(format)])));
            const link = $findMatchingParent(selection.anchor.getNode(), $isLinkNode);
            setInLink($isLinkNode(link) ? link.getURL() : null);
          });
        }),
        editor.registerCommand(
          FOCUS_COMMAND,
          () => {
            setFocused(true);
            return false;
          },
          COMMAND_PRIORITY_LOW,
        ),
        editor.registerCommand(
          BLUR_COMMAND,
          () => {
            setFocused(false);
            return false;
          },
          COMMAND_PRIORITY_LOW,
        ),
        editor.registerCommand(
          KEY_DOWN_COMMAND,
          (event) => {
            if (event.key.toLowerCase() === 'k' && (isMac ? event.metaKey : event.ctrlKey) && !event.altKey) {
              event.preventDefault();
              openLink();
              return true;
            }
            return false;
          },
          COMMAND_PRIORITY_LOW,
        ),
      ),
    // openLink only uses the editor and state setters, which are stable.
    [editor],
  );

  function openLink() {
    const current = editor.getEditorState().read(() => {
      const selection = $getSelection();
      const link = $isRangeSelection(selection) ? $findMatchingParent(selection.anchor.getNode(), $isLinkNode) : null;
      return $isLinkNode(link) ? link.getURL() : '';
    });
    setUrl(current || 'https://');
    setError(null);
    setLinking(true);
    requestAnimationFrame(() => urlRef.current?.select());
  }

  const applyLink = (event: FormEvent) => {
    event.preventDefault();
    const value = url.trim();
    if (!isSafeLinkUrl(value)) {
      setError('Links must start with https://, http:// or mailto:');
      return;
    }
    editor.dispatchCommand(TOGGLE_LINK_COMMAND, value);
    setLinking(false);
    editor.focus();
  };

  const removeLink = () => {
    editor.dispatchCommand(TOGGLE_LINK_COMMAND, null);
    setLinking(false);
    editor.focus();
  };

  return (
    <div className={`takeaway-toolbar${(focused && ranged) || linking ? ' is-visible' : ''}`} role="toolbar" aria-label={`${label} formatting`}>
      {linking ? (
        <form className="takeaway-link-form" onSubmit={applyLink}>
          <input
            ref={urlRef}
            className="input takeaway-link-input"
            aria-label="Link address"
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? errorId : undefined}
            value={url}
            spellCheck={false}
            onChange={(event) => setUrl(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Escape') {
                event.preventDefault();
                event.stopPropagation();
                setLinking(false);
                editor.focus();
              }
            }}
          />
          <button type="submit" className="button button-primary takeaway-link-apply">
            Apply
          </button>
          {inLink ? (
            <button type="button" className="button button-quiet" onClick={removeLink}>
              Remove link
            </button>
          ) : null}
          {error ? (
            <p className="takeaway-link-error" id={errorId} role="alert">
              {error}
            </p>
          ) : null}
        </form>
      ) : (
        <>
          {FORMATS.map(({ format, label: name, glyph, keys }) => (
            <button
              key={format}
              type="button"
              className={`toolbar-button takeaway-format takeaway-format-${format}`}
              aria-label={name}
              title={keys ? `${name} (${keys})` : name}
              aria-pressed={Boolean(active[format])}
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => editor.dispatchCommand(FORMAT_TEXT_COMMAND, format)}
            >
              {glyph}
            </button>
          ))}
          <button
            type="button"
            className="toolbar-button takeaway-format"
            aria-label={inLink ? 'Edit link' : 'Link'}
            title={`Link (${mod}K)`}
            aria-pressed={inLink !== null}
            onMouseDown={(event) => event.preventDefault()}
            onClick={openLink}
          >
            <svg viewBox="0 0 20 20" aria-hidden="true" focusable="false">
              <path
                d="M8.5 11.5a3 3 0 0 0 4.2 0l2.6-2.6a3 3 0 0 0-4.2-4.2l-.9.9M11.5 8.5a3 3 0 0 0-4.2 0l-2.6 2.6a3 3 0 0 0 4.2 4.2l.9-.9"
                fill="none"
                stroke="currentColor"
                strokeWidth="1.6"
                strokeLinecap="round"
              />
            </svg>
          </button>
        </>
      )}
    </div>
  );
}
