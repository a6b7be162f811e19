import { $generateNodesFromDOM } from '@lexical/html';
import { $isElementNode, $isTextNode, type LexicalEditor, type LexicalNode } from 'lexical';
import { cleanPastedHtml } from './clean-html';
import type { HtmlParser } from './dom';

type ImportRoot = Parameters<typeof $generateNodesFromDOM>[1];

/**
 * Clipboard HTML to Lexical nodes of the article node set: cleaned first (./clean-html), then
 * imported by Lexical, then stripped of any inline style an importer might still have set, so a
 * pasted paragraph never carries a web page's fonts or colours into the article. Call inside an
 * editor update; `parser` is the page's DOMParser (or happy-dom's in tests).
 */
export function $nodesFromPastedHtml(editor: LexicalEditor, html: string, parser: HtmlParser): LexicalNode[] {
  const clean = cleanPastedHtml(html, parser);
  // The cleaner speaks a minimal DOM interface; what it returns is the parser's real element.
  const nodes = $generateNodesFromDOM(editor, clean as unknown as ImportRoot);
  const stack = [...nodes];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if ($isTextNode(node)) {
      if (node.getStyle() !== '') node.setStyle('');
    } else if ($isElementNode(node)) {
      if (node.getStyle() !== '') node.setStyle('');
      if (node.getTextStyle() !== '') node.setTextStyle('');
      if (node.getFormatType() !== '') node.setFormat('');
      stack.push(...node.getChildren());
    }
  }
  return nodes;
}
