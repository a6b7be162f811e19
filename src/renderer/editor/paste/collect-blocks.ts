import { isSafeLinkUrl } from '../links';
import { ELEMENT_NODE, TEXT_NODE, styleOf, tagOf, type DomElement, type DomNode } from './dom';

/**
 * First half of the paste cleaner: reads whatever a web page, Word or Google Docs put on the
 * clipboard and keeps only what the article can hold, as a flat list of blocks of formatted text
 * runs. Flat, because Word writes lists as flat paragraphs with a level, web pages nest them, and
 * Google Docs does both; ./build-clean-html turns the blocks back into tidy nested HTML.
 */

export const BOLD = 1;
export const ITALIC = 2;
export const UNDERLINE = 4;
export const STRIKETHROUGH = 8;
export const CODE = 16;

export type ListKind = 'ul' | 'ol';
export type BlockKind = 'p' | 'h2' | 'h3' | 'h4' | 'quote' | 'li' | 'hr';

export type Run =
  | { kind: 'text'; text: string; format: number; href: string | null }
  | { kind: 'break' }
  | { kind: 'image'; src: string; alt: string };

export interface Block {
  kind: BlockKind;
  runs: Run[];
  /** For list items: the kinds of the enclosing lists, outermost first (its depth is the length). */
  lists: ListKind[];
  /** Items of different lists (two <ul>s in a row, Word's l0 and l1) stay in separate lists. */
  listId: string;
}

interface Context {
  format: number;
  href: string | null;
  /** The kind of block that loose text opens here. */
  kind: BlockKind;
  lists: ListKind[];
  listId: string;
  /** Inside a list item or quote: inner paragraphs become line breaks, not new blocks. */
  hosted: boolean;
  depth: number;
}

/** Elements whose content is never article text (or, for Word's o:/v:, only layout filler). */
const DROPPED = new Set([
  'script', 'style', 'noscript', 'template', 'iframe', 'frame', 'object', 'embed', 'svg', 'math', 'canvas',
  'video', 'audio', 'head', 'title', 'meta', 'link', 'base', 'button', 'input', 'select', 'textarea',
  'option', 'datalist', 'map', 'area', 'source', 'track', 'colgroup', 'col', 'dialog',
]);

/** Elements that start a new block (tables are flattened: each cell becomes its own paragraph). */
const CONTAINERS = new Set([
  'p', 'div', 'pre', 'section', 'article', 'header', 'footer', 'main', 'aside', 'nav', 'figure',
  'figcaption', 'address', 'center', 'dl', 'dt', 'dd', 'details', 'summary', 'hgroup', 'form', 'fieldset',
  'legend', 'table', 'caption', 'thead', 'tbody', 'tfoot', 'tr', 'td', 'th', 'body', 'html',
]);

/** The body starts at h2 (the headline is the page's h1), and offers nothing below h4. */
const HEADINGS: Record<string, BlockKind> = { h1: 'h2', h2: 'h2', h3: 'h3', h4: 'h4', h5: 'h4', h6: 'h4' };

const TAG_FORMATS: Record<string, number> = {
  b: BOLD, strong: BOLD, th: BOLD,
  i: ITALIC, em: ITALIC, cite: ITALIC, var: ITALIC, dfn: ITALIC,
  u: UNDERLINE, ins: UNDERLINE,
  s: STRIKETHROUGH, strike: STRIKETHROUGH, del: STRIKETHROUGH,
  code: CODE, kbd: CODE, samp: CODE, tt: CODE,
};

/** Past this nesting the rest of a subtree is kept as plain text, so hostile input cannot recurse us away. */
const MAX_NESTING = 200;

/** Pasted images may only be inline data; remote ones would be fetched from the network and are dropped. */
const INLINE_IMAGE = /^data:image\/(png|jpeg|gif|webp);base64,/i;

