import { $getNodeByKey, $isElementNode, HISTORIC_TAG, HISTORY_MERGE_TAG, type EditorState, type LexicalEditor, type NodeKey } from 'lexical';
import type { SerializedState } from '../../shared/lexical/schema';

/*
 * Typing one character into a 20,000-word body must not cost work proportional to the body.
 * Serializing the whole editor state (toJSON, then JSON.stringify to compare) on every update
 * did: ~4 ms a keystroke there. Instead an update is judged from the nodes Lexical marked dirty,
 * and the state is serialized only when someone needs the JSON (autosave, preview, counts).
 */

const serialized = new WeakMap<EditorState, SerializedState>();

/**
 * The saved-JSON form of an editor state, computed once per state. A committed EditorState never
 * changes, so the result can be kept for as long as the state itself is.
 */
export function editorStateJSON(state: EditorState): SerializedState {
  let json = serialized.get(state);
  if (json === undefined) {
    json = state.toJSON() as unknown as SerializedState;
    serialized.set(state, json);
  }
  return json;
}

/** What a node contributes to the saved JSON: its own fields and the order of its children. */
function $nodeFingerprints(keys: readonly NodeKey[]): (string | null)[] {
  return keys.map((key) => {
    const node = $getNodeByKey(key);
    if (node === null) return null;
    return JSON.stringify([node.exportJSON(), $isElementNode(node) ? node.getChildrenKeys() : null]);
  });
}

export interface UpdateInfo {
  prevEditorState: EditorState;
  editorState: EditorState;
  dirtyElements: ReadonlyMap<NodeKey, boolean>;
  dirtyLeaves: ReadonlySet<NodeKey>;
  tags: ReadonlySet<string>;
}

/**
 * Whether an update changed what would be saved. Every node an update writes to is in its dirty
 * sets (leaves, and elements marked `true`); elements marked `false` are only ancestors of those.
 * So comparing the written nodes before and after (their JSON and child order) decides it
 * without walking the document. Undo and redo swap in a recorded state (a content change by
 * construction); any other update that writes no node falls back to comparing the whole JSON.
 */
export function contentChanged({ prevEditorState, editorState, dirtyElements, dirtyLeaves, tags }: UpdateInfo): boolean {
  if (dirtyElements.size === 0 && dirtyLeaves.size === 0) return false; // selection only
  if (tags.has(HISTORIC_TAG)) return true;
  const written = [...dirtyLeaves];
  for (const [key, intentional] of dirtyElements) if (intentional) written.push(key);
  if (written.length === 0) {
    return JSON.stringify(editorStateJSON(prevEditorState)) !== JSON.stringify(editorStateJSON(editorState));
  }
  const before = prevEditorState.read(() => $nodeFingerprints(written));
  const after = editorState.read(() => $nodeFingerprints(written));
  return before.some((fingerprint, i) => fingerprint !== after[i]);
}

/**
 * Calls `listener` with the new state after each update that changed the content. Like
 * OnChangePlugin with `ignoreSelectionChange`, it skips history-merge updates (normalisation
 * when a state is loaded) and the first state of an empty editor.
 */
export function registerContentListener(editor: LexicalEditor, listener: (state: EditorState) => void): () => void {
  return editor.registerUpdateListener((update) => {
    if (update.tags.has(HISTORY_MERGE_TAG) || update.prevEditorState.isEmpty()) return;
    if (contentChanged(update)) listener(update.editorState);
  });
}
