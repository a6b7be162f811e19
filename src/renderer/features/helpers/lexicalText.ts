import {
  $createRangeSelection,
  $getNodeByKey,
  $getRoot,
  $isElementNode,
  $isTextNode,
  $setSelection,
  type ElementNode,
  type LexicalEditor,
  type NodeKey,
} from 'lexical';
import type { Replacement, TextMatch } from '../../../shared/text-search';

/** Finds matches in one run of text (a find query, or the TK check). */
export type Matcher = (text: string) => TextMatch[];

/** Part of a match that lies in one TextNode; offsets are within that node's text. */
export interface Segment {
  key: NodeKey;
  start: number;
  end: number;
}

/** A match inside a Lexical document. `id` is stable while the text before it is unchanged. */
export interface RichMatch {
  id: string;
  text: string;
  segments: Segment[];
}

interface Piece {
  key: NodeKey | null;
  from: number;
  to: number;
}

interface Run {
  id: string;
  text: string;
  pieces: Piece[];
}

/**
 * The document as runs of inline text, one per block (paragraph, heading, quote, list item).
 * Text inside links belongs to its block's run; a nested list starts runs of its own. Line
 * breaks and tabs stay in the text (so a match never jumps across them) but have no node.
 */
function $runs(): Run[] {
  const runs: Run[] = [];
  const visitBlock = (block: ElementNode) => {
    let run: Run = { id: `${block.getKey()}:0`, text: '', pieces: [] };
    let part = 0;
    const flush = () => {
      if (run.text !== '') runs.push(run);
      part += 1;
      run = { id: `${block.getKey()}:${part}`, text: '', pieces: [] };
    };
    const visitInline = (element: ElementNode) => {
      for (const child of element.getChildren()) {
        if ($isTextNode(child)) {
          const text = child.getTextContent();
          run.pieces.push({ key: child.getKey(), from: run.text.length, to: run.text.length + text.length });
          run.text += text;
        } else if ($isElementNode(child) && child.isInline()) {
          visitInline(child);
        } else if ($isElementNode(child)) {
          flush();
          visitBlock(child);
        } else {
          const text = child.getTextContent();
          run.pieces.push({ key: null, from: run.text.length, to: run.text.length + text.length });
          run.text += text;
        }
      }
    };
    visitInline(block);
    flush();
  };
  for (const child of $getRoot().getChildren()) {
    if ($isElementNode(child)) visitBlock(child);
  }
  return runs;
}

/** Every match in the current editor state, in document order. Call inside read/update. */
export function $collectMatches(matcher: Matcher): RichMatch[] {
  const found: RichMatch[] = [];
  for (const run of $runs()) {
    for (const match of matcher(run.text)) {
      const segments: Segment[] = [];
      for (const piece of run.pieces) {
        if (piece.key === null || piece.to <= match.start || piece.from >= match.end) continue;
        segments.push({ key: piece.key, start: Math.max(match.start, piece.from) - piece.from, end: Math.min(match.end, piece.to) - piece.from });
      }
      if (segments.length > 0) found.push({ id: `${run.id}:${match.start}`, text: run.text.slice(match.start, match.end), segments });
    }
  }
  return found;
}

/**
 * Replaces one match in place. The replacement goes into the match's first text node and so
 * takes that node's formatting (bold, link…); the rest of a match that spans differently
 * formatted nodes is deleted. Text around the match keeps its own formatting.
 */
export function $replaceMatch(match: RichMatch, replacement: string): void {
  match.segments.forEach((segment, index) => {
    const node = $getNodeByKey(segment.key);
    if (!$isTextNode(node)) return;
    const next = node.spliceText(segment.start, segment.end - segment.start, index === 0 ? replacement : '');
    if (next.getTextContentSize() === 0) next.remove();
  });
}

/**
 * Replaces every match, last first, so the offsets of the earlier ones stay valid. Returns
 * how many were replaced.
 */
export function $replaceAll(matcher: Matcher, replacement: Replacement): number {
  const matches = $collectMatches(matcher);
  // Offsets may point past text the editor's selection sits in; drop the selection rather than
  // let it dangle (focus is in the find panel anyway).
  if (matches.length > 0) $setSelection(null);
  for (let i = matches.length - 1; i >= 0; i -= 1) {
    const match = matches[i]!;
    $replaceMatch(match, typeof replacement === 'string' ? replacement : replacement(match.text));
  }
  return matches.length;
}

/** Selects a match (used when jumping to it). */
export function $selectMatch(match: RichMatch): void {
  const first = match.segments[0];
  const last = match.segments[match.segments.length - 1];
  if (!first || !last) return;
  const selection = $createRangeSelection();
  selection.anchor.set(first.key, first.start, 'text');
  selection.focus.set(last.key, last.end, 'text');
  $setSelection(selection);
}

/** Matches of an editor, read from its current state. */
export function readMatches(editor: LexicalEditor, matcher: Matcher): RichMatch[] {
  return editor.getEditorState().read(() => $collectMatches(matcher));
}
