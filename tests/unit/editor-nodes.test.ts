import { createHeadlessEditor } from '@lexical/headless';
import { describe, expect, it } from 'vitest';
import { doc, FORMAT, heading, link, list, paragraph, quote, text } from '../../src/shared/lexical/build';
import { ARTICLE_NODES } from '../../src/shared/lexical/nodes';
import { LexicalStateSchema, SUPPORTED_NODE_TYPES, type SerializedNode, type SerializedState } from '../../src/shared/lexical/schema';

/** Parse in a headless editor with exactly the article nodes, export again. */
function roundTrip(state: SerializedState): unknown {
  const editor = createHeadlessEditor({ nodes: [...ARTICLE_NODES], onError: (error) => { throw error; } });
  editor.setEditorState(editor.parseEditorState(JSON.stringify(state)));
  // Through JSON text, as it is stored: exportJSON may leave keys set to undefined.
  return JSON.parse(JSON.stringify(editor.getEditorState().toJSON())) as unknown;
}

const HORIZONTAL_RULE: SerializedNode = { type: 'horizontalrule', version: 1 };

const { bold, italic, underline, strikethrough, code } = FORMAT;

/** One document holding every node type and text format the body editor can produce. */
function everything(): SerializedState {
  return doc(
    heading('h2', 'Council approves the plan'),
    heading('h3', 'What changes'),
    heading('h4', 'For renters'),
    paragraph(
      'plain ',
      text('bold', bold),
      text('italic', italic),
      text('underline', underline),
      text('strikethrough', strikethrough),
      text('code', code),
      text('bold italic', bold | italic),
      text('underline strike', underline | strikethrough),
      text('all five', bold | italic | underline | strikethrough | code),
      ' ',
      link('https://example.org/minutes', 'the minutes'),
      ' and ',
      link('mailto:desk@example.org', 'the desk'),
    ),
    quote('“We will pay for it,” ', text('the mayor', bold), ' said.', { type: 'linebreak', version: 1 }, 'Second line.'),
    HORIZONTAL_RULE,
    list('bullet', [
      { content: ['one'] },
      {
        content: ['two'],
        nested: {
          kind: 'number',
          items: [{ content: ['two.a'] }, { content: ['two.b'], nested: { kind: 'bullet', items: [{ content: [text('deep', italic)] }] } }],
        },
      },
      { content: [link('https://example.org/', 'three')] },
    ]),
    list('number', [{ content: ['first'], nested: { kind: 'bullet', items: [{ content: ['aside'] }] } }, { content: ['second'] }]),
    paragraph('After the rule.'),
  );
}

function typesIn(node: SerializedNode, into = new Set<string>()): Set<string> {
  into.add(node.type);
  for (const child of node.children ?? []) typesIn(child, into);
  return into;
}

describe('article nodes round-trip through a headless editor', () => {
  it('keeps every node and text format exactly (parse, export, deep equal)', () => {
    const state = everything();
    expect(roundTrip(state)).toEqual(state);
  });

  it('covers every supported node type the body editor makes', () => {
    const types = typesIn(everything().root);
    // autolink comes only from pasted or imported text, image from the image helper's node.
    for (const type of SUPPORTED_NODE_TYPES.filter((t) => !['autolink', 'image', 'tab'].includes(t))) {
      expect(types.has(type), `missing ${type}`).toBe(true);
    }
  });

  it('serializes a horizontal rule as { type: "horizontalrule", version: 1 } and validates it', () => {
    const state = doc(paragraph('Above'), HORIZONTAL_RULE, paragraph('Below'));
    const exported = roundTrip(state) as SerializedState;
    expect(exported.root.children[1]).toEqual({ type: 'horizontalrule', version: 1 });
    expect(LexicalStateSchema.safeParse(exported).success).toBe(true);
  });

  it('validates the whole document against the stored-document schema', () => {
    expect(LexicalStateSchema.safeParse(everything()).success).toBe(true);
  });

  it('keeps headings h2, h3 and h4 as they are', () => {
    for (const tag of ['h2', 'h3', 'h4'] as const) {
      const exported = roundTrip(doc(heading(tag, tag))) as SerializedState;
      expect(exported.root.children[0]).toMatchObject({ type: 'heading', tag });
    }
  });
});
