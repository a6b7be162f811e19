import { readFileSync } from 'node:fs';
import { createHeadlessEditor } from '@lexical/headless';
import { Window } from 'happy-dom';
import { $getRoot } from 'lexical';
import { describe, expect, it } from 'vitest';
import { cleanPastedHtml } from '../../src/renderer/editor/paste/clean-html';
import type { HtmlParser } from '../../src/renderer/editor/paste/dom';
import { $nodesFromPastedHtml } from '../../src/renderer/editor/paste/import-html';
import { isSafeLinkUrl } from '../../src/renderer/editor/links';
import { MAX_LIST_DEPTH } from '../../src/renderer/editor/limits';
import { ARTICLE_NODES } from '../../src/shared/lexical/nodes';
import { LexicalStateSchema, SUPPORTED_NODE_TYPES, type SerializedNode, type SerializedState } from '../../src/shared/lexical/schema';

// happy-dom's parser stands in for the page's DOMParser; the cleaner never touches a global DOM.
const parser = new new Window().DOMParser() as unknown as HtmlParser;

const BOLD = 1;
const ITALIC = 2;
const STRIKETHROUGH = 4;
const UNDERLINE = 8;
const CODE = 16;

function fixture(name: string): string {
  return readFileSync(new URL(`../fixtures/paste/${name}`, import.meta.url), 'utf8');
}

function cleanHtml(html: string): string {
  return (cleanPastedHtml(html, parser) as unknown as { innerHTML: string }).innerHTML;
}

/** The whole paste path of the editor (clean, Lexical HTML import, style scrub) in a headless editor. */
function paste(html: string): SerializedState {
  const editor = createHeadlessEditor({ nodes: [...ARTICLE_NODES], onError: (error) => { throw error; } });
  editor.update(() => $getRoot().clear().append(...$nodesFromPastedHtml(editor, html, parser)), { discrete: true });
  return JSON.parse(JSON.stringify(editor.getEditorState().toJSON())) as SerializedState;
}

function walk(node: SerializedNode, visit: (node: SerializedNode, depth: number) => void, depth = 0): void {
  visit(node, depth);
  for (const child of node.children ?? []) walk(child, visit, depth + 1);
}

function allNodes(state: SerializedState): SerializedNode[] {
  const nodes: SerializedNode[] = [];
  walk(state.root, (node) => nodes.push(node));
  return nodes.slice(1);
}

/** Every text node with this exact text (after Lexical merged same-format neighbours). */
function textNode(state: SerializedState, text: string): SerializedNode {
  const found = allNodes(state).find((node) => node.type === 'text' && node.text === text);
  if (!found) throw new Error(`no text node ${JSON.stringify(text)} in ${JSON.stringify(allNodes(state).filter((n) => n.type === 'text').map((n) => n.text))}`);
  return found;
}

function blockText(node: SerializedNode): string {
  if (node.type === 'text') return String(node.text);
  if (node.type === 'linebreak') return '\n';
  if (node.type === 'list') return '';
  return (node.children ?? []).map(blockText).join('');
}

/** Lists as an indented outline: "ul>Commuters", "ul>ul>Monthly pass holders". */
function outline(list: SerializedNode, prefix = ''): string[] {
  const kind = list.listType === 'number' ? 'ol' : 'ul';
  const lines: string[] = [];
  for (const item of list.children ?? []) {
    const text = blockText(item);
    if (text) lines.push(`${prefix}${kind}>${text}`);
    for (const child of item.children ?? []) if (child.type === 'list') lines.push(...outline(child, `${prefix}${kind}>`));
  }
  return lines;
}

function expectOnlyArticleContent(state: SerializedState): void {
  const supported = new Set<string>(SUPPORTED_NODE_TYPES);
  for (const node of allNodes(state)) {
    expect(supported.has(node.type), `unsupported node ${node.type}`).toBe(true);
    if ('style' in node) expect(node.style, `style on ${node.type}`).toBe('');
    if ('textStyle' in node) expect(node.textStyle, `textStyle on ${node.type}`).toBe('');
    if ('format' in node && typeof node.format === 'string') expect(node.format, `alignment on ${node.type}`).toBe('');
    if (node.type === 'link' || node.type === 'autolink') expect(isSafeLinkUrl(String(node.url)), String(node.url)).toBe(true);
  }
  expect(LexicalStateSchema.safeParse(state).success).toBe(true);
}

