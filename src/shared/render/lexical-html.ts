import type { SerializedNode, SerializedState } from '../lexical/schema';
import { escapeAttr, escapeHtml } from './html';
import { linkHref } from '../lexical/link-url';
import { ASSET_SRC_PATTERN } from '../assets';

/**
 * Serialized Lexical JSON → HTML, without a DOM and without an editor. This is the one renderer
 * behind the preview pane and the published site. tests/unit/render-golden.test.ts holds it to
 * Lexical's own `$generateHtmlFromNodes` (same elements, same text, same formatting) for every
 * node type the article editor registers; the differences it allows are listed there.
 *
 * Every text is escaped, every link is checked with linkHref (an unsafe link becomes its text)
 * and images only come from workspace assets. Output has no whitespace inside blocks, because
 * article text is shown with `white-space: pre-wrap` (as Lexical's editor shows it).
 */

export interface LexicalHtmlOptions {
  /**
   * Turns an image node's `src` (`assets/<32 hex>.<ext>`, already checked) into the URL the page
   * loads. Trusted code, not user data: the return value is only attribute-escaped. Return null to
   * leave the image out. Default: the stored src (right for a page next to its `assets/` folder).
   */
  assetUrl?: (src: string) => string | null;
}

/** Lexical's text format bits (lexical/src/LexicalConstants.ts). */
export const TEXT_FORMAT = {
  bold: 1,
  italic: 2,
  strikethrough: 4,
  underline: 8,
  code: 16,
  subscript: 32,
  superscript: 64,
  highlight: 128,
  lowercase: 256,
  uppercase: 512,
  capitalize: 1024,
} as const;

const HEADING_TAGS = new Set(['h2', 'h3', 'h4', 'h5', 'h6']);
const ALIGNMENTS = new Set(['left', 'center', 'right', 'justify', 'start', 'end']);
/** Deeper than the schema allows (32): a malformed document cannot recurse without bound. */
const MAX_DEPTH = 64;

const str = (value: unknown): string => (typeof value === 'string' ? value : '');
const children = (node: SerializedNode): SerializedNode[] => (Array.isArray(node.children) ? node.children : []);

/**
 * Wraps escaped text in the elements Lexical uses for its format bits. Lexical writes one "outer"
 * element chosen by precedence (code, else mark, else sub, else sup: a code+highlight run loses
 * the highlight there too), then strong/em for bold/italic, s and u; text-transform becomes a class.
 */
export function formatText(text: string, format: number): string {
  let out = escapeHtml(text);
  if (format === 0) return out;
  if (format & TEXT_FORMAT.code) out = `<code>${out}</code>`;
  else if (format & TEXT_FORMAT.highlight) out = `<mark>${out}</mark>`;
  else if (format & TEXT_FORMAT.subscript) out = `<sub>${out}</sub>`;
  else if (format & TEXT_FORMAT.superscript) out = `<sup>${out}</sup>`;
  if (format & TEXT_FORMAT.lowercase) out = `<span class="tt-lowercase">${out}</span>`;
  else if (format & TEXT_FORMAT.uppercase) out = `<span class="tt-uppercase">${out}</span>`;
  else if (format & TEXT_FORMAT.capitalize) out = `<span class="tt-capitalize">${out}</span>`;
  if (format & TEXT_FORMAT.bold) out = `<strong>${out}</strong>`;
  if (format & TEXT_FORMAT.italic) out = `<em>${out}</em>`;
  if (format & TEXT_FORMAT.strikethrough) out = `<s>${out}</s>`;
  if (format & TEXT_FORMAT.underline) out = `<u>${out}</u>`;
  return out;
}

function blockAttrs(node: SerializedNode): string {
  let attrs = '';
  const format = str(node.format);
  if (ALIGNMENTS.has(format)) attrs += ` class="align-${format}"`;
  // Only rtl is worth saying: the page is ltr unless its language says otherwise.
  if (node.direction === 'rtl') attrs += ' dir="rtl"';
  return attrs;
}

class Renderer {
  constructor(private readonly options: LexicalHtmlOptions) {}

  inline(nodes: SerializedNode[], depth: number): string {
    let out = '';
    for (const node of nodes) out += this.inlineNode(node, depth);
    return out;
  }

  inlineNode(node: SerializedNode, depth: number): string {
    if (depth > MAX_DEPTH) return '';
    switch (node.type) {
      case 'text':
        return formatText(str(node.text), typeof node.format === 'number' ? node.format : 0);
      case 'linebreak':
        return '<br>';
      case 'tab':
        return '\t';
      case 'link':
      case 'autolink':
        return this.link(node, depth);
      default:
        // A block where inline content belongs (or an unknown node): keep its text, never its markup.
        return node.type === 'image' || node.type === 'horizontalrule' ? '' : this.inline(children(node), depth + 1);
    }
  }

  /** Set while a link's content renders: HTML has no link inside a link (the parser would split it). */
  private inLink = false;

  link(node: SerializedNode, depth: number): string {
    if (this.inLink) return this.inline(children(node), depth + 1);
    this.inLink = true;
    let content: string;
    try {
      content = this.inline(children(node), depth + 1);
    } finally {
      this.inLink = false;
    }
    if (node.type === 'autolink' && node.isUnlinked === true) return `<span>${content}</span>`;
    const href = linkHref(str(node.url));
    if (href === null) return content;
    let attrs = ` href="${escapeAttr(href)}"`;
    const target = str(node.target);
    if (target !== '') attrs += ` target="${escapeAttr(target)}"`;
    const rel = str(node.rel);
    if (rel !== '') attrs += ` rel="${escapeAttr(rel)}"`;
    const title = str(node.title);
    if (title !== '') attrs += ` title="${escapeAttr(title)}"`;
    return `<a${attrs}>${content}</a>`;
  }

