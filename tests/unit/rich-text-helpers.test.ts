import { createHeadlessEditor } from '@lexical/headless';
import { $getRoot, $isTextNode, type LexicalEditor } from 'lexical';
import { describe, expect, it } from 'vitest';
import { ARTICLE_NODES } from '../../src/shared/lexical/nodes';
import { doc, FORMAT, link, list, paragraph, text } from '../../src/shared/lexical/build';
import type { SerializedState } from '../../src/shared/lexical/schema';
import { findMatches, findPlaceholders } from '../../src/shared/text-search';
import { $collectMatches, $replaceAll } from '../../src/renderer/features/helpers/lexicalText';
import { $keepSingleParagraph, $splitAtSelection } from '../../src/renderer/features/takeaways/takeawayContent';

function editorWith(state: SerializedState): LexicalEditor {
  const editor = createHeadlessEditor({ nodes: [...ARTICLE_NODES], onError: (e) => { throw e; } });
  editor.setEditorState(editor.parseEditorState(JSON.stringify(state)));
  return editor;
}

/** [text, format] of every text node, in order. */
function runs(editor: LexicalEditor): [string, number][] {
  return editor.getEditorState().read(() =>
    $getRoot()
      .getAllTextNodes()
      .map((node) => [node.getTextContent(), node.getFormat()] as [string, number]),
  );
}

const water = (value: string) => findMatches(value, 'water', { matchCase: true, wholeWord: true });

describe('find and replace inside a Lexical document', () => {
  it('finds matches across blocks, inside links and list items, in document order', () => {
    const editor = editorWith(
      doc(paragraph('Clean water, waterproof ', link('https://example.org/', 'water')), list('bullet', [{ content: ['no water'] }])),
    );
    const found = editor.getEditorState().read(() => $collectMatches(water));
    expect(found.map((m) => m.text)).toEqual(['water', 'water', 'water']);
  });

  it('replace all keeps the formatting of the text around and inside each match', () => {
    const editor = editorWith(doc(paragraph('Clean water, ', text('water', FORMAT.bold), ' bills, ', text('waterproof', FORMAT.italic))));
    let count = 0;
    editor.update(() => (count = $replaceAll(water, 'rain')), { discrete: true });
    expect(count).toBe(2);
    expect(runs(editor)).toEqual([
      ['Clean rain, ', 0],
      ['rain', FORMAT.bold],
      [' bills, ', 0],
      ['waterproof', FORMAT.italic],
    ]);
  });

  it('a match spanning differently formatted pieces takes the formatting of its first piece', () => {
    const editor = editorWith(doc(paragraph('the wa', text('ter', FORMAT.bold), ' main')));
    editor.update(() => $replaceAll(water, 'gas'), { discrete: true });
    expect(runs(editor)).toEqual([['the gas main', 0]]);
  });

  it('TK is found per block, never across a block boundary', () => {
    const editor = editorWith(doc(paragraph('Cost: TK'), paragraph('T'), paragraph('K and TKO')));
    expect(editor.getEditorState().read(() => $collectMatches(findPlaceholders)).map((m) => m.text)).toEqual(['TK']);
  });
});

describe('takeaway editing', () => {
  it('folds pasted blocks into the one paragraph a takeaway may hold, keeping inline formatting', () => {
    const editor = editorWith(doc(paragraph('One'), paragraph(text('Two', FORMAT.bold)), list('bullet', [{ content: ['Three'] }])));
    editor.update(() => $keepSingleParagraph(), { discrete: true });
    const json = editor.getEditorState().toJSON() as unknown as SerializedState;
    expect(json.root.children.map((c) => c.type)).toEqual(['paragraph']);
    expect(runs(editor)).toEqual([
      ['One ', 0],
      ['Two', FORMAT.bold],
      [' Three', 0],
    ]);
  });

  it('Enter splits at the caret: the text after it, formatting and all, becomes the next takeaway', () => {
    const editor = editorWith(doc(paragraph('Rates rise ', text('sharply', FORMAT.bold))));
    let tail: ReturnType<typeof $splitAtSelection> = null;
    editor.update(
      () => {
        const first = $getRoot().getAllTextNodes()[0];
        if ($isTextNode(first)) first.select(6, 6);
        tail = $splitAtSelection();
      },
      { discrete: true },
    );
    expect(runs(editor)).toEqual([['Rates ', 0]]);
    const split = tail as unknown as { type: string; children: { text: string; format: number }[] };
    expect(split.type).toBe('paragraph');
    expect(split.children.map((c) => [c.text, c.format])).toEqual([
      ['rise ', 0],
      ['sharply', FORMAT.bold],
    ]);
  });
});
