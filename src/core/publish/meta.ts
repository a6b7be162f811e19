import type { PageArticle } from '../../shared/render/article-page';
// socialMeta moved to shared/render/social-meta.ts so the site server's pages carry the same tags.
export { socialMeta, type SocialMetaInput } from '../../shared/render/social-meta';

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
