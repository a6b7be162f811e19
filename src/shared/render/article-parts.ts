import type { Article } from '../article';
import { plainText } from '../lexical/build';
import type { SerializedNode, SerializedState } from '../lexical/schema';
import { ASSET_SRC_PATTERN } from '../assets';
import { escapeAttr, html, jsonForScript, trustedHtml } from './html';
import { isEmptyDocument, renderLexicalHtml, renderLexicalInline, type LexicalHtmlOptions } from './lexical-html';

/**
 * Everything an article page takes from the article's three Lexical documents (body, key
 * takeaways, follow-up questions), already rendered: HTML sections, structured data and images.
 * The page itself (header, votes, comments, meta) is cheap to assemble; these parts are the
 * expensive half: parsing ~40 KB of Lexical JSON and walking it. So core renders them when an
 * article is saved and stores them beside it (core/articles/parts-store.ts, as Ghost keeps
 * `html` beside `lexical`), and a site build reads them instead of parsing and rendering every
 * document again. The preview renders them fresh.
 *
 * Stored parts name images by their workspace src (`assets/<hash>.<ext>`); `withAssetUrls` turns
 * those into the URLs of one page. Bump ARTICLE_PARTS_VERSION whenever the output of this module
 * or of lexical-html.ts changes: stored parts of another version are ignored and rendered again.
 */
// 2: empty paragraphs after images and at the end are left out; unsafe-link rule shared with the
// schema; no link inside a link (issue 15.8, 18.2, 18 fuzzing).
export const ARTICLE_PARTS_VERSION = 2;

export interface ArticleParts {
  /** The body's blocks. */
  bodyHtml: string;
  /** The "Key takeaways" section ('' when no takeaway has content). */
  takeawaysHtml: string;
  /** The "Follow Up Questions" section ('' when no question has words). */
  questionsHtml: string;
  /**
   * FAQPage structured data built from the questions that have both words and an answer, as
   * JSON text safe inside a script element (null when there are none). Text only: JSON-LD
   * carries no markup.
   */
  faqJsonLd: string | null;
  /** Every image src of the body and the answers (for copying them to the site). */
  images: string[];
  /** The body's first top-level image (og:image and JSON-LD). */
  firstImage: string | null;
}

/** Renders the parts of an article; `options.assetUrl` decides image URLs (default: the stored src). */
export function articleParts(article: Pick<Article, 'body' | 'takeaways' | 'questions'>, options: LexicalHtmlOptions = {}): ArticleParts {
  const images = new Set<string>();
  imageSources(article.body, images);
  for (const q of article.questions) imageSources(q.answer, images);
  const questions = article.questions.filter((q) => q.question.trim() !== '');
  return {
    bodyHtml: renderLexicalHtml(article.body, options),
    takeawaysHtml: takeawaysSection(article.takeaways.filter((t) => !isEmptyDocument(t.content)).map((t) => renderLexicalInline(t.content, options))),
    questionsHtml: questionsSection(questions.map((q) => ({ question: q.question, answerHtml: renderLexicalHtml(q.answer, options) }))),
    faqJsonLd: faqJsonLd(questions),
    images: [...images],
    firstImage: firstImageSrc(article.body),
  };
}

function takeawaysSection(items: string[]): string {
  if (items.length === 0) return '';
  return html`<section class="takeaways" aria-labelledby="takeaways-title">
<h2 id="takeaways-title">Key takeaways</h2>
<ul>${items.map((item) => html`<li>${trustedHtml(item)}</li>`)}</ul>
</section>`.value;
}

function questionsSection(items: { question: string; answerHtml: string }[]): string {
  if (items.length === 0) return '';
  return html`<section class="follow-up" aria-labelledby="follow-up-title">
<h2 id="follow-up-title">Follow Up Questions</h2>
${items.map(
  (q) => html`<details class="follow-up__item">
<summary><span class="follow-up__question">${q.question}</span><span class="follow-up__toggle" aria-hidden="true"></span></summary>
<div class="follow-up__answer prose">${trustedHtml(q.answerHtml)}</div>
</details>
`,
)}</section>`.value;
}

function faqJsonLd(questions: Article['questions']): string | null {
  const faq = questions
    .map((q) => ({ name: q.question.trim(), text: plainText(q.answer).trim() }))
    .filter((q) => q.text !== '')
    .map((q) => ({ '@type': 'Question', name: q.name, acceptedAnswer: { '@type': 'Answer', text: q.text } }));
  return faq.length === 0 ? null : jsonForScript({ '@context': 'https://schema.org', '@type': 'FAQPage', mainEntity: faq });
}

/** The first image node's `src` among a document's top-level blocks, if any. */
function firstImageSrc(state: SerializedState): string | null {
  for (const node of state.root.children) {
    if (node.type === 'image' && typeof node.src === 'string') return node.src;
  }
  return null;
}

/** Every image `src` in a document, any depth. */
function imageSources(state: SerializedState, into: Set<string> = new Set()): Set<string> {
  const stack: SerializedNode[] = [...state.root.children];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'image' && typeof node.src === 'string') into.add(node.src);
    if (node.children) stack.push(...node.children);
  }
  return into;
}

/**
 * An image as lexical-html writes it when rendered with the default assetUrl: `<img src="` then
 * the stored src. Nothing else in rendered parts can match: every text and attribute value is
 * escaped, so a `<` or a `"` typed by a writer never appears raw, and a document cannot smuggle
 * in this sequence (tests/unit/article-parts.test.ts types it into a body to check).
 */
const IMAGE_START = '<img src="assets/';
const STORED_IMAGE = new RegExp(`<img src="(${ASSET_SRC_PATTERN.source.slice(1, -1)})"`, 'g');

/**
 * Parts rendered with the default assetUrl, with every image pointed at `url(src)`: the same
 * HTML as rendering with `{ assetUrl: url }`, for a url that keeps every image (a site build's).
 */
export function withAssetUrls(parts: ArticleParts, url: (src: string) => string): ArticleParts {
  // Most parts have no image: a plain substring search rules them out far faster than the regex.
  const point = (fragment: string) =>
    fragment.includes(IMAGE_START) ? fragment.replace(STORED_IMAGE, (_, src: string) => `<img src="${escapeAttr(url(src))}"`) : fragment;
  return { ...parts, bodyHtml: point(parts.bodyHtml), takeawaysHtml: point(parts.takeawaysHtml), questionsHtml: point(parts.questionsHtml) };
}
