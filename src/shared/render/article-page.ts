import type { Article, ArticleSummary } from '../article';
import type { PublishedComment, VoteTallies } from '../engagement';
import { html, joinHtml, jsonForScript, renderDocumentShell, trustedHtml, type SafeHtml } from './html';
import { articleParts, type ArticleParts } from './article-parts';
import { renderComments } from './comments';
import { formatDate, linkOrText, timeElement } from './page-parts';
import { slugOf } from './term-slug';

/**
 * One article as a complete page: the same function renders the in-app preview and the published
 * site. The order mirrors the newsroom's page shape (shared/seed/example-article-page.txt):
 * section label, headline, byline and dates, votes, key takeaways, body, follow-up questions,
 * comments. No script runs on the page and nothing loads from another host: questions expand
 * with <details>, and every URL is checked with safeHref.
 */

export interface ArticlePageSite {
  title: string;
  baseUrl: string;
  language: string;
  description: string;
  loginUrl: string;
  logoUrl?: string;
}

export interface ArticlePageUrls {
  canonical: string;
  home: string;
  section: string;
  tag(name: string): string;
  css: string;
  /** A workspace image's URL on this page; '' or null leaves the image out. */
  asset(src: string): string | null;
}

/**
 * The URLs of an article page on a site laid out as Copydesk publishes it (pretty URLs under
 * `baseUrl`: `<slug>/`, `section/<name>/`, `tag/<name>/`, `assets/site.css`, images by their
 * workspace path). The remote targets' previews and the site server both use this one layout.
 */
export function siteArticleUrls(baseUrl: string, article: { slug: string; section: string }): ArticlePageUrls {
  const base = new URL(baseUrl);
  const at = (path: string) => new URL(path, base).href;
  return {
    canonical: at(`${encodeURIComponent(article.slug)}/`),
    home: base.href,
    // Sections and tags by their URL slug, as the listings are laid out ("Local News" → local-news).
    section: at(`section/${slugOf(article.section)}/`),
    tag: (name) => at(`tag/${slugOf(name)}/`),
    css: at('assets/site.css'),
    asset: (src) => at(src),
  };
}

interface ArticlePageCommon {
  /** Approved comments only (moderation filters them); threaded here by parentId. */
  comments: PublishedComment[];
  /** null = voting is off for this article: no votes line at all. */
  votes: VoteTallies | null;
  site: ArticlePageSite;
  urls: ArticlePageUrls;
  /** Structured data (one object or several), embedded as application/ld+json; the article's FAQPage follows. */
  jsonLd?: object | object[];
  /** Already-safe HTML for <head> (social meta, the preview's inline stylesheet). */
  headExtra?: SafeHtml | string;
  /** The page's CSP (default: the published site's, page-csp.ts). */
  contentSecurityPolicy?: string;
  /** Extra class on <body> (the preview uses it to force light or dark). */
  bodyClass?: string;
}

/**
 * The article with its documents (rendered here, images through `urls.asset`), or its summary
 * with parts already rendered for this page (a site build's stored parts, see article-parts.ts).
 */
export type ArticlePageInput = ArticlePageCommon & ({ article: Article; parts?: undefined } | { article: PageArticle; parts: ArticleParts });

/** What the page shows of an article besides its documents. */
export type PageArticle = Pick<ArticleSummary, 'section' | 'headline' | 'summary' | 'byline' | 'tags' | 'publishedAt' | 'updatedAt'>;

function names(list: string[]): SafeHtml {
  const items = list.map((name) => html`<bdi>${name}</bdi>`);
  if (items.length <= 1) return joinHtml(items);
  return html`${joinHtml(items.slice(0, -1), ', ')} and ${items[items.length - 1]}`;
}

