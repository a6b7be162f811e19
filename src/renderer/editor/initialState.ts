import type { SerializedState } from '../../shared/lexical/schema';

/**
 * The `editorState` for a LexicalComposer's initial config. An empty root is left to Lexical,
 * which then starts the editor with one empty paragraph to type into.
 */
export function initialEditorState(state: SerializedState | undefined): string | undefined {
  if (!state || state.root.children.length === 0) return undefined;
  return JSON.stringify(state);
}
