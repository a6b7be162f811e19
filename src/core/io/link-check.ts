import type { SerializedNode, SerializedState } from '../../shared/lexical/schema';

const ALLOWED_PROTOCOLS = new Set(['http:', 'https:', 'mailto:', 'tel:']);
// Relative links ("/about", "#notes") resolve against this and so count as https.
const BASE = 'https://copydesk.invalid/';

/** Whether a link target is safe to publish: web, mail or phone links, or relative ones. */
export function isAllowedLinkUrl(url: string): boolean {
  try {
    return ALLOWED_PROTOCOLS.has(new URL(url, BASE).protocol);
  } catch {
    return false;
  }
}

/**
 * The first link whose URL is not allowed (`javascript:`, `data:`, unparsable…), with its path
 * inside the document, or null. Imported files are untrusted, so this runs before anything is stored.
 */
export function findDisallowedLink(state: SerializedState): { url: string; path: (string | number)[] } | null {
  const stack: { node: SerializedNode; path: (string | number)[] }[] = state.root.children.map((node, i) => ({
    node,
    path: ['root', 'children', i],
  }));
  // Breadth-first with a moving index: document order for the report, no recursion on hostile depth.
  for (let next = 0; next < stack.length; next += 1) {
    const { node, path } = stack[next]!;
    if ((node.type === 'link' || node.type === 'autolink') && !(typeof node.url === 'string' && isAllowedLinkUrl(node.url))) {
      return { url: String(node.url), path: [...path, 'url'] };
    }
    node.children?.forEach((child, i) => stack.push({ node: child, path: [...path, 'children', i] }));
  }
  return null;
}