function formatFor(tag: string, element: DomElement, inherited: number, inLink: boolean): number {
  let format = inherited | (TAG_FORMATS[tag] ?? 0);
  // Google Docs wraps the whole clipboard in <b id="docs-internal-guid-…" style="font-weight:normal">.
  if (tag === 'b' && element.getAttribute('id')?.startsWith('docs-internal-guid')) format = inherited;
  const style = styleOf(element);
  const weight = style.get('font-weight');
  if (weight) {
    const numeric = Number.parseInt(weight, 10);
    if (weight === 'bold' || weight === 'bolder' || numeric >= 600) format |= BOLD;
    else if (weight === 'normal' || weight === 'lighter' || numeric > 0) format &= ~BOLD;
  }
  const fontStyle = style.get('font-style');
  if (fontStyle === 'italic' || fontStyle === 'oblique') format |= ITALIC;
  else if (fontStyle === 'normal') format &= ~ITALIC;
  const decoration = style.get('text-decoration-line') ?? style.get('text-decoration');
  if (decoration) {
    // Google Docs and Word underline link text with a style; the link itself shows that already.
    if (decoration.includes('underline') && !inLink) format |= UNDERLINE;
    if (decoration.includes('line-through')) format |= STRIKETHROUGH;
    if (decoration === 'none') format &= ~(UNDERLINE | STRIKETHROUGH);
  }
  return format;
}

/** Word's list paragraphs: `mso-list: l0 level2 lfo1` and a marker span Word shows instead of a real list. */
function wordListOf(element: DomElement): { id: string; level: number; kind: ListKind } | null {
  const msoList = styleOf(element).get('mso-list');
  const match = msoList?.match(/^(l\d+)\s+level(\d+)/);
  if (!match) return null;
  const marker = (findWordListMarker(element) ?? '').replace(/[\s\u00a0]+/g, '');
  // "1." "a)" "iv." are numbers; "·" (Symbol), "o" (Courier New) and "§" (Wingdings) are bullets.
  const kind: ListKind = /^\(?[0-9a-z]{1,6}[.)]$/i.test(marker) ? 'ol' : 'ul';
  return { id: match[1] ?? 'l0', level: Math.max(1, Number(match[2])), kind };
}

function findWordListMarker(root: DomElement): string | null {
  const stack: DomNode[] = [root];
  let visited = 0;
  while (stack.length > 0 && visited++ < 500) {
    const node = stack.pop()!;
    if (node.nodeType !== ELEMENT_NODE) continue;
    if (node !== root && styleOf(node as DomElement).get('mso-list') === 'ignore') return node.textContent;
    for (let i = node.childNodes.length - 1; i >= 0; i--) stack.push(node.childNodes[i]!);
  }
  return null;
}

/**
 * Google Docs (and Google search results) wrap links as google.com/url?q=<target>; paste the
 * target itself, not a tracking redirect. The target still has to pass isSafeLinkUrl.
 */
function unwrapRedirect(href: string): string {
  try {
    const url = new URL(href);
    const target = url.searchParams.get('q');
    const isGoogleRedirect = /^(www\.)?google\.[a-z.]+$/.test(url.hostname) && url.pathname === '/url';
    return isGoogleRedirect && target ? target : href;
  } catch {
    return href;
  }
}

function isHidden(tag: string, element: DomElement): boolean {
  if (tag.startsWith('o:') || tag.startsWith('v:')) return true;
  const style = styleOf(element);
  return style.get('display') === 'none' || style.get('mso-hide') === 'all' || style.get('mso-list') === 'ignore';
}

class Collector {
  readonly blocks: Block[] = [];
  private current: Block | null = null;
  /** A hosted inner paragraph ended: the next text in the same block starts on a new line. */
  private pendingBreak = false;
  /** The list path of the previous Word list paragraph, to nest the next one under it. */
  private wordLists: ListKind[] = [];
  private listCount = 0;

  end(): void {
    this.current = null;
    this.pendingBreak = false;
  }

  newListId(): string {
    this.listCount += 1;
    return `html${this.listCount}`;
  }

  private target(ctx: Context): Block {
    if (this.current === null) {
      this.current = { kind: ctx.kind, runs: [], lists: ctx.lists, listId: ctx.listId };
      this.blocks.push(this.current);
      if (ctx.listId.startsWith('html') || ctx.kind !== 'li') this.wordLists = [];
    } else if (this.pendingBreak && this.current.runs.length > 0) {
      this.current.runs.push({ kind: 'break' });
    }
    this.pendingBreak = false;
    return this.current;
  }

  text(text: string, ctx: Context): void {
    // Whitespace between blocks (source indentation) never opens a block of its own.
    if (this.current === null && !/[^ \t\n\r\f]/.test(text)) return;
    this.target(ctx).runs.push({ kind: 'text', text, format: ctx.format, href: ctx.href });
  }

