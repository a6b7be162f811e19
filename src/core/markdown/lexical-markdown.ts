import { createHeadlessEditor } from '@lexical/headless';
import {
  $convertFromMarkdownString,
  $convertToMarkdownString,
  HEADING,
  LINK,
  ORDERED_LIST,
  QUOTE,
  TEXT_FORMAT_TRANSFORMERS,
  UNORDERED_LIST,
  type ElementTransformer,
  type Transformer,
} from '@lexical/markdown';
import type { LexicalEditor } from 'lexical';
import { $isImageNode, ImageNode } from '../../shared/lexical/image-node';
import { ARTICLE_NODES } from '../../shared/lexical/nodes';
import type { SerializedNode, SerializedState } from '../../shared/lexical/schema';

/**
 * The Markdown dialect articles use: headings, quotes, bullet and numbered lists (nested by
 * indenting; export writes four spaces a level), bold, italic, bold-italic, strikethrough,
 * highlight (==), inline code and links. Code blocks, images, tables and rules are not part of
 * it (the article node set has no such nodes).
 */
export const ARTICLE_TRANSFORMERS: Transformer[] = [HEADING, QUOTE, UNORDERED_LIST, ORDERED_LIST, ...TEXT_FORMAT_TRANSFORMERS, LINK];

/** Markdown-escapes text for an image's alt (inside `[]`) or title (inside `""`), on one line. */
function escapeImageText(text: string, quote: boolean): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return quote ? oneLine.replace(/[\\"]/g, '\\$&') : oneLine.replace(/[\\[\]]/g, '\\$&');
}

/**
 * Export only: an image becomes `![alt](assets/….png "caption")`, so a Markdown export keeps
 * the picture, its description and its caption. The pattern never matches on import: Markdown
 * images stay refused there (see article-markdown.ts): a Markdown file carries neither the
 * picture nor its size, so images are added in the editor, which copies them into the workspace.
 */
const IMAGE_EXPORT: ElementTransformer = {
  dependencies: [ImageNode],
  export: (node) => {
    if (!$isImageNode(node)) return null;
    const { src, altText, caption } = node.getPayload();
    const title = caption.trim() === '' ? '' : ` "${escapeImageText(caption, true)}"`;
    return `![${escapeImageText(altText, false)}](${src}${title})`;
  },
  regExp: /(?!)/,
  replace: () => false,
  type: 'element',
};

/** What export uses: the article dialect plus images. */
const EXPORT_TRANSFORMERS: Transformer[] = [IMAGE_EXPORT, ...ARTICLE_TRANSFORMERS];

/** Article headings are h2–h4: the headline is the page's h1, and deeper levels are not offered. */
const HEADING_TAG_ON_IMPORT: Record<string, string> = { h1: 'h2', h5: 'h4', h6: 'h4' };

// A fresh editor per call: conversions are rare (import, export) and a shared editor would carry
// state from one document into the next if a conversion ever threw halfway.
function newEditor(): LexicalEditor {
  return createHeadlessEditor({
    namespace: 'copydesk-markdown',
    nodes: [...ARTICLE_NODES],
    onError: (error) => {
      throw error;
    },
  });
}

/** Demotes h1 to h2 and h5/h6 to h4 in place, walking iteratively. */
function clampHeadings(state: SerializedState): SerializedState {
  const stack: SerializedNode[] = [...state.root.children];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'heading' && typeof node.tag === 'string') node.tag = HEADING_TAG_ON_IMPORT[node.tag] ?? node.tag;
    if (node.children) stack.push(...node.children);
  }
  return state;
}

/** Converts article Markdown to a serialized Lexical state with the article node set. */
export function markdownToLexical(md: string): SerializedState {
  const editor = newEditor();
  editor.update(() => $convertFromMarkdownString(md.replace(/\r\n?/g, '\n'), ARTICLE_TRANSFORMERS), { discrete: true });
  // Through JSON text so the result is exactly what gets stored: exportJSON leaves keys set to
  // undefined (`checked`, `textFormat`) that a database round trip would drop.
  return clampHeadings(JSON.parse(JSON.stringify(editor.getEditorState().toJSON())) as SerializedState);
}

/**
 * Converts a serialized Lexical state to Markdown. Formatting Markdown cannot express (underline,
 * alignment, text styles) is dropped; the JSON export keeps everything.
 */
export function lexicalToMarkdown(state: SerializedState): string {
  const editor = newEditor();
  // parseEditorState throws on node types outside ARTICLE_NODES; callers validate documents first.
  editor.setEditorState(editor.parseEditorState(JSON.stringify(state)));
  return editor.getEditorState().read(() => $convertToMarkdownString(EXPORT_TRANSFORMERS));
}
