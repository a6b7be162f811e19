import type { SerializedNode, SerializedState } from './schema';

/**
 * Small builders for serialized Lexical JSON. They produce exactly what Lexical's own
 * exportJSON() writes, so documents built here (the sample article, tests) load in the editor
 * and round-trip unchanged.
 */
export const FORMAT = { bold: 1, italic: 2, strikethrough: 4, underline: 8, code: 16 } as const;

export type Inline = string | SerializedNode;

export function text(value: string, format = 0): SerializedNode {
  return { detail: 0, format, mode: 'normal', style: '', text: value, type: 'text', version: 1 };
}

export function link(url: string, label: string): SerializedNode {
  return {
    children: [text(label)],
    direction: null,
    format: '',
    indent: 0,
    type: 'link',
    version: 1,
    rel: null,
    target: null,
    title: null,
    url,
  };
}

function inlines(children: Inline[]): SerializedNode[] {
  return children.map((c) => (typeof c === 'string' ? text(c) : c));
}

function element(type: string, children: SerializedNode[], extra: Record<string, unknown> = {}): SerializedNode {
  return { children, direction: null, format: '', indent: 0, type, version: 1, ...extra };
}

export function paragraph(...children: Inline[]): SerializedNode {
  return element('paragraph', inlines(children), { textFormat: 0, textStyle: '' });
}

export function heading(tag: 'h2' | 'h3' | 'h4', ...children: Inline[]): SerializedNode {
  return element('heading', inlines(children), { tag });
}

export function quote(...children: Inline[]): SerializedNode {
  return element('quote', inlines(children));
}

/** A list item: inline content, optionally followed by a nested list. */
export interface Item {
  content: Inline[];
  nested?: { kind: 'bullet' | 'number'; items: Item[] };
}

export function list(kind: 'bullet' | 'number', items: Item[], depth = 0): SerializedNode {
  const children: SerializedNode[] = [];
  let value = 1;
  for (const item of items) {
    children.push(element('listitem', inlines(item.content), { indent: depth, value }));
    value += 1;
    if (item.nested) {
      // Lexical nests a list inside its own list item that follows the parent item; that wrapper
      // takes the next number without consuming it (as Lexical's own renumbering does).
      const nested = list(item.nested.kind, item.nested.items, depth + 1);
      children.push(element('listitem', [nested], { indent: depth, value }));
    }
  }
  return element('list', children, { listType: kind, start: 1, tag: kind === 'bullet' ? 'ul' : 'ol' });
}

export function doc(...blocks: SerializedNode[]): SerializedState {
  return { root: { children: blocks, direction: null, format: '', indent: 0, type: 'root', version: 1 } };
}

export function emptyDoc(): SerializedState {
  return doc(paragraph());
}

/** Plain text of a document: blocks separated by blank lines, for search, counts and diffs. */
export function plainText(state: SerializedState): string {
  const blocks: string[] = [];
  const walkInline = (node: SerializedNode): string => {
    if (node.type === 'text') return String(node.text ?? '');
    if (node.type === 'linebreak') return '\n';
    if (node.type === 'tab') return '\t';
    return (node.children ?? []).map(walkInline).join('');
  };
  const walkBlock = (node: SerializedNode): void => {
    const kids = node.children ?? [];
    if (node.type === 'list' || (node.type === 'listitem' && kids.some((k) => k.type === 'list'))) {
      kids.forEach(walkBlock);
      return;
    }
    blocks.push(walkInline(node));
  };
  state.root.children.forEach(walkBlock);
  return blocks.filter((b) => b.trim() !== '').join('\n\n');
}
