import { LexicalComposer, type InitialConfigType } from '@lexical/react/LexicalComposer';
import { ContentEditable } from '@lexical/react/LexicalContentEditable';
import { LexicalErrorBoundary } from '@lexical/react/LexicalErrorBoundary';
import { HistoryPlugin } from '@lexical/react/LexicalHistoryPlugin';
import { LinkPlugin } from '@lexical/react/LexicalLinkPlugin';
import { ListPlugin } from '@lexical/react/LexicalListPlugin';
import { OnChangePlugin } from '@lexical/react/LexicalOnChangePlugin';
import { RichTextPlugin } from '@lexical/react/LexicalRichTextPlugin';
import type { EditorState } from 'lexical';
import { useState } from 'react';
import { ARTICLE_NODES } from '../../shared/lexical/nodes';
import type { SerializedState } from '../../shared/lexical/schema';
import { initialEditorState } from './initialState';
import { editorTheme } from './theme';
import { ToolbarPlugin } from './ToolbarPlugin';
import { isSafeLinkUrl } from './links';

export interface BodyEditorProps {
  initial: SerializedState;
  readOnly?: boolean;
  onChange(state: SerializedState): void;
  /** Ids of elements describing the body (e.g. its validation error). */
  describedBy?: string;
  invalid?: boolean;
  /** Accessible name of the editable area ("Body", "Answer"). */
  label?: string;
  /** DOM id of the editable area (unique per page). */
  id?: string;
  placeholder?: string;
  /** Lexical namespace; distinct per editor kind so copy/paste and history stay apart. */
  namespace?: string;
}

/**
 * The article body: Lexical rich text with history, lists and links. Mount one per article
 * (key it by id); the initial state is read once.
 */
export function BodyEditor({
  initial,
  readOnly = false,
  onChange,
  describedBy,
  invalid,
  label = 'Body',
  id = 'article-body',
  placeholder = 'Write the story…',
  namespace = 'copydesk-body',
}: BodyEditorProps) {
  const [config] = useState<InitialConfigType>(() => ({
    namespace,
    nodes: ARTICLE_NODES,
    theme: editorTheme,
    editable: !readOnly,
    editorState: initialEditorState(initial),
    onError: (error) => {
      console.error('Body editor error', error);
    },
  }));
  const handleChange = (state: EditorState) => onChange(state.toJSON() as unknown as SerializedState);

  return (
    <LexicalComposer initialConfig={config}>
      <div className={`rich-editor${readOnly ? ' is-readonly' : ''}${invalid ? ' is-invalid' : ''}`}>
        <ToolbarPlugin disabled={readOnly} />
        <div className="rich-editor-surface">
          <RichTextPlugin
            contentEditable={
              <ContentEditable
                id={id}
                className="rich-editor-input rt-document"
                aria-label={label}
                aria-multiline={true}
                aria-describedby={describedBy}
                aria-invalid={invalid || undefined}
                aria-placeholder={placeholder}
                placeholder={<div className="rich-editor-placeholder">{placeholder}</div>}
              />
            }
            ErrorBoundary={LexicalErrorBoundary}
          />
        </div>
        <HistoryPlugin />
        <ListPlugin />
        <LinkPlugin validateUrl={isSafeLinkUrl} />
        <OnChangePlugin onChange={handleChange} ignoreSelectionChange />
      </div>
    </LexicalComposer>
  );
}
