import type { Article } from '../../shared/article';
import { plainText } from '../../shared/lexical/build';
import type { SerializedNode, SerializedState } from '../../shared/lexical/schema';
import { html, joinHtml, type SafeHtml } from '../../shared/render/html';

export interface SocialMetaInput {
  type: 'website' | 'article';
  title: string;
  description: string;
  url: string;
  siteName: string;
  language: string;
  image?: string | undefined;
  publishedAt?: string | undefined;
  modifiedAt?: string | undefined;
  section?: string | undefined;
  tags?: readonly string[] | undefined;
}

/** Open Graph and Twitter card tags. Values are escaped by the `html` tag. */
export function socialMeta(input: SocialMetaInput): SafeHtml {
  const tags: SafeHtml[] = [
    html`<meta property="og:type" content="${input.type}">`,
    html`<meta property="og:title" content="${input.title}">`,
    html`<meta property="og:url" content="${input.url}">`,
    html`<meta property="og:site_name" content="${input.siteName}">`,
    html`<meta property="og:locale" content="${input.language.replace('-', '_')}">`,
  ];
  if (input.description) tags.push(html`<meta property="og:description" content="${input.description}">`);
  if (input.image) tags.push(html`<meta property="og:image" content="${input.image}">`);
  if (input.publishedAt) tags.push(html`<meta property="article:published_time" content="${input.publishedAt}">`);
  if (input.modifiedAt) tags.push(html`<meta property="article:modified_time" content="${input.modifiedAt}">`);
  if (input.section) tags.push(html`<meta property="article:section" content="${input.section}">`);
  for (const tag of input.tags ?? []) tags.push(html`<meta property="article:tag" content="${tag}">`);
  tags.push(html`<meta name="twitter:card" content="${input.image ? 'summary_large_image' : 'summary'}">`);
  tags.push(html`<meta name="twitter:title" content="${input.title}">`);
  if (input.description) tags.push(html`<meta name="twitter:description" content="${input.description}">`);
  if (input.image) tags.push(html`<meta name="twitter:image" content="${input.image}">`);
  return joinHtml(tags, '\n');
}

/** The first image node's `src` in a document, if any (for og:image and JSON-LD). */
export function firstImageSrc(state: SerializedState): string | null {
  for (const node of state.root.children) {
    if (node.type === 'image' && typeof node.src === 'string') return node.src;
  }
  return null;
}

/** Every image `src` in a document, any depth. */
export function imageSources(state: SerializedState, into: Set<string> = new Set()): Set<string> {
  const stack: SerializedNode[] = [...state.root.children];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'image' && typeof node.src === 'string') into.add(node.src);
    if (node.children) stack.push(...node.children);
  }
  return into;
}

export interface JsonLdInput {
  article: Article;
  canonicalUrl: string;
  siteTitle: string;
  siteUrl: string;
  language: string;
  logoUrl: string | null;
  imageUrl: string | null;
}

/**
 * Structured data for search engines: a NewsArticle, and a FAQPage built from the follow-up
 * questions that have both a question and an answer (text only: JSON-LD carries no markup).
 */
export function articleJsonLd(input: JsonLdInput): Record<string, unknown>[] {
  const { article } = input;
  const publisher: Record<string, unknown> = { '@type': 'Organization', name: input.siteTitle, url: input.siteUrl };
  if (input.logoUrl) publisher.logo = { '@type': 'ImageObject', url: input.logoUrl };
  const news: Record<string, unknown> = {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: article.headline,
    description: article.summary || undefined,
    url: input.canonicalUrl,
    mainEntityOfPage: { '@type': 'WebPage', '@id': input.canonicalUrl },
    datePublished: article.publishedAt,
    dateModified: article.updatedAt,
    inLanguage: input.language,
    articleSection: article.section || undefined,
    keywords: article.tags.length > 0 ? article.tags.join(', ') : undefined,
    author: article.byline.map((name) => ({ '@type': 'Person', name })),
    publisher,
    image: input.imageUrl ? [input.imageUrl] : undefined,
  };
  // Absent fields are left out (as JSON would drop them) without a stringify/parse round trip.
  for (const key of Object.keys(news)) if (news[key] === undefined) delete news[key];
  const result: Record<string, unknown>[] = [news];
  const faq = article.questions
    .map((q) => ({ name: q.question.trim(), text: plainText(q.answer).trim() }))
    .filter((q) => q.name !== '' && q.text !== '')
    .map((q) => ({ '@type': 'Question', name: q.name, acceptedAnswer: { '@type': 'Answer', text: q.text } }));
  if (faq.length > 0) result.push({ '@context': 'https://schema.org', '@type': 'FAQPage', mainEntity: faq });
  return result;
}
