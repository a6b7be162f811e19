import { MAX_LIST_DEPTH } from '../limits';
import { BOLD, CODE, ITALIC, STRIKETHROUGH, UNDERLINE, collectBlocks, type Block, type ListKind, type Run } from './collect-blocks';
import type { DomDocument, DomElement, HtmlParser } from './dom';

/**
 * The paste cleaner: clipboard HTML in, HTML made only of what the article's nodes import out —
 * p, h2–h4, blockquote, ul/ol/li (nested at most MAX_LIST_DEPTH), hr, br, a[href] with a safe
 * target, strong, em, u, s, code, and inline data images for the image importer. No attribute
 * survives except href, src and alt, so no style, class, id or event handler reaches Lexical.
 *
 * The output is built fresh rather than scrubbed in place: anything this file does not know
 * about is left behind by construction instead of having to be listed.
 */
export function cleanPastedHtml(html: string, parser: HtmlParser): DomElement {
  const doc = parser.parseFromString(html, 'text/html');
  const blocks = doc.body ? collectBlocks(doc.body) : [];
  return buildCleanHtml(doc, tidyBlocks(blocks));
}

const HTML_SPACE = /[ \t\n\r\f]+/g;

/**
 * HTML's whitespace rules, applied once: runs of source whitespace become one space, and none is
 * kept at the start or end of a line. Blocks left with no visible text (Word's `<p>&nbsp;</p>`
 * spacers, a Google Docs `<br>` between paragraphs) are dropped.
 */
export function tidyBlocks(blocks: Block[]): Block[] {
  const tidy: Block[] = [];
  for (const block of blocks) {
    if (block.kind === 'hr') {
      tidy.push(block);
      continue;
    }
    const runs = tidyRuns(block.runs);
    const visible = runs.some((run) => run.kind === 'image' || (run.kind === 'text' && /[^\s\u00a0\u200b]/.test(run.text)));
    if (visible) tidy.push({ ...block, runs });
  }
  return tidy;
}

function tidyRuns(input: Run[]): Run[] {
  const runs: Run[] = [];
  let afterSpace = true; // at the start of a line
  const trimEnd = () => {
    for (let i = runs.length - 1; i >= 0; i--) {
      const run = runs[i]!;
      if (run.kind !== 'text') break;
      run.text = run.text.replace(/ $/, '');
      if (run.text !== '') break;
    }
  };
  for (const original of input) {
    if (original.kind === 'text') {
      let text = original.text.replace(HTML_SPACE, ' ');
      if (afterSpace) text = text.replace(/^ /, '');
      if (text === '') continue;
      runs.push({ ...original, text });
      afterSpace = text.endsWith(' ');
    } else if (original.kind === 'break') {
      trimEnd();
      runs.push(original);
      afterSpace = true;
    } else {
      runs.push(original);
      afterSpace = false;
    }
  }
  trimEnd();
  // Line breaks at the edges of a block only add blank lines.
  const kept = runs.filter((run) => run.kind !== 'text' || run.text !== '');
  while (kept[0]?.kind === 'break') kept.shift();
  while (kept[kept.length - 1]?.kind === 'break') kept.pop();
  return kept;
}

const BLOCK_TAGS: Record<Exclude<Block['kind'], 'li'>, string> = { p: 'p', h2: 'h2', h3: 'h3', h4: 'h4', quote: 'blockquote', hr: 'hr' };

// Innermost first, so `<strong><em>x</em></strong>` comes out in one stable order.
const FORMAT_TAGS: [number, string][] = [
  [CODE, 'code'],
  [STRIKETHROUGH, 's'],
  [UNDERLINE, 'u'],
  [ITALIC, 'em'],
  [BOLD, 'strong'],
];

interface OpenList {
  element: DomElement;
  kind: ListKind;
  lastItem: DomElement | null;
}

/** Writes tidy blocks as clean HTML into a new detached <div> of `doc`. */
export function buildCleanHtml(doc: DomDocument, blocks: Block[]): DomElement {
  const container = doc.createElement('div');
  let open: OpenList[] = [];
  let listId = '';
  for (const block of blocks) {
    if (block.kind !== 'li') {
      open = [];
      const element = doc.createElement(BLOCK_TAGS[block.kind]);
      // Headings are bold by design; a page's `font-weight:700` on them is not emphasis.
      appendRuns(doc, element, block.kind.startsWith('h') ? block.runs.map(withoutBold) : block.runs);
      container.appendChild(element);
      continue;
    }
    if (block.listId !== listId) open = [];
    listId = block.listId;
    const path = block.lists.slice(0, MAX_LIST_DEPTH);
    // Keep the open lists this item shares with the previous one; close the rest.
    let shared = 0;
    while (shared < open.length && shared < path.length && open[shared]!.kind === path[shared]) shared++;
    open = open.slice(0, shared);
    while (open.length < path.length) {
      const kind = path[open.length]!;
      const list = doc.createElement(kind);
      const parent = open[open.length - 1];
      if (!parent) {
        container.appendChild(list);
      } else {
        // A nested list lives inside an item; an outline that skips a level gets an empty one.
        if (!parent.lastItem) {
          parent.lastItem = doc.createElement('li');
          parent.element.appendChild(parent.lastItem);
        }
        parent.lastItem.appendChild(list);
      }
      open.push({ element: list, kind, lastItem: null });
    }
    const item = doc.createElement('li');
    appendRuns(doc, item, block.runs);
    const innermost = open[open.length - 1]!;
    innermost.element.appendChild(item);
    innermost.lastItem = item;
  }
  return container;
}

function withoutBold(run: Run): Run {
  return run.kind === 'text' ? { ...run, format: run.format & ~BOLD } : run;
}

function appendRuns(doc: DomDocument, parent: DomElement, runs: Run[]): void {
  let link = null as { href: string; element: DomElement } | null;
  for (const run of runs) {
    if (run.kind !== 'text' || run.href === null) {
      link = null;
    } else if (link?.href !== run.href) {
      // Consecutive runs with one target form one link, whatever their formats.
      const element = doc.createElement('a');
      element.setAttribute('href', run.href);
      parent.appendChild(element);
      link = { href: run.href, element };
    }
    const target = link?.element ?? parent;
    if (run.kind === 'break') {
      target.appendChild(doc.createElement('br'));
    } else if (run.kind === 'image') {
      const image = doc.createElement('img');
      image.setAttribute('src', run.src);
      image.setAttribute('alt', run.alt);
      target.appendChild(image);
    } else {
      let node = doc.createTextNode(run.text);
      for (const [flag, tag] of FORMAT_TAGS) {
        if ((run.format & flag) === 0) continue;
        const wrapper = doc.createElement(tag);
        wrapper.appendChild(node);
        node = wrapper;
      }
      target.appendChild(node);
    }
  }
}
