import { createHeadlessEditor } from '@lexical/headless';
import { $getRoot, $isElementNode, $isTextNode, HISTORIC_TAG, HISTORY_MERGE_TAG, type EditorState, type LexicalEditor, type TextNode } from 'lexical';
import { describe, expect, it } from 'vitest';
import { doc, paragraph } from '../../src/shared/lexical/build';
import { ARTICLE_NODES } from '../../src/shared/lexical/nodes';
import { editorStateJSON, registerContentListener } from '../../src/renderer/editor/content-changes';

/** A body editor (headless) holding `paragraphs`, and every state its content listener reported. */
function watched(...paragraphs: string[]): { editor: LexicalEditor; reported: EditorState[] } {
  const editor = createHeadlessEditor({ nodes: [...ARTICLE_NODES], onError: (error) => { throw error; } });
  editor.setEditorState(editor.parseEditorState(JSON.stringify(doc(...paragraphs.map((p) => paragraph(p))))));
  const reported: EditorState[] = [];
  registerContentListener(editor, (state) => reported.push(state));
  return { editor, reported };
}

const firstText = (): TextNode => {
  const block = $getRoot().getFirstChild();
  const text = $isElementNode(block) ? block.getFirstChild() : null;
  if (!$isTextNode(text)) throw new Error('no text node');
  return text;
};

const texts = (state: EditorState) => editorStateJSON(state).root.children.map((block) => (block.children ?? []).map((n) => n.text).join(''));

// Issue 3: typing in a long body must not serialize the whole document per keystroke, so changes
// are judged from Lexical's dirty nodes; these pin down that the judgement matches the JSON.
describe('content changes judged from dirty nodes (issue 3)', () => {
  it('reports a typed character, with the new text in the serialized state', () => {
    const { editor, reported } = watched('Council votes', 'Second paragraph');
    editor.update(() => firstText().setTextContent('Council votes!'), { discrete: true });
    expect(reported).toHaveLength(1);
    expect(texts(reported[0]!)).toEqual(['Council votes!', 'Second paragraph']);
  });

  it('ignores a selection move', () => {
    const { editor, reported } = watched('Council votes');
    editor.update(() => firstText().select(2, 2), { discrete: true });
    expect(reported).toHaveLength(0);
  });

  it('ignores nodes written to without a change (a normalisation pass)', () => {
    const { editor, reported } = watched('Council votes', 'Second paragraph');
    editor.update(
      () => {
        firstText().getWritable();
        $getRoot().getLastChild()?.markDirty();
      },
      { discrete: true },
    );
    expect(reported).toHaveLength(0);
  });

  it('reports a format change, a removed block and a moved block', () => {
    const { editor, reported } = watched('One', 'Two', 'Three');
    editor.update(() => firstText().toggleFormat('bold'), { discrete: true });
    editor.update(() => $getRoot().getChildAtIndex(1)?.remove(), { discrete: true });
    // Re-inserting a block where it already is writes nodes but changes nothing.
    editor.update(() => $getRoot().getFirstChild()?.insertAfter($getRoot().getLastChild()!), { discrete: true });
    editor.update(() => $getRoot().getLastChild()?.insertAfter($getRoot().getFirstChild()!), { discrete: true });
    expect(reported).toHaveLength(3);
    expect(editorStateJSON(reported[0]!).root.children[0]?.children?.[0]?.format).toBe(1);
    expect(texts(reported[1]!)).toEqual(['One', 'Three']);
    expect(texts(reported[2]!)).toEqual(['Three', 'One']);
  });

  it('reports undo (a recorded state swapped in) and a replaced state', () => {
    const { editor, reported } = watched('Before');
    const before = editor.getEditorState();
    editor.update(() => firstText().setTextContent('After'), { discrete: true });
    editor.setEditorState(before, { tag: HISTORIC_TAG });
    editor.setEditorState(editor.parseEditorState(JSON.stringify(doc(paragraph('Replaced')))));
    expect(reported.map(texts)).toEqual([['After'], ['Before'], ['Replaced']]);
  });

  it('skips history-merge updates, as OnChangePlugin does', () => {
    const { editor, reported } = watched('Council');
    editor.update(() => firstText().setTextContent('Council votes'), { discrete: true, tag: HISTORY_MERGE_TAG });
    expect(reported).toHaveLength(0);
  });

  it('serializes a state once, whoever asks', () => {
    const { editor } = watched('Council');
    const state = editor.getEditorState();
    expect(editorStateJSON(state)).toBe(editorStateJSON(state));
    expect(editorStateJSON(state)).toEqual(JSON.parse(JSON.stringify(state.toJSON())));
  });
});
