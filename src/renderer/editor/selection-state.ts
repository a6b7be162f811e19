import { $isLinkNode, type LinkNode } from '@lexical/link';
import { $isListNode, ListNode } from '@lexical/list';
import { $isHeadingNode, $isQuoteNode } from '@lexical/rich-text';
import { $findMatchingParent, $getNearestNodeOfType } from '@lexical/utils';
import { $getSelection, $isRangeSelection, $isRootOrShadowRoot, type BaseSelection, type LexicalNode, type TextFormatType } from 'lexical';

export type BlockType = 'paragraph' | 'h2' | 'h3' | 'h4' | 'quote' | 'bullet' | 'number';

export const TEXT_FORMATS = ['bold', 'italic', 'underline', 'strikethrough', 'code'] as const satisfies readonly TextFormatType[];
export type BodyTextFormat = (typeof TEXT_FORMATS)[number];

export interface SelectionState {
  block: BlockType | null;
  formats: Record<BodyTextFormat, boolean>;
  inLink: boolean;
}

export const EMPTY_SELECTION_STATE: SelectionState = {
  block: null,
  formats: { bold: false, italic: false, underline: false, strikethrough: false, code: false },
  inLink: false,
};

function $linkOf(node: LexicalNode): LinkNode | null {
  return $findMatchingParent(node, (parent): parent is LinkNode => $isLinkNode(parent));
}

/** The link both ends of the selection are in, if they are in the same one. */
export function $linkInSelection(selection: BaseSelection | null): LinkNode | null {
  if (!$isRangeSelection(selection)) return null;
  const anchorLink = $linkOf(selection.anchor.getNode());
  const focusLink = $linkOf(selection.focus.getNode());
  return anchorLink !== null && focusLink !== null && anchorLink.is(focusLink) ? anchorLink : null;
}

function $blockTypeOf(node: LexicalNode): BlockType | null {
  const list = $getNearestNodeOfType(node, ListNode);
  if ($isListNode(list)) return list.getListType() === 'number' ? 'number' : list.getListType() === 'bullet' ? 'bullet' : null;
  const block = node.getKey() === 'root' ? null : $findMatchingParent(node, (parent) => $isRootOrShadowRoot(parent.getParent()));
  if (block === null) return null;
  if ($isHeadingNode(block)) {
    const tag = block.getTag();
    return tag === 'h2' || tag === 'h3' || tag === 'h4' ? tag : null;
  }
  if ($isQuoteNode(block)) return 'quote';
  return block.getType() === 'paragraph' ? 'paragraph' : null;
}

/** What the toolbar shows for the current selection: its block type, text formats and link. */
export function $readSelectionState(): SelectionState {
  const selection = $getSelection();
  if (!$isRangeSelection(selection)) return EMPTY_SELECTION_STATE;
  const formats = { ...EMPTY_SELECTION_STATE.formats };
  for (const format of TEXT_FORMATS) formats[format] = selection.hasFormat(format);
  return { block: $blockTypeOf(selection.anchor.getNode()), formats, inLink: $linkInSelection(selection) !== null };
}

/** Same block, formats and link: the toolbar would render the same, so it need not re-render. */
export function sameSelectionState(a: SelectionState, b: SelectionState): boolean {
  return a.block === b.block && a.inLink === b.inLink && TEXT_FORMATS.every((format) => a.formats[format] === b.formats[format]);
}
