import { z } from 'zod';
import { checkImageNode } from './image-schema';
import { ALLOWED_LINKS_HINT, isAllowedLinkUrl } from './link-url';

/**
 * Node types an article document may contain. Anything else is rejected at the boundary, so an
 * imported file can never hand the editor a node class it has not registered (Lexical throws).
 */
export const SUPPORTED_NODE_TYPES = [
  'paragraph',
  'text',
  'linebreak',
  'tab',
  'heading',
  'quote',
  'list',
  'listitem',
  'link',
  'autolink',
  'image',
  'horizontalrule',
] as const;

/** How deep a document's nodes may nest (root's children are depth 1). */
export const MAX_DEPTH = 32;

export interface SerializedNode {
  type: string;
  version: number;
  children?: SerializedNode[];
  [key: string]: unknown;
}

export interface SerializedState {
  root: SerializedNode & { type: 'root'; children: SerializedNode[] };
}

const supported = new Set<string>(SUPPORTED_NODE_TYPES);

/**
 * Walks the tree iteratively (no recursion, so a hostile deeply nested file cannot blow the
 * stack) and reports the first problem with its JSON path.
 */
function checkTree(value: unknown, ctx: z.RefinementCtx): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    ctx.addIssue({ code: 'custom', message: 'Expected a Lexical document object with a root' });
    return;
  }
  const root = (value as { root?: unknown }).root;
  if (typeof root !== 'object' || root === null || (root as { type?: unknown }).type !== 'root') {
    ctx.addIssue({ code: 'custom', message: 'Expected root.type to be "root"', path: ['root'] });
    return;
  }
  const stack: { node: unknown; path: (string | number)[]; depth: number }[] = [];
  const rootChildren = (root as { children?: unknown }).children;
  if (!Array.isArray(rootChildren)) {
    ctx.addIssue({ code: 'custom', message: 'Expected root.children to be an array', path: ['root', 'children'] });
    return;
  }
  rootChildren.forEach((node, i) => stack.push({ node, path: ['root', 'children', i], depth: 1 }));
  while (stack.length > 0) {
    const { node, path, depth } = stack.pop()!;
    if (depth > MAX_DEPTH) {
      ctx.addIssue({ code: 'custom', message: `Nested deeper than ${MAX_DEPTH} levels`, path });
      return;
    }
    if (typeof node !== 'object' || node === null || Array.isArray(node)) {
      ctx.addIssue({ code: 'custom', message: 'Expected a node object', path });
      return;
    }
    const { type, children, text } = node as { type?: unknown; children?: unknown; text?: unknown };
    if (typeof type !== 'string' || !supported.has(type)) {
      ctx.addIssue({ code: 'custom', message: `Unsupported node type ${JSON.stringify(type)}`, path: [...path, 'type'] });
      return;
    }
    if (type === 'text' && typeof text !== 'string') {
      ctx.addIssue({ code: 'custom', message: 'Text nodes need a string "text"', path: [...path, 'text'] });
      return;
    }
    if ((type === 'link' || type === 'autolink') && !isAllowedLinkUrl((node as { url?: unknown }).url)) {
      // The renderer would drop such a link, but a remote payload carries the stored JSON as is.
      const url = (node as { url?: unknown }).url;
      const shown = typeof url === 'string' ? JSON.stringify(url.slice(0, 200)) : 'with no address';
      ctx.addIssue({ code: 'custom', message: `Link ${shown} is not allowed: ${ALLOWED_LINKS_HINT}`, path: [...path, 'url'] });
      return;
    }
    if (type === 'image') {
      const problem = checkImageNode(node as Record<string, unknown>, depth);
      if (problem) {
        ctx.addIssue({ code: 'custom', message: problem.message, path: [...path, ...problem.path] });
        return;
      }
    }
    if (children !== undefined) {
      if (!Array.isArray(children)) {
        ctx.addIssue({ code: 'custom', message: 'Expected children to be an array', path: [...path, 'children'] });
        return;
      }
      children.forEach((child, i) => stack.push({ node: child, path: [...path, 'children', i], depth: depth + 1 }));
    }
  }
}

/** A serialized Lexical editor state restricted to the article node set. */
export const LexicalStateSchema = z
  .custom<SerializedState>((value) => typeof value === 'object' && value !== null, {
    message: 'Expected a Lexical document object',
  })
  .superRefine(checkTree)
  .meta({
    id: 'LexicalState',
    description: `A serialized Lexical editor state ({ "root": { "type": "root", "children": [...] } }). Node types: ${SUPPORTED_NODE_TYPES.join(', ')}.`,
  });

/** A Lexical document whose root holds exactly one paragraph (a key takeaway). */
export const SingleParagraphStateSchema = LexicalStateSchema.refine(
  (state) => state.root.children.length === 1 && state.root.children[0]?.type === 'paragraph',
  { message: 'A takeaway is exactly one paragraph' },
);
