import { createHeadlessEditor } from '@lexical/headless';
import { $getRoot } from 'lexical';
import { describe, expect, it } from 'vitest';
import { lexicalToMarkdown } from '../../src/core/markdown/lexical-markdown';
import { parseArticleMarkdown } from '../../src/core/markdown/article-markdown';
import { $createImageNode, $isImageNode, ImageNode } from '../../src/shared/lexical/image-node';
import { ARTICLE_NODES } from '../../src/shared/lexical/nodes';
import { LexicalStateSchema, SUPPORTED_NODE_TYPES, type SerializedState } from '../../src/shared/lexical/schema';
import { fieldErrors } from '../../src/shared/errors';

const SRC = `assets/${'0123456789abcdef'.repeat(2)}.png`;

const image = (extra: Record<string, unknown> = {}) => ({ type: 'image', version: 1, src: SRC, altText: 'Flooded high street', caption: 'Photo: R. Ames', width: 1200, height: 800, ...extra });

const paragraph = (text: string) => ({
  type: 'paragraph',
  version: 1,
  direction: null,
  format: '',
  indent: 0,
  textFormat: 0,
  textStyle: '',
  children: [{ type: 'text', version: 1, text, detail: 0, format: 0, mode: 'normal', style: '' }],
});

function doc(...children: unknown[]): SerializedState {
  return { root: { type: 'root', version: 1, direction: null, format: '', indent: 0, children } } as unknown as SerializedState;
}

function editor() {
  return createHeadlessEditor({ namespace: 'test', nodes: [...ARTICLE_NODES], onError: (e) => { throw e; } });
}

function errorsOf(state: unknown): Record<string, string> {
  const parsed = LexicalStateSchema.safeParse(state);
  return parsed.success ? {} : fieldErrors(parsed.error.issues);
}

describe('ImageNode', () => {
  it('is registered for articles and allowed by the schema', () => {
    expect(ARTICLE_NODES).toContain(ImageNode);
    expect(SUPPORTED_NODE_TYPES).toContain('image');
  });

  it('round-trips its JSON through a headless editor exactly', () => {
    const e = editor();
    const state = doc(paragraph('Before'), image(), paragraph('After'));
    e.setEditorState(e.parseEditorState(JSON.stringify(state)));
    const out = JSON.parse(JSON.stringify(e.getEditorState().toJSON())) as SerializedState;
    expect(out.root.children[1]).toEqual(image());
    e.getEditorState().read(() => {
      const node = $getRoot().getChildAtIndex(1);
      expect($isImageNode(node)).toBe(true);
      expect((node as ImageNode).getPayload()).toMatchObject({ src: SRC, altText: 'Flooded high street', width: 1200 });
    });
  });

  it('is created as a block with $createImageNode and serializes to the agreed shape', () => {
    const e = editor();
    e.update(
      () => {
        $getRoot().append($createImageNode({ src: SRC, altText: 'A map', caption: '', width: 10, height: 20 }));
      },
      { discrete: true },
    );
    const json = e.getEditorState().toJSON() as unknown as SerializedState;
    expect(json.root.children).toEqual([{ type: 'image', version: 1, src: SRC, altText: 'A map', caption: '', width: 10, height: 20 }]);
    expect(LexicalStateSchema.safeParse(json).success).toBe(true);
  });
});

describe('image validation', () => {
  it('accepts a well-formed image', () => {
    expect(errorsOf(doc(paragraph('x'), image()))).toEqual({});
  });

  it('rejects an image without alt text with the exact field path', () => {
    expect(errorsOf(doc(paragraph('a'), paragraph('b'), paragraph('c'), image({ altText: '' })))).toEqual({
      'root.children.3.altText': expect.stringMatching(/Alt text is required/),
    });
    expect(errorsOf(doc(image({ altText: '   ' })))).toHaveProperty(['root.children.0.altText']);
    const { altText: _omit, ...noAlt } = image();
    expect(errorsOf(doc(noAlt))).toHaveProperty(['root.children.0.altText']);
  });

  it.each([
    '../x.png',
    'assets/../copydesk.db',
    `assets/${'a'.repeat(32)}.svg`,
    `assets/${'A'.repeat(32)}.png`,
    `assets/${'a'.repeat(31)}.png`,
    `https://example.org/${'a'.repeat(32)}.png`,
    `javascript:alert(1)//assets/${'a'.repeat(32)}.png`,
    `/assets/${'a'.repeat(32)}.png`,
    `assets/${'a'.repeat(32)}.png?x=1`,
    '',
  ])('rejects src %j', (src) => {
    expect(errorsOf(doc(image({ src })))).toHaveProperty(['root.children.0.src']);
  });

  it.each([
    ['width', 0],
    ['width', 1.5],
    ['height', -3],
    ['height', 20_001],
    ['width', '100'],
  ])('rejects %s %j', (field, value) => {
    expect(errorsOf(doc(image({ [field]: value })))).toHaveProperty([`root.children.0.${field}`]);
  });

  it('limits alt text and caption to 1000 characters', () => {
    expect(errorsOf(doc(image({ altText: 'a'.repeat(1000) })))).toEqual({});
    expect(errorsOf(doc(image({ altText: 'a'.repeat(1001) })))).toHaveProperty(['root.children.0.altText']);
    expect(errorsOf(doc(image({ caption: 'c'.repeat(1001) })))).toHaveProperty(['root.children.0.caption']);
    expect(errorsOf(doc(image({ caption: 7 })))).toHaveProperty(['root.children.0.caption']);
  });

  it('keeps images at the top level (never inside a paragraph or list)', () => {
    const nested = { ...paragraph('x'), children: [image()] };
    expect(errorsOf(doc(nested))).toHaveProperty(['root.children.0.children.0.type']);
    expect(errorsOf(doc(image({ children: [] })))).toHaveProperty(['root.children.0.children']);
  });
});

describe('images in Markdown', () => {
  it('exports an image as ![alt](src "caption") with escaping', () => {
    const md = lexicalToMarkdown(doc(paragraph('Before'), image({ altText: 'A [bad] \\ day', caption: 'Say "cheese"\nplease' }), paragraph('After')));
    expect(md).toBe(`Before\n\n![A \\[bad\\] \\\\ day](${SRC} "Say \\"cheese\\" please")\n\nAfter`);
  });

  it('exports an image without a caption as ![alt](src)', () => {
    expect(lexicalToMarkdown(doc(image({ caption: '' })))).toBe(`![Flooded high street](${SRC})`);
  });

  it('still refuses images on Markdown import, with a clear reason and line', () => {
    const text = `---\ntitle: Flood\n---\n\nIntro\n\n![Flooded high street](${SRC})\n`;
    expect(() => parseArticleMarkdown(text, 'flood.md')).toThrow(/line 7.*images cannot be imported from Markdown|images cannot be imported from Markdown/);
  });
});
