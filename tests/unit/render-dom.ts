import { Window, type Document, type Element, type Node } from 'happy-dom';

/**
 * DOM helpers for the renderer tests: parse HTML with happy-dom, and reduce a fragment to a
 * canonical text form so our renderer's output can be compared with Lexical's.
 *
 * What the canonical form keeps: every element that carries structure or meaning (p, h2–h6,
 * blockquote, ul/ol and their `start`, li, a and its href/target/rel/title, br, hr, figure, img
 * and its src/alt/width/height, figcaption), every character of text, and, for each run of text,
 * the set of inline formats around it.
 *
 * What it deliberately ignores, and why:
 * - Attribute order and the whitespace-only text between blocks (children of the fragment, ul,
 *   ol, figure): neither changes what a browser shows.
 * - `class`, `style`, `dir`, `spellcheck`, `data-lexical-*`, and `value` on li: Lexical's exportDOM
 *   copies editor state into the markup (`white-space: pre-wrap` on every text span, theme classes,
 *   the computed direction, the list counter it recomputes on each update). Our page gets
 *   pre-wrap from its stylesheet and numbering from the ol itself.
 *   The one style that changes what readers see, `text-transform`, is read first and kept as a
 *   format (ours is the class `tt-<value>`).
 * - `loading` and `decoding` on img: loading hints the published page adds.
 * - How inline format elements nest and which synonyms they use: Lexical writes bold as
 *   `<b><strong>`, italic as `<i><em>` and nests them in a fixed order of its own; we write one
 *   `<strong>`/`<em>`. Both are compared as the SET of formats on each text run (b≡strong,
 *   i≡em), so a missing, extra or wrong format still fails. Attribute-free `<span>`s (Lexical
 *   wraps every text run in one) are transparent.
 * - `<a href="about:blank">`: that is how Lexical neutralises a link with a forbidden scheme; we
 *   render such a link as its plain text, so the anchor is unwrapped before comparing.
 * - href values are compared after URL parsing (`https://x.y` ≡ `https://x.y/`).
 */

export const window = new Window();

export function parseFragment(html: string): Element {
  const template = window.document.createElement('template');
  template.innerHTML = html;
  const root = window.document.createElement('div');
  root.append(template.content.cloneNode(true));
  return root;
}

export function parseDocument(html: string): Document {
  return new window.DOMParser().parseFromString(html, 'text/html');
}

const FORMAT_TAGS: Record<string, string> = {
  b: 'strong',
  strong: 'strong',
  i: 'em',
  em: 'em',
  s: 's',
  u: 'u',
  code: 'code',
  mark: 'mark',
  sub: 'sub',
  sup: 'sup',
};
const IGNORED_ATTRS = new Set(['class', 'style', 'dir', 'spellcheck', 'loading', 'decoding']);
const BLOCK_CONTAINERS = new Set(['ROOT', 'UL', 'OL', 'FIGURE']);

function textTransform(el: Element): string | null {
  const fromStyle = /text-transform:\s*([a-z]+)/.exec(el.getAttribute('style') ?? '')?.[1];
  if (fromStyle) return `tt-${fromStyle}`;
  const fromClass = /(?:^|\s)tt-([a-z]+)/.exec(el.getAttribute('class') ?? '')?.[1];
  return fromClass ? `tt-${fromClass}` : null;
}

function attrs(el: Element): string {
  const tag = el.tagName.toLowerCase();
  const out: string[] = [];
  for (const attr of Array.from(el.attributes)) {
    const name = attr.name.toLowerCase();
    if (IGNORED_ATTRS.has(name) || name.startsWith('data-lexical')) continue;
    if (tag === 'li' && name === 'value') continue;
    const raw = attr.value ?? '';
    const value = name === 'href' ? new URL(raw, 'http://base.invalid/').href : raw;
    out.push(`${name}=${JSON.stringify(value)}`);
  }
  return out.sort().join(' ');
}

/** Canonical, indented lines for a fragment root (see the rules above). */
export function canonical(root: Element): string {
  const lines: string[] = [];
  let pending: { text: string; marks: string; indent: number } | null = null;
  const flush = () => {
    if (pending) lines.push(`${'  '.repeat(pending.indent)}${JSON.stringify(pending.text)}${pending.marks ? ` [${pending.marks}]` : ''}`);
    pending = null;
  };
  const walk = (node: Node, indent: number, marks: Set<string>, parentTag: string) => {
    if (node.nodeType === 3) {
      const text = node.textContent ?? '';
      if (BLOCK_CONTAINERS.has(parentTag) && text.trim() === '') return;
      const key = [...marks].sort().join(',');
      if (pending && pending.marks === key && pending.indent === indent) pending.text += text;
      else {
        flush();
        pending = { text, marks: key, indent };
      }
      return;
    }
    if (node.nodeType !== 1) return;
    const el = node as Element;
    const tag = el.tagName.toLowerCase();
    const format = FORMAT_TAGS[tag];
    const transform = format || tag === 'span' ? textTransform(el) : null;
    const unsafeLink = tag === 'a' && el.getAttribute('href') === 'about:blank';
    if (format || tag === 'span' || unsafeLink) {
      const inner = new Set(marks);
      if (format) inner.add(format);
      if (transform) inner.add(transform);
      for (const child of Array.from(el.childNodes)) walk(child, indent, inner, parentTag);
      return;
    }
    flush();
    const a = attrs(el);
    lines.push(`${'  '.repeat(indent)}<${tag}${a ? ` ${a}` : ''}>`);
    for (const child of Array.from(el.childNodes)) walk(child, indent + 1, marks, el.tagName);
    flush();
  };
  for (const child of Array.from(root.childNodes)) walk(child, 0, new Set(), 'ROOT');
  flush();
  return lines.join('\n');
}