describe('paste from Word (fixtures/paste/word.html)', () => {
  const state = paste(fixture('word.html'));
  const blocks = state.root.children;

  it('keeps only article nodes, with no styles and only safe links', () => {
    expectOnlyArticleContent(state);
    const json = JSON.stringify(state);
    for (const junk of ['mso', 'Font Definitions', 'MsoNormal', 'clip_image', 'file:///', '·']) expect(json).not.toContain(junk);
  });

  it('maps h1 to h2 and h5 to h4, and drops the empty o:p spacer paragraph', () => {
    expect(blocks.filter((b) => b.type === 'heading').map((b) => [b.tag, blockText(b)])).toEqual([
      ['h2', 'Council approves harbour budget'],
      ['h4', 'Vote by district'],
    ]);
    expect(blocks.every((b) => b.type === 'horizontalrule' || blockText(b).trim() !== '' || b.type === 'list')).toBe(true);
  });

  it('keeps b, i, u and s (ignoring mso-bidi-font-weight) and collapses source line breaks', () => {
    expect(textNode(state, 'seven to two').format).toBe(BOLD);
    expect(textNode(state, 'harbour renewal').format).toBe(ITALIC);
    expect(textNode(state, 'after a four-hour debate').format).toBe(UNDERLINE);
    expect(textNode(state, 'rejected').format).toBe(STRIKETHROUGH);
    expect(textNode(state, 'The city council voted ').format).toBe(0);
    expect(blockText(blocks[1]!)).toBe(
      'The city council voted seven to two on Tuesday to approve the harbour renewal budget, after a four-hour debate, and rejected struck down the amendment. Read the full minutes.',
    );
  });

  it('turns mso-list paragraphs into real nested bulleted and numbered lists', () => {
    const lists = blocks.filter((b) => b.type === 'list');
    expect(lists.map((list) => outline(list))).toEqual([
      ['ul>New sea wall', 'ul>ul>Phase one: 2025', 'ul>Ferry terminal repairs'],
      ['ol>Public hearing', 'ol>Final vote'],
    ]);
    expect(textNode(state, '2025').format).toBe(BOLD);
  });

  it('keeps the link and flattens the table into paragraphs', () => {
    const link = allNodes(state).find((n) => n.type === 'link');
    expect(link).toMatchObject({ url: 'https://www.harborcity.gov/minutes/2024-05-14' });
    expect(blockText(link!)).toBe('full minutes');
    const texts = blocks.map(blockText);
    expect(texts).toContain('North');
    expect(texts).toContain('Yes');
    expect(texts[texts.length - 1]).toBe('Source: city budget office.');
  });
});

describe('paste from Google Docs (fixtures/paste/google-docs.html)', () => {
  const state = paste(fixture('google-docs.html'));
  const blocks = state.root.children;

  it('keeps only article nodes, with no styles and only safe links', () => {
    expectOnlyArticleContent(state);
    expect(JSON.stringify(state)).not.toContain('googleusercontent');
  });

  it('does not bold everything because of the docs-internal-guid <b> wrapper', () => {
    expect(textNode(state, 'Fares will rise by ').format).toBe(0);
    expect(textNode(state, 'New fare').format).toBe(0);
  });

  it('reads bold, italic, underline and strikethrough from inline span styles', () => {
    expect(textNode(state, '12 percent').format).toBe(BOLD);
    expect(textNode(state, 'Port Authority').format).toBe(ITALIC);
    expect(textNode(state, ' said').format).toBe(UNDERLINE);
    expect(textNode(state, 'reversing').format).toBe(STRIKETHROUGH);
    expect(textNode(state, 'Route').format).toBe(BOLD);
  });

  it('unwraps the google.com/url redirect and does not underline the link text', () => {
    const link = allNodes(state).find((n) => n.type === 'link');
    expect(link).toMatchObject({ url: 'https://port.example.gov/fares' });
    expect(link?.children?.[0]).toMatchObject({ text: 'fare table', format: 0 });
  });

  it('keeps headings, the nested lists, the rule and the table text; drops the remote image', () => {
    expect(blocks[0]).toMatchObject({ type: 'heading', tag: 'h2' });
    expect(blockText(blocks[0]!)).toBe('Ferry fares to rise in June');
    expect(blocks.filter((b) => b.type === 'heading').map((b) => b.tag)).toEqual(['h2', 'h3']);
    expect(blocks.filter((b) => b.type === 'list').map((list) => outline(list))).toEqual([
      ['ul>Commuters', 'ul>ul>Monthly pass holders', 'ul>Tourists'],
      ['ol>Board hearing, May 2'],
    ]);
    expect(blocks.some((b) => b.type === 'horizontalrule')).toBe(true);
    expect(blocks.map(blockText)).toEqual(expect.arrayContaining(['Photo: Port Authority', 'Route', 'New fare']));
    expect(allNodes(state).some((n) => n.type === 'image')).toBe(false);
  });
});