  /** Inline content of a text block; an empty block keeps its line with a <br>, as in Lexical. */
  textBlock(tag: string, node: SerializedNode, depth: number): string {
    const kids = children(node);
    const content = kids.length === 0 ? '<br>' : this.inline(kids, depth + 1);
    return `<${tag}${blockAttrs(node)}>${content}</${tag}>`;
  }

  block(node: SerializedNode, depth: number): string {
    if (depth > MAX_DEPTH) return '';
    switch (node.type) {
      case 'paragraph':
        return this.textBlock('p', node, depth);
      case 'heading': {
        // h1 is the page's headline; a body "h1" (only possible through import) ranks below it.
        const tag = str(node.tag);
        return this.textBlock(HEADING_TAGS.has(tag) ? tag : 'h2', node, depth);
      }
      case 'quote':
        return this.textBlock('blockquote', node, depth);
      case 'list':
        return this.list(node, depth);
      case 'horizontalrule':
        return '<hr>';
      case 'image':
        return this.image(node);
      default:
        // Inline nodes at block level, or an unknown block: wrap what text there is in a paragraph.
        return `<p>${this.inlineNode(node, depth)}</p>`;
    }
  }

  list(node: SerializedNode, depth: number): string {
    const tag = node.listType === 'number' ? 'ol' : 'ul';
    // Only a positive start is written: HTML validators and feed readers expect one, and a list
    // numbered from 0 or below (which only a hand-made or fuzzed document holds) counts from 1.
    const start = typeof node.start === 'number' && Number.isInteger(node.start) && node.start > 1 ? ` start="${node.start}"` : '';
    // Lexical stores a nested list in its own item right after its parent item and, on export,
    // moves it into that parent (ListItemNode.exportDOM `after`). Do the same: hold each item
    // open until we know the next one is not a nested list that belongs inside it.
    const items: string[] = [];
    for (const item of children(node)) {
      const kids = item.type === 'listitem' ? children(item) : [item];
      const nested = kids[0]?.type === 'list';
      const content = this.listItemContent(kids, depth + 1);
      if (nested && items.length > 0) items[items.length - 1] += content;
      else items.push(content);
    }
    return `<${tag}${start}${blockAttrs(node)}>${items.map((content) => `<li>${content}</li>`).join('')}</${tag}>`;
  }

  /** A list item holds inline content and/or nested lists. */
  listItemContent(kids: SerializedNode[], depth: number): string {
    let out = '';
    for (const kid of kids) out += kid.type === 'list' ? this.list(kid, depth + 1) : this.inlineNode(kid, depth + 1);
    return out;
  }

  image(node: SerializedNode): string {
    const src = str(node.src);
    if (!ASSET_SRC_PATTERN.test(src)) return '';
    const url = this.options.assetUrl ? this.options.assetUrl(src) : src;
    if (url === null) return '';
    let attrs = ` src="${escapeAttr(url)}" alt="${escapeAttr(str(node.altText))}"`;
    for (const key of ['width', 'height'] as const) {
      const value = node[key];
      if (typeof value === 'number' && Number.isInteger(value) && value > 0) attrs += ` ${key}="${value}"`;
    }
    const caption = str(node.caption);
    const figcaption = caption === '' ? '' : `<figcaption>${escapeHtml(caption)}</figcaption>`;
    return `<figure><img${attrs} loading="lazy" decoding="async">${figcaption}</figure>`;
  }
}

/**
 * Renders a document's blocks, one per line. Two kinds of empty paragraph are left out, because
 * on a page they are only a gap: the one the editor keeps after an image so the caret has
 * somewhere to go (Lexical cannot leave a caret after a block decorator), and empty paragraphs
 * at the end. An empty paragraph between text stays: there it is the writer's spacing.
 */
export function renderLexicalHtml(state: SerializedState, options: LexicalHtmlOptions = {}): string {
  const renderer = new Renderer(options);
  const blocks = state?.root?.children;
  if (!Array.isArray(blocks)) return '';
  let end = blocks.length;
  while (end > 0 && isEmptyParagraph(blocks[end - 1]!)) end -= 1;
  const out: string[] = [];
  for (let i = 0; i < end; i += 1) {
    const block = blocks[i]!;
    if (isEmptyParagraph(block) && blocks[i - 1]?.type === 'image') continue;
    out.push(renderer.block(block, 1));
  }
  return out.join('\n');
}

/** A paragraph with nothing in it: Lexical renders it as <p><br></p>. */
function isEmptyParagraph(node: SerializedNode): boolean {
  return node?.type === 'paragraph' && children(node).length === 0;
}

/** Renders only the inline content of a single-paragraph document (a key takeaway). */
export function renderLexicalInline(state: SerializedState, options: LexicalHtmlOptions = {}): string {
  const renderer = new Renderer(options);
  const blocks = state?.root?.children;
  if (!Array.isArray(blocks)) return '';
  return blocks.map((block) => renderer.inline(children(block), 2)).join('<br>');
}

/** True when a document has no visible content (no text, no image, no rule). */
export function isEmptyDocument(state: SerializedState): boolean {
  const stack: SerializedNode[] = Array.isArray(state?.root?.children) ? [...state.root.children] : [];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'image' || node.type === 'horizontalrule') return false;
    if (node.type === 'text' && str(node.text).trim() !== '') return false;
    stack.push(...children(node));
  }
  return true;
}
