import { safeHref } from '../render/html';
import type { SerializedNode, SerializedState } from './schema';

/**
 * The one decision about article link targets, shared by the schema (save, import, remote
 * payloads), the importers (which add a line number) and the DOM-free renderer: web and mail
 * links, and relative or fragment links. `javascript:`, `data:`, `vbscript:` and anything else
 * is refused in every spelling, because the scheme is read by `new URL` (which lowercases it and
 * drops the tabs, newlines and leading control characters a browser would ignore), not by a regex.
 */
export const LINK_SCHEMES: readonly string[] = ['http:', 'https:', 'mailto:'];

// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

/** What the message to a person says is allowed. */
export const ALLOWED_LINKS_HINT = 'use an http, https or mailto address, or a relative link';

/**
 * The URL a link points at, as Lexical's LinkNode writes it (formatUrl: a bare domain gets
 * https://, an address gets mailto:), then held to the scheme allow-list. Null = not a link.
 */
export function linkHref(url: string): string | null {
  const trimmed = url.trim();
  // The stored JSON goes to other renderers too (Ghost, the site API), which may decode
  // character references or drop control characters before they read the scheme: refuse a URL
  // whose meaning could change that way ("java&#115;cript:", "&colon;", "java\u0001script:").
  // A scheme or host never holds "&", so only the part before the path is looked at.
  if (CONTROL_CHARACTER.test(url) || /^[^/?#]*&/.test(trimmed)) return null;
  let formatted: string;
  if (/^[a-z][a-z0-9+.-]*:/i.test(trimmed) || /^[/#.]/.test(trimmed)) formatted = trimmed;
  else if (trimmed.includes('@')) formatted = `mailto:${trimmed}`;
  else formatted = `https://${trimmed}`;
  return safeHref(formatted, LINK_SCHEMES);
}

/** Whether a link node's `url` may be stored: exactly the links the renderer would publish. */
export function isAllowedLinkUrl(url: unknown): boolean {
  return typeof url === 'string' && linkHref(url) !== null;
}

const isLink = (node: SerializedNode): boolean => node.type === 'link' || node.type === 'autolink';
const isRefusedLink = (node: SerializedNode): boolean => isLink(node) && !isAllowedLinkUrl(node.url);

/**
 * The first link whose URL is not allowed, with its path inside the document, or null.
 * Breadth-first with a moving index: document order for the report, no recursion on hostile depth.
 */
export function findDisallowedLink(state: SerializedState): { url: string; path: (string | number)[] } | null {
  const queue: { node: SerializedNode; path: (string | number)[] }[] = state.root.children.map((node, i) => ({
    node,
    path: ['root', 'children', i],
  }));
  for (let next = 0; next < queue.length; next += 1) {
    const { node, path } = queue[next]!;
    if (isRefusedLink(node)) return { url: String(node.url), path: [...path, 'url'] };
    if (Array.isArray(node.children)) node.children.forEach((child, i) => queue.push({ node: child, path: [...path, 'children', i] }));
  }
  return null;
}

/**
 * A copy of the document in which every disallowed link is replaced by its text, for payloads
 * built from articles stored before the schema refused such links. Iterative, like the schema.
 */
export function withoutDisallowedLinks(state: SerializedState): SerializedState {
  if (findDisallowedLink(state) === null) return state;
  const copy = JSON.parse(JSON.stringify(state)) as SerializedState;
  const stack: SerializedNode[] = [copy.root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (!Array.isArray(node.children)) continue;
    let kids = node.children;
    // Again until none is left: a refused link may hold another one.
    while (kids.some(isRefusedLink)) kids = kids.flatMap((child) => (isRefusedLink(child) ? (child.children ?? []) : [child]));
    node.children = kids;
    stack.push(...kids);
  }
  return copy;
}
