import { LexicalComposer, type InitialConfigType } from '@lexical/react/LexicalComposer';
import { ContentEditable } from '@lexical/react/LexicalContentEditable';
import { LexicalErrorBoundary } from '@lexical/react/LexicalErrorBoundary';
import { HistoryPlugin } from '@lexical/react/LexicalHistoryPlugin';
import { LinkPlugin } from '@lexical/react/LexicalLinkPlugin';
import { ListPlugin } from '@lexical/react/LexicalListPlugin';
import { MarkdownShortcutPlugin } from '@lexical/react/LexicalMarkdownShortcutPlugin';
import { RichTextPlugin } from '@lexical/react/LexicalRichTextPlugin';
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { mergeRegister } from '@lexical/utils';
import type { EditorState } from 'lexical';
import { memo, useLayoutEffect, useState } from 'react';
import { ARTICLE_NODES } from '../../shared/lexical/nodes';
import type { SerializedState } from '../../shared/lexical/schema';
import { HorizontalRulePlugin } from './HorizontalRulePlugin';
import { initialEditorState } from './initialState';
import { LinkEditorPlugin } from './LinkEditorPlugin';
import { ListDepthPlugin } from './ListDepthPlugin';
import { BODY_MARKDOWN_SHORTCUTS } from './markdown-shortcuts';
import { PastePlugin } from './PastePlugin';
import { editorTheme } from './theme';
import { ToolbarPlugin } from './ToolbarPlugin';
import { ImagePlugin, InsertImageButton } from './image/ImagePlugin';
import { registerContentListener } from './content-changes';
import { registerBlockTripleClick, registerKeySelectionSync } from './block-selection';
import { isSafeLinkUrl } from './links';
import { spellcheckAttributes, usePreferences } from '../features/help/preferences';

export interface BodyEditorProps {
  initial: SerializedState;
  readOnly?: boolean;
  /**
   * Called after each update that changed the content, with the new state. Serialize it with
   * editorStateJSON when the JSON is needed (not on every keystroke: a long body is costly).
   */
  onChange(state: EditorState): void;
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

/** Reports content changes (not selection moves or load-time normalisation) to `onChange`. */
function ContentChangePlugin({ onChange }: { onChange(state: EditorState): void }) {
  const [editor] = useLexicalComposerContext();
  useLayoutEffect(() => registerContentListener(editor, onChange), [editor, onChange]);
  return null;
}

/** A triple-click selects the one block clicked, and a key acts on the selection as it is now (see block-selection.ts). */
function BlockSelectionPlugin() {
  const [editor] = useLexicalComposerContext();
  useLayoutEffect(() => mergeRegister(registerBlockTripleClick(editor), registerKeySelectionSync(editor)), [editor]);
  return null;
}

/**
 * The article body: Lexical rich text with headings (H2–H4), quotes, nested lists, links, rules,
 * five text formats, Markdown shortcuts, cleaned paste and history. Mount one per article (key it
 * by id); the initial state is read once. Also used for follow-up answers (label "Answer").
 * Memoized: Lexical owns the DOM inside, so a parent's re-render has nothing to change here as
 * long as the props (keep `onChange` stable) are the same.
 */
export const BodyEditor = memo(function BodyEditor({
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
  const spelling = spellcheckAttributes(usePreferences());
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

  return (
    <LexicalComposer initialConfig={config}>
      <div className={`rich-editor${readOnly ? ' is-readonly' : ''}${invalid ? ' is-invalid' : ''}`}>
        <ToolbarPlugin disabled={readOnly} controls={id}>
          <InsertImageButton disabled={readOnly} />
        </ToolbarPlugin>
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
                spellCheck={spelling.spellCheck}
                lang={spelling.lang}
                placeholder={<div className="rich-editor-placeholder">{placeholder}</div>}
              />
            }
            ErrorBoundary={LexicalErrorBoundary}
          />
          <ImagePlugin disabled={readOnly} />
          {readOnly ? null : <LinkEditorPlugin />}
        </div>
        <HistoryPlugin />
        <BlockSelectionPlugin />
        <ListPlugin hasStrictIndent />
        <ListDepthPlugin />
        <HorizontalRulePlugin />
        <MarkdownShortcutPlugin transformers={BODY_MARKDOWN_SHORTCUTS} />
        <PastePlugin namespace={namespace} />
        <LinkPlugin validateUrl={isSafeLinkUrl} />
        <ContentChangePlugin onChange={onChange} />
      </div>
    </LexicalComposer>
  );
});
