import { LexicalComposer, type InitialConfigType } from '@lexical/react/LexicalComposer';
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { ContentEditable } from '@lexical/react/LexicalContentEditable';
import { LexicalErrorBoundary } from '@lexical/react/LexicalErrorBoundary';
import { HistoryPlugin } from '@lexical/react/LexicalHistoryPlugin';
import { LinkPlugin } from '@lexical/react/LexicalLinkPlugin';
import { OnChangePlugin } from '@lexical/react/LexicalOnChangePlugin';
import { RichTextPlugin } from '@lexical/react/LexicalRichTextPlugin';
import type { EditorState, LexicalEditor } from 'lexical';
import { useEffect, useRef, useState, type DragEvent, type HTMLAttributes } from 'react';
import type { Takeaway } from '../../../shared/article';
import { ARTICLE_NODES } from '../../../shared/lexical/nodes';
import type { SerializedNode, SerializedState } from '../../../shared/lexical/schema';
import { initialEditorState } from '../../editor/initialState';
import { isSafeLinkUrl } from '../../editor/links';
import { editorTheme } from '../../editor/theme';
import { useRegisterEditor } from '../helpers/registry';
import { TakeawayKeysPlugin } from './TakeawayKeysPlugin';
import { TakeawayToolbar } from './TakeawayToolbar';
import { spellcheckAttributes, usePreferences } from '../help/preferences';

export interface TakeawayActions {
  change(id: string, content: SerializedState): void;
  split(id: string, tail: SerializedNode): void;
  removeEmpty(id: string): void;
  mergeIntoPrevious(id: string, paragraph: SerializedNode): boolean;
  move(id: string, delta: -1 | 1): void;
  remove(id: string): void;
}

export interface TakeawayItemProps {
  takeaway: Takeaway;
  index: number;
  readOnly: boolean;
  actions: TakeawayActions;
  onEditor(id: string, editor: LexicalEditor | null): void;
  /** Drag-and-drop wiring from the list (drop target, indicator). */
  dropProps: HTMLAttributes<HTMLLIElement>;
  dropPosition: 'before' | 'after' | null;
  dragging: boolean;
  onDragStart(event: DragEvent<HTMLElement>, id: string): void;
  onDragEnd(): void;
}

/** Hands the editor to the list (for focus moves) and to the writing helpers (find, TK). */
function EditorBridge({ id, index, onEditor }: { id: string; index: number; onEditor(id: string, editor: LexicalEditor | null): void }) {
  const [editor] = useLexicalComposerContext();
  useEffect(() => {
    onEditor(id, editor);
    return () => onEditor(id, null);
  }, [editor, id, onEditor]);
  useRegisterEditor(editor, `takeaway:${id}`, `Takeaway ${index + 1}`, [6, index]);
  return null;
}

/** One key takeaway: a one-paragraph Lexical editor with its drag handle and remove button. */
export function TakeawayItem({ takeaway, index, readOnly, actions, onEditor, dropProps, dropPosition, dragging, onDragStart, onDragEnd }: TakeawayItemProps) {
  const spelling = spellcheckAttributes(usePreferences());
  const { id } = takeaway;
  const label = `Takeaway ${index + 1}`;
  const [config] = useState<InitialConfigType>(() => ({
    namespace: 'copydesk-takeaway',
    nodes: ARTICLE_NODES,
    theme: editorTheme,
    editable: !readOnly,
    editorState: initialEditorState(takeaway.content),
    onError: (error) => console.error('Takeaway editor error', error),
  }));
  const lastJson = useRef(JSON.stringify(takeaway.content));

  const handleChange = (state: EditorState) => {
    const content = state.toJSON() as unknown as SerializedState;
    if (content.root.children.length !== 1 || content.root.children[0]?.type !== 'paragraph') return;
    const json = JSON.stringify(content);
    if (json === lastJson.current) return; // selection or normalisation only
    lastJson.current = json;
    actions.change(id, content);
  };

  const keyActions = {
    split: (tail: SerializedNode) => actions.split(id, tail),
    removeEmpty: () => actions.removeEmpty(id),
    mergeIntoPrevious: (paragraph: SerializedNode) => actions.mergeIntoPrevious(id, paragraph),
    move: (delta: -1 | 1) => actions.move(id, delta),
  };

  const className = ['takeaway-item', dragging ? 'is-dragging' : '', dropPosition ? `drop-${dropPosition}` : ''].filter(Boolean).join(' ');

  return (
    <li className={className} data-takeaway-id={id} {...dropProps}>
      <LexicalComposer initialConfig={config}>
        {readOnly ? null : (
          <button
            type="button"
            className="takeaway-handle"
            draggable
            aria-label={`Reorder ${label}`}
            title="Drag to reorder (or Alt+↑ / Alt+↓ while typing)"
            onDragStart={(event) => onDragStart(event, id)}
            onDragEnd={onDragEnd}
            onKeyDown={(event) => {
              if (event.altKey && (event.key === 'ArrowUp' || event.key === 'ArrowDown')) {
                event.preventDefault();
                actions.move(id, event.key === 'ArrowUp' ? -1 : 1);
              }
            }}
          >
            <svg viewBox="0 0 12 20" aria-hidden="true" focusable="false">
              {[4, 10, 16].map((y) => (
                <g key={y}>
                  <circle cx="3.5" cy={y} r="1.4" />
                  <circle cx="8.5" cy={y} r="1.4" />
                </g>
              ))}
            </svg>
          </button>
        )}
        <span className="takeaway-marker" aria-hidden="true" />
        <div className="takeaway-body">
          <RichTextPlugin
            contentEditable={
              <ContentEditable
                id={`takeaway-${id}`}
                className="takeaway-input rt-document"
                aria-label={label}
                aria-placeholder="A fact the reader should take away"
                spellCheck={spelling.spellCheck}
                lang={spelling.lang}
                placeholder={<div className="takeaway-placeholder">A fact the reader should take away</div>}
              />
            }
            ErrorBoundary={LexicalErrorBoundary}
          />
          {readOnly ? null : <TakeawayToolbar label={label} />}
        </div>
        {readOnly ? null : (
          <button type="button" className="takeaway-remove" aria-label={`Remove ${label}`} title="Remove takeaway" onClick={() => actions.remove(id)}>
            <svg viewBox="0 0 20 20" aria-hidden="true" focusable="false">
              <path d="M6 6l8 8M14 6l-8 8" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
            </svg>
          </button>
        )}
        <HistoryPlugin />
        <LinkPlugin validateUrl={isSafeLinkUrl} />
        <TakeawayKeysPlugin actions={keyActions} />
        <OnChangePlugin onChange={handleChange} ignoreSelectionChange />
        <EditorBridge id={id} index={index} onEditor={onEditor} />
      </LexicalComposer>
    </li>
  );
}
