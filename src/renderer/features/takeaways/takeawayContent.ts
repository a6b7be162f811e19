import {
  $createParagraphNode,
  $createTextNode,
  $getRoot,
  $getSelection,
  $isElementNode,
  $isParagraphNode,
  $isRangeSelection,
  $isTextNode,
  $parseSerializedNode,
  type LexicalNode,
  type SerializedLexicalNode,
} from 'lexical';
import type { Takeaway } from '../../../shared/article';
import type { SerializedNode, SerializedState } from '../../../shared/lexical/schema';

/** A new stable id ("t-" + 12 random hex digits); ids survive reordering and editing. */
export function newTakeawayId(): string {
  return `t-${crypto.randomUUID().replace(/-/g, '').slice(0, 12)}`;
}

/** A takeaway's document: a root holding exactly the given paragraph. */
export function contentFromParagraph(paragraph: SerializedNode): SerializedState {
  return { root: { children: [paragraph], direction: null, format: '', indent: 0, type: 'root', version: 1 } };
}

export function emptyParagraph(): SerializedNode {
  return { children: [], direction: null, format: '', indent: 0, type: 'paragraph', version: 1, textFormat: 0, textStyle: '' };
}

export function newTakeaway(paragraph: SerializedNode = emptyParagraph()): Takeaway {
  return { id: newTakeawayId(), content: contentFromParagraph(paragraph) };
}

/** A node and its subtree as JSON (Lexical's exportJSON is one level deep). */
export function $exportTree(node: LexicalNode): SerializedNode {
  const json = node.exportJSON() as unknown as SerializedNode;
  if ($isElementNode(node)) json.children = node.getChildren().map($exportTree);
  return json;
}

/** The inline nodes of a block, descending through nested blocks (a pasted list, a quote). */
function $inlineNodes(block: LexicalNode): LexicalNode[] {
  if (!$isElementNode(block) || block.isInline()) return [block];
  const found: LexicalNode[] = [];
  for (const child of block.getChildren()) {
    const inner = $inlineNodes(child);
    if (found.length > 0 && inner.length > 0 && $isElementNode(child) && !child.isInline()) found.push($createTextNode(' '));
    found.push(...inner);
  }
  return found;
}

/**
 * Keeps a takeaway one paragraph: anything else at the root (pasted paragraphs, a list, a
 * heading) is folded into a single paragraph, blocks joined by a space, inline formatting kept.
 * Runs as a transform, so no multi-block state is ever committed.
 */
export function $keepSingleParagraph(): void {
  const root = $getRoot();
  const blocks = root.getChildren();
  const first = blocks[0];
  if (blocks.length === 1 && $isParagraphNode(first)) return;
  const target = $createParagraphNode();
  for (const block of blocks) {
    const inline = $inlineNodes(block);
    if (target.getChildrenSize() > 0 && inline.length > 0) target.append($createTextNode(' '));
    target.append(...inline);
  }
  for (const block of blocks) if (block.isAttached()) block.remove();
  root.append(target);
  const selection = $getSelection();
  if (!$isRangeSelection(selection) || !selection.anchor.getNode().isAttached() || !selection.focus.getNode().isAttached()) target.selectEnd();
}

/**
 * Splits the takeaway at the caret (replacing any selected text first) the way Enter splits a
 * bullet: this editor keeps the text before the caret and the text after it is returned, as a
 * paragraph for a new takeaway. Call inside editor.update.
 */
export function $splitAtSelection(): SerializedNode | null {
  const selection = $getSelection();
  if (!$isRangeSelection(selection)) return null;
  if (!selection.isCollapsed()) selection.removeText();
  const head = $getRoot().getFirstChild();
  const tail = selection.insertParagraph();
  if (!tail) return null;
  const json = $exportTree(tail);
  tail.remove();
  if ($isElementNode(head) && head.isAttached()) head.selectEnd();
  return json;
}

/** True when the caret sits at the very start of the takeaway with nothing selected. */
export function $caretAtStart(): boolean {
  const selection = $getSelection();
  if (!$isRangeSelection(selection) || !selection.isCollapsed()) return false;
  const { anchor } = selection;
  if (anchor.offset !== 0) return false;
  const paragraph = $getRoot().getFirstChild();
  if (!$isElementNode(paragraph)) return false;
  if (anchor.getNode().is(paragraph)) return true;
  const firstText = paragraph.getFirstDescendant();
  return $isTextNode(firstText) && anchor.getNode().is(firstText);
}

export function $isEmptyTakeaway(): boolean {
  return $getRoot().getTextContent() === '';
}

/**
 * Appends another takeaway's inline content to this one's paragraph and puts the caret at the
 * join (Backspace at the start of a takeaway merges it into the one before, as in a doc list).
 */
export function $appendParagraphContent(paragraph: SerializedNode): void {
  const target = $getRoot().getFirstChild();
  if (!$isElementNode(target)) return;
  target.selectEnd();
  const children = (paragraph.children ?? []).map((child) => $parseSerializedNode(child as unknown as SerializedLexicalNode));
  target.append(...children);
}
