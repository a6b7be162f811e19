import { html, joinHtml, type SafeHtml } from './html';

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
