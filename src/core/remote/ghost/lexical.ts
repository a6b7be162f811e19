import type { Article } from '../../../shared/article';
import type { SerializedNode, SerializedState } from '../../../shared/lexical/schema';
import { withoutDisallowedLinks } from '../../../shared/lexical/link-url';
import { escapeHtml } from '../../../shared/render/html';

/** Renders a Lexical state to HTML (the DOM-free renderer in production). */
export type RenderLexicalHtml = (state: SerializedState) => string;

/** Where each of our images went on Ghost (after images/upload). */
export type UploadedImages = ReadonlyMap<string, string>;

export const TAKEAWAYS_HEADING = 'Key takeaways';
export const QUESTIONS_HEADING = 'Follow Up Questions';

const text = (value: string): SerializedNode => ({ type: 'text', version: 1, text: value, format: 0, detail: 0, mode: 'normal', style: '' });
const block = (type: string, children: SerializedNode[], extra: Record<string, unknown> = {}): SerializedNode => ({
  type,
  version: 1,
  children,
  direction: 'ltr',
  format: '',
  indent: 0,
  ...extra,
});

/**
 * The Ghost post body for an article, as a Lexical root: the takeaways as a heading and a
 * bulleted list, the body, then every follow-up question as a Koenig `toggle` card
 * ({heading, content} are HTML strings). Our standard Lexical nodes (paragraph, heading, list,
 * quote, link) are Ghost's too; images become Koenig image cards pointing at the uploaded files.
 */
export function ghostLexical(article: Article, renderHtml: RenderLexicalHtml, images: UploadedImages): SerializedState {
  const children: SerializedNode[] = [];
  if (article.takeaways.length > 0) {
    children.push(block('heading', [text(TAKEAWAYS_HEADING)], { tag: 'h2' }));
    const items = article.takeaways.map((t, i) =>
      block('listitem', withoutDisallowedLinks(t.content).root.children.flatMap((p) => p.children ?? []), { value: i + 1 }),
    );
    children.push(block('list', items, { listType: 'bullet', start: 1, tag: 'ul' }));
  }
  // Articles stored before the schema refused unsafe links must not carry them out either.
  for (const node of withoutDisallowedLinks(article.body).root.children) children.push(node.type === 'image' ? imageCard(node, images) : node);
  if (article.questions.length > 0) {
    children.push(block('heading', [text(QUESTIONS_HEADING)], { tag: 'h2' }));
    for (const q of article.questions) {
      children.push({ type: 'toggle', version: 1, heading: `<span>${escapeHtml(q.question)}</span>`, content: renderHtml(q.answer) });
    }
  }
  return { root: { ...block('root', children), type: 'root', children } };
}

function imageCard(node: SerializedNode, images: UploadedImages): SerializedNode {
  const src = images.get(String(node.src)) ?? '';
  return {
    type: 'image',
    version: 1,
    src,
    width: node.width ?? null,
    height: node.height ?? null,
    alt: String(node.altText ?? ''),
    caption: node.caption ? escapeHtml(String(node.caption)) : '',
    title: '',
    cardWidth: 'regular',
    href: '',
  };
}

/** Every image src (workspace asset path) an article shows, first one first. */
export function articleImages(article: Article): string[] {
  return article.body.root.children.filter((n) => n.type === 'image').map((n) => String(n.src));
}