function headerBlock(input: ArticlePageInput): SafeHtml {
  const { article, site, urls } = input;
  const section = article.section.trim();
  const lang = site.language;
  const dates: SafeHtml[] = [];
  if (article.publishedAt) {
    dates.push(html`<span>Published ${timeElement(article.publishedAt, lang)}</span>`);
    if (formatDate(article.updatedAt, lang) !== formatDate(article.publishedAt, lang)) {
      dates.push(html`<span>Updated ${timeElement(article.updatedAt, lang)}</span>`);
    }
  } else {
    dates.push(html`<span>Not yet published · last edited ${timeElement(article.updatedAt, lang)}</span>`);
  }
  return html`<header class="article-header">
${section ? html`<p class="article-section">${linkOrText(urls.section, html`<bdi>${section}</bdi>`)}</p>\n` : ''}<h1 class="article-headline">${article.headline || 'Untitled article'}</h1>
${article.summary ? html`<p class="article-standfirst">${article.summary}</p>\n` : ''}<div class="article-meta">
${article.byline.length > 0 ? html`<p class="article-byline">By ${names(article.byline)}</p>\n` : ''}<p class="article-dates">${joinHtml(dates, trustedHtml('<span class="sep" aria-hidden="true"> · </span>'))}</p>
</div>
${votesLine(input)}</header>`;
}

function votesLine({ votes, site }: ArticlePageInput): SafeHtml | string {
  if (votes === null) return '';
  const axis = (label: string, tally: { yes: number; total: number }) =>
    html`<span class="vote-axis">${label}: <span class="vote-count">${tally.yes}/${tally.total}</span></span>`;
  const login = votes.votingOpen ? html` ${linkOrText(site.loginUrl, 'Log in to vote', trustedHtml(' class="vote-login"'))}` : html` <span class="vote-closed">Voting is closed</span>`;
  return html`<p class="article-votes">${axis('Interesting', votes.interesting)}<span class="sep" aria-hidden="true"> • </span>${axis('Support', votes.support)}${login}</p>\n`;
}

function tagsBlock({ article, urls }: ArticlePageInput): SafeHtml | string {
  if (article.tags.length === 0) return '';
  return html`<nav class="article-tags" aria-label="Tags"><ul>${article.tags.map((tag) => html`<li>${linkOrText(urls.tag(tag), html`<bdi>${tag}</bdi>`, trustedHtml(' rel="tag"'))}</li>`)}</ul></nav>`;
}

/** The input's structured data, then the article's FAQPage (none at all without `jsonLd`: the preview). */
function jsonLdBlock(jsonLd: ArticlePageInput['jsonLd'], parts: ArticleParts): SafeHtml | string {
  if (jsonLd === undefined) return '';
  const items = (Array.isArray(jsonLd) ? jsonLd : [jsonLd]).map(jsonForScript);
  if (parts.faqJsonLd !== null) items.push(parts.faqJsonLd);
  return joinHtml(items.map((json) => trustedHtml(`<script type="application/ld+json">${json}</script>\n`)));
}

/** The complete HTML document for one article. */
export function renderArticlePage(input: ArticlePageInput): string {
  const { article, site, urls } = input;
  const parts = input.parts === undefined ? articleParts(input.article, { assetUrl: (src) => urls.asset(src) || null }) : input.parts;
  const body = html`<article class="article">
${headerBlock(input)}
${trustedHtml(parts.takeawaysHtml)}
<div class="article-body prose">
${trustedHtml(parts.bodyHtml)}
</div>
${tagsBlock(input)}
${trustedHtml(parts.questionsHtml)}
${renderComments(input.comments, { language: site.language, loginUrl: site.loginUrl })}
</article>`;
  return renderDocumentShell({
    lang: site.language,
    title: article.headline ? `${article.headline} · ${site.title}` : site.title,
    description: article.summary || site.description,
    canonicalUrl: urls.canonical,
    cssHref: urls.css,
    headExtra: html`${jsonLdBlock(input.jsonLd, parts)}${typeof input.headExtra === 'string' ? trustedHtml(input.headExtra) : input.headExtra}`,
    bodyClass: ['page-article', input.bodyClass].filter(Boolean).join(' '),
    body,
    siteTitle: site.title,
    homeHref: urls.home,
    ...(site.logoUrl ? { logoUrl: site.logoUrl } : {}),
    ...(input.contentSecurityPolicy !== undefined ? { contentSecurityPolicy: input.contentSecurityPolicy } : {}),
  });
}
