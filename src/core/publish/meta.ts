import type { PageArticle } from '../../shared/render/article-page';
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

export interface JsonLdInput {
  article: PageArticle;
  canonicalUrl: string;
  siteTitle: string;
  siteUrl: string;
  language: string;
  logoUrl: string | null;
  imageUrl: string | null;
}

/**
 * Structured data for search engines: the NewsArticle (the FAQPage comes with the article's
 * parts, see shared/render/article-parts.ts).
 */
export function articleJsonLd(input: JsonLdInput): Record<string, unknown> {
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
  return news;
}
