/**
 * The few DOM members the paste cleaner uses, spelled out so it runs on any DOM passed in — the
 * browser's in the editor, happy-dom's in unit tests — and never reaches for a global document.
 */
export interface DomNode {
  readonly nodeType: number;
  readonly nodeName: string;
  readonly childNodes: ArrayLike<DomNode>;
  readonly textContent: string | null;
}

export interface DomElement extends DomNode {
  getAttribute(name: string): string | null;
  setAttribute(name: string, value: string): void;
  appendChild(node: DomNode): unknown;
}

export interface DomDocument {
  readonly body: DomElement | null;
  createElement(tagName: string): DomElement;
  createTextNode(text: string): DomNode;
}

export interface HtmlParser {
  parseFromString(html: string, type: 'text/html'): DomDocument;
}

export const ELEMENT_NODE = 1;
export const TEXT_NODE = 3;

/** Lower-case tag name; Word's namespaced tags (`o:p`, `v:shape`) keep their prefix. */
export function tagOf(node: DomNode): string {
  return node.nodeName.toLowerCase();
}

/**
 * Inline `style` declarations as a map of lower-case property to lower-case value. Parsed by
 * hand (no CSSOM) so `mso-bidi-font-weight` is never mistaken for `font-weight`.
 */
export function styleOf(element: DomElement): Map<string, string> {
  const styles = new Map<string, string>();
  const text = element.getAttribute('style');
  if (!text) return styles;
  for (const declaration of text.split(';')) {
    const colon = declaration.indexOf(':');
    if (colon <= 0) continue;
    const property = declaration.slice(0, colon).trim().toLowerCase();
    const value = declaration
      .slice(colon + 1)
      .replace(/!important/i, '')
      .trim()
      .toLowerCase();
    if (property) styles.set(property, value);
  }
  return styles;
}
