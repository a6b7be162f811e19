import { LexicalComposer, type InitialConfigType } from '@lexical/react/LexicalComposer';
import { ContentEditable } from '@lexical/react/LexicalContentEditable';
import { LexicalErrorBoundary } from '@lexical/react/LexicalErrorBoundary';
import { ListPlugin } from '@lexical/react/LexicalListPlugin';
import { RichTextPlugin } from '@lexical/react/LexicalRichTextPlugin';
import { useState } from 'react';
import { ARTICLE_NODES } from '../../shared/lexical/nodes';
import type { SerializedState } from '../../shared/lexical/schema';
import { initialEditorState } from './initialState';
import { editorTheme } from './theme';

/**
 * A saved Lexical document shown, not edited (takeaways and answers until their editors land).
 * It renders through the same nodes and theme as the body, so it looks like the published text.
 */
export function ReadOnlyRichText({ state, label, className }: { state: SerializedState; label: string; className?: string }) {
  const [config] = useState<InitialConfigType>(() => ({
    namespace: 'copydesk-readonly',
    nodes: ARTICLE_NODES,
    theme: editorTheme,
    editable: false,
    editorState: initialEditorState(state),
    onError: (error) => console.error('Read-only text error', error),
  }));
  return (
    <LexicalComposer initialConfig={config}>
      <RichTextPlugin
        contentEditable={<ContentEditable className={`rt-document rt-readonly ${className ?? ''}`} aria-label={label} role="document" />}
        ErrorBoundary={LexicalErrorBoundary}
      />
      <ListPlugin />
    </LexicalComposer>
  );
}
