import { createHeadlessEditor } from '@lexical/headless';
import { $convertFromMarkdownString, $convertToMarkdownString } from '@lexical/markdown';
import { describe, expect, it } from 'vitest';
import { BODY_MARKDOWN_SHORTCUTS } from '../../src/renderer/editor/markdown-shortcuts';
import { ARTICLE_NODES } from '../../src/shared/lexical/nodes';
import type { SerializedNode, SerializedState } from '../../src/shared/lexical/schema';

/**
 * The shortcut transformers, run through Lexical's Markdown import (the same `replace` functions
 * the typing shortcuts call) in a headless editor with the article's nodes.
 */
function convert(markdown: string): SerializedNode[] {
  const editor = createHeadlessEditor({ nodes: [...ARTICLE_NODES], onError: (error) => { throw error; } });
  editor.update(() => $convertFromMarkdownString(markdown, BODY_MARKDOWN_SHORTCUTS), { discrete: true });
  return (JSON.parse(JSON.stringify(editor.getEditorState().toJSON())) as SerializedState).root.children;
}

describe('body Markdown shortcuts', () => {
  it('issue 15.7: map ##, ### and #### to H2, H3 and H4, as the Markdown article format does', () => {
    expect(convert('## Two\n\n### Three\n\n#### Four').map((n) => n.tag)).toEqual(['h2', 'h3', 'h4']);
  });

  it('issue 15.7: demote a single # to H2 (the headline is the H1), as the import does', () => {
    expect(convert('# One').map((n) => n.tag)).toEqual(['h2']);
  });

  it('issue 15.7: export headings with the same marks the shortcuts take', () => {
    const editor = createHeadlessEditor({ nodes: [...ARTICLE_NODES], onError: (error) => { throw error; } });
    editor.update(() => $convertFromMarkdownString('## Two\n\n### Three\n\n#### Four', BODY_MARKDOWN_SHORTCUTS), { discrete: true });
    const markdown = editor.getEditorState().read(() => $convertToMarkdownString(BODY_MARKDOWN_SHORTCUTS));
    expect(markdown).toBe('## Two\n\n### Three\n\n#### Four');
  });

  it('make quotes, bulleted and numbered lists and horizontal rules', () => {
    const nodes = convert('> Quoted\n\n- bullet\n\n1. number\n\n---\n\nafter');
    expect(nodes.map((n) => n.type)).toEqual(['quote', 'list', 'list', 'horizontalrule', 'paragraph']);
    expect(nodes[1]).toMatchObject({ listType: 'bullet' });
    expect(nodes[2]).toMatchObject({ listType: 'number' });
    expect(nodes[3]).toEqual({ type: 'horizontalrule', version: 1 });
  });

  it('format **bold**, _italic_ and `code`', () => {
    const [paragraph] = convert('**bold** _italic_ `code`');
    const formats = Object.fromEntries((paragraph?.children ?? []).filter((n) => n.text !== ' ').map((n) => [n.text, n.format]));
    expect(formats).toEqual({ bold: 1, italic: 2, code: 16 });
  });

  it('never make code blocks, and never make links (links go through the checked popover)', () => {
    const nodes = convert('```\nconst x = 1;\n```\n\n[click](javascript:alert(1))');
    const types = new Set<string>();
    const visit = (node: SerializedNode) => {
      types.add(node.type);
      node.children?.forEach(visit);
    };
    nodes.forEach(visit);
    expect(types.has('code')).toBe(false);
    expect(types.has('link')).toBe(false);
  });
});
