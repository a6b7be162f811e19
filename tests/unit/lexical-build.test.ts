import { createHeadlessEditor } from '@lexical/headless';
import { describe, expect, it } from 'vitest';
import { ARTICLE_NODES } from '../../src/shared/lexical/nodes';
import { doc, FORMAT, heading, link, list, paragraph, plainText, quote, text } from '../../src/shared/lexical/build';
import { LexicalStateSchema } from '../../src/shared/lexical/schema';
import { sampleArticle } from '../../src/core/sample/sample-article';

/** Loads JSON into a real Lexical editor and exports it again: builders must match exactly. */
function roundTrip(state: unknown): unknown {
  const editor = createHeadlessEditor({ nodes: [...ARTICLE_NODES], onError: (e) => { throw e; } });
  editor.setEditorState(editor.parseEditorState(JSON.stringify(state)));
  return editor.getEditorState().toJSON();
}

describe('Lexical JSON builders', () => {
  it('produce exactly what Lexical exports for every node we build', () => {
    const state = doc(
      paragraph('plain ', text('bold', FORMAT.bold), text('italic', FORMAT.italic), ' ', link('https://example.org/', 'a link')),
      heading('h2', 'Heading two'),
      heading('h3', 'Heading three'),
      quote('A quote'),
      list('bullet', [
        { content: ['one'] },
        { content: ['two'], nested: { kind: 'number', items: [{ content: ['two.a'] }, { content: ['two.b'], nested: { kind: 'bullet', items: [{ content: ['deep'] }] } }] } },
        { content: ['three'] },
      ]),
    );
    expect(roundTrip(state)).toEqual(state);
  });

  it('build the sample article so that it loads unchanged and validates', () => {
    const sample = sampleArticle();
    for (const state of [sample.body!, ...sample.questions!.map((q) => q.answer), ...sample.takeaways!.map((t) => t.content)]) {
      expect(LexicalStateSchema.safeParse(state).success).toBe(true);
      expect(roundTrip(state)).toEqual(state);
    }
  });

  it('extract plain text block by block, nested list items included', () => {
    const state = doc(paragraph('First ', text('bold')), list('bullet', [{ content: ['a'], nested: { kind: 'bullet', items: [{ content: ['b'] }] } }]));
    expect(plainText(state)).toBe('First bold\n\na\n\nb');
  });
});