describe('paste from a news website (fixtures/paste/news-site.html)', () => {
  const state = paste(fixture('news-site.html'));
  const blocks = state.root.children;
  const json = JSON.stringify(state);

  it('keeps only article nodes, with no styles and only safe links', () => {
    expectOnlyArticleContent(state);
  });

  it('drops scripts, styles, iframes, buttons, svg, hidden text and remote images (with their onerror)', () => {
    for (const junk of ['dataLayer', 'margin: 0', 'ads.example.net', 'Share', 'Hidden tracking', 'cdn.news.example.com', 'onerror', 'evil.example', 'trackOutbound']) {
      expect(json).not.toContain(junk);
    }
  });

  it('removes javascript: and relative links but keeps their words; keeps http(s) and mailto links', () => {
    expect(json).not.toContain('javascript');
    expect(textNode(state, 'Readers who clicked this share link or our earlier story could ').format).toBe(0);
    const urls = allNodes(state).filter((n) => n.type === 'link').map((n) => n.url);
    expect(urls).toEqual(['https://city.example.gov/notices/boil-water?utm_source=twitter&utm_medium=social', 'mailto:tips@news.example.com?subject=Water']);
  });

  it('maps inline tags to formats: code, del/s to strikethrough, ins to underline, span bold', () => {
    expect(textNode(state, 'BWA-2024-17').format).toBe(CODE);
    expect(textNode(state, 'all').format).toBe(STRIKETHROUGH);
    expect(textNode(state, 'most').format).toBe(UNDERLINE);
    expect(textNode(state, 'east shore').format).toBe(BOLD);
    expect(textNode(state, 'E. coli').format).toBe(ITALIC);
  });

  it('makes one quote of a multi-paragraph blockquote, h5/h6 into h4, headings without bold', () => {
    const quote = blocks.find((b) => b.type === 'quote');
    expect(blockText(quote!)).toBe('We are testing every hour until the water is safe.\n— Maria Lopez, utility director');
    expect(blocks.filter((b) => b.type === 'heading').map((b) => [b.tag, blockText(b)])).toEqual([
      ['h2', 'What happened'],
      ['h3', 'What to do'],
      ['h4', 'Timeline'],
      ['h4', 'Last updated'],
    ]);
    expect(textNode(state, 'What happened').format).toBe(0);
  });

  it(`nests mixed lists and caps them at ${MAX_LIST_DEPTH} levels`, () => {
    const list = blocks.find((b) => b.type === 'list')!;
    expect(outline(list)).toEqual([
      'ul>Boil water for one minute',
      'ul>Use bottled water for:',
      'ul>ol>Baby formula',
      'ul>ol>Brushing teeth',
      "ul>ol>ul>Including children's teeth",
      'ul>ol>ul>ul>Level four',
      'ul>ol>ul>ul>Level five, too deep',
    ]);
    expect(textNode(state, 'Brushing teeth').format).toBe(BOLD);
  });

  it('flattens the table into paragraphs, header cells bold, and keeps the rule', () => {
    expect(blocks.map(blockText)).toEqual(expect.arrayContaining(['Date', 'Event', 'May 12', 'Positive test', 'End of story.']));
    expect(textNode(state, 'Date').format).toBe(BOLD);
    expect(blocks.some((b) => b.type === 'horizontalrule')).toBe(true);
  });
});

describe('cleanPastedHtml output', () => {
  it('is rebuilt from scratch: no attribute but href survives on text content', () => {
    expect(cleanHtml('<p class="x" id="y" style="color:red" onclick="steal()" data-a="1">Hi <a href="https://example.org/" class="l" target="_blank" onmouseover="x()">there</a></p>')).toBe(
      '<p>Hi <a href="https://example.org/">there</a></p>',
    );
  });

  it('turns <font> and styled spans into plain or formatted text', () => {
    expect(cleanHtml('<p><font face="Arial" color="red">plain</font> <span style="font-weight:600;font-style:italic;text-decoration:underline line-through">all</span></p>')).toBe(
      '<p>plain <strong><em><u><s>all</s></u></em></strong></p>',
    );
  });

  it('does not read mso-bidi-font-weight as font-weight, and font-weight:normal undoes <b>', () => {
    expect(cleanHtml('<p><span style="mso-bidi-font-weight:bold">a</span><b style="font-weight:normal">b</b><b><span style="font-weight:400">c</span></b></p>')).toBe('<p>abc</p>');
  });

  it('drops remote, file and svg images and keeps inline raster data images with only src and alt', () => {
    const png = 'data:image/png;base64,iVBORw0KGgo=';
    expect(cleanHtml(`<p>a<img src="https://x.example/i.jpg">b<img src="file:///C:/i.png"><img src="data:image/svg+xml,<svg onload=alert(1)>"><img src="${png}" alt="chart" onerror="x()" width="9"></p>`)).toBe(
      `<p>ab<img src="${png}" alt="chart"></p>`,
    );
  });

  it('survives hostile nesting without recursing past its limit', () => {
    const deep = `${'<span>'.repeat(3000)}deep text${'</span>'.repeat(3000)}`;
    expect(cleanHtml(deep)).toBe('<p>deep text</p>');
  });

  it('returns nothing for clipboard HTML with no article content', () => {
    expect(cleanHtml('<meta charset="utf-8"><script>alert(1)</script><!-- x --><style>p{}</style>  \n ')).toBe('');
  });
});