  lineBreak(ctx: Context): void {
    this.target(ctx).runs.push({ kind: 'break' });
  }

  image(src: string, alt: string, ctx: Context): void {
    this.target(ctx).runs.push({ kind: 'image', src, alt });
  }

  rule(): void {
    this.end();
    this.blocks.push({ kind: 'hr', runs: [], lists: [], listId: '' });
  }

  separate(): void {
    this.pendingBreak = true;
  }

  wordListPath(level: number, kind: ListKind): ListKind[] {
    const path = this.wordLists.slice(0, level - 1);
    while (path.length < level - 1) path.push(kind);
    path.push(kind);
    this.wordLists = path;
    return path;
  }
}

function walkChildren(node: DomNode, ctx: Context, out: Collector): void {
  for (let i = 0; i < node.childNodes.length; i++) walk(node.childNodes[i]!, ctx, out);
}

function walk(node: DomNode, ctx: Context, out: Collector): void {
  if (node.nodeType === TEXT_NODE) {
    out.text(node.textContent ?? '', ctx);
    return;
  }
  // Comments (Word's <!--[if !supportLists]-->), processing instructions and the like carry no text.
  if (node.nodeType !== ELEMENT_NODE) return;
  const element = node as DomElement;
  const tag = tagOf(element);
  if (DROPPED.has(tag) || isHidden(tag, element)) return;
  if (ctx.depth > MAX_NESTING) {
    out.text(element.textContent ?? '', ctx);
    return;
  }
  const inLink = ctx.href !== null || tag === 'a';
  const inner: Context = { ...ctx, format: formatFor(tag, element, ctx.format, inLink), depth: ctx.depth + 1 };

  if (tag === 'br') return out.lineBreak(ctx);
  if (tag === 'hr') return ctx.hosted ? out.separate() : out.rule();
  if (tag === 'img') {
    const src = element.getAttribute('src')?.trim() ?? '';
    if (INLINE_IMAGE.test(src)) out.image(src, element.getAttribute('alt') ?? '', ctx);
    return;
  }
  if (tag === 'a') {
    const raw = element.getAttribute('href')?.trim();
    // Unsafe or relative targets lose the link and keep the words.
    const target = raw ? unwrapRedirect(raw) : null;
    if (target && isSafeLinkUrl(target)) inner.href = new URL(target).href;
    return walkChildren(element, inner, out);
  }
  if (tag === 'ul' || tag === 'ol') {
    out.end();
    const top = ctx.lists.length === 0;
    walkChildren(element, { ...inner, kind: 'li', lists: [...ctx.lists, tag], listId: top ? out.newListId() : ctx.listId, hosted: false }, out);
    return out.end();
  }
  if (tag === 'li') {
    out.end();
    const lists: ListKind[] = ctx.lists.length > 0 ? ctx.lists : ['ul'];
    const listId = ctx.lists.length > 0 ? ctx.listId : out.newListId();
    walkChildren(element, { ...inner, kind: 'li', lists, listId, hosted: true }, out);
    return out.end();
  }
  const heading = HEADINGS[tag];
  if (tag === 'blockquote' || heading || CONTAINERS.has(tag)) {
    if (ctx.hosted) {
      // A paragraph inside a list item or quote: same block, new line.
      out.separate();
      walkChildren(element, inner, out);
      return out.separate();
    }
    out.end();
    const wordList = tag === 'p' || tag === 'div' ? wordListOf(element) : null;
    if (wordList) {
      const lists = out.wordListPath(wordList.level, wordList.kind);
      walkChildren(element, { ...inner, kind: 'li', lists, listId: `word-${wordList.id}`, hosted: true }, out);
    } else if (tag === 'blockquote') {
      walkChildren(element, { ...inner, kind: 'quote', lists: [], hosted: true }, out);
    } else {
      walkChildren(element, { ...inner, kind: heading ?? 'p', lists: [], hosted: false }, out);
    }
    return out.end();
  }
  // Inline and unknown elements (span, font, b, a Word w:sdt…) are transparent: only their format counts.
  walkChildren(element, inner, out);
}

/** Reads a parsed clipboard body into article blocks (before whitespace is tidied). */
export function collectBlocks(body: DomNode): Block[] {
  const out = new Collector();
  walkChildren(body, { format: 0, href: null, kind: 'p', lists: [], listId: '', hosted: false, depth: 0 }, out);
  return out.blocks;
}
