import type { Article } from '../article';
import type { PublishedComment, VoteTallies } from '../engagement';
import { html, joinHtml, jsonForScript, renderDocumentShell, trustedHtml, type SafeHtml } from './html';
import { isEmptyDocument, renderLexicalHtml, renderLexicalInline, type LexicalHtmlOptions } from './lexical-html';
import { renderComments } from './comments';
import { formatDate, linkOrText, timeElement } from './page-parts';

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

export interface ArticlePageInput {
  article: Article;
  /** Approved comments only (moderation filters them); threaded here by parentId. */
  comments: PublishedComment[];
  /** null = voting is off for this article: no votes line at all. */
  votes: VoteTallies | null;
  site: ArticlePageSite;
  urls: ArticlePageUrls;
  /** Structured data (one object or several), embedded as application/ld+json. */
  jsonLd?: object | object[];
  /** Already-safe HTML for <head> (social meta, the preview's CSP and inline stylesheet). */
  headExtra?: SafeHtml | string;
  /** Extra class on <body> (the preview uses it to force light or dark). */
  bodyClass?: string;
}

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

function takeawaysBlock({ article }: ArticlePageInput, options: LexicalHtmlOptions): SafeHtml | string {
  const items = article.takeaways.filter((t) => !isEmptyDocument(t.content));
  if (items.length === 0) return '';
  return html`<section class="takeaways" aria-labelledby="takeaways-title">
<h2 id="takeaways-title">Key takeaways</h2>
<ul>${items.map((t) => html`<li>${trustedHtml(renderLexicalInline(t.content, options))}</li>`)}</ul>
</section>`;
}

function tagsBlock({ article, urls }: ArticlePageInput): SafeHtml | string {
  if (article.tags.length === 0) return '';
  return html`<nav class="article-tags" aria-label="Tags"><ul>${article.tags.map((tag) => html`<li>${linkOrText(urls.tag(tag), html`<bdi>${tag}</bdi>`, trustedHtml(' rel="tag"'))}</li>`)}</ul></nav>`;
}

function questionsBlock({ article }: ArticlePageInput, options: LexicalHtmlOptions): SafeHtml | string {
  const items = article.questions.filter((q) => q.question.trim() !== '');
  if (items.length === 0) return '';
  return html`<section class="follow-up" aria-labelledby="follow-up-title">
<h2 id="follow-up-title">Follow Up Questions</h2>
${items.map(
  (q) => html`<details class="follow-up__item">
<summary><span class="follow-up__question">${q.question}</span><span class="follow-up__toggle" aria-hidden="true"></span></summary>
<div class="follow-up__answer prose">${trustedHtml(renderLexicalHtml(q.answer, options))}</div>
</details>
`,
)}</section>`;
}

function jsonLdBlock(jsonLd: ArticlePageInput['jsonLd']): SafeHtml | string {
  if (jsonLd === undefined) return '';
  const items = Array.isArray(jsonLd) ? jsonLd : [jsonLd];
  return joinHtml(items.map((item) => trustedHtml(`<script type="application/ld+json">${jsonForScript(item)}</script>\n`)));
}

/** The complete HTML document for one article. */
export function renderArticlePage(input: ArticlePageInput): string {
  const { article, site, urls } = input;
  const options: LexicalHtmlOptions = { assetUrl: (src) => urls.asset(src) || null };
  const body = html`<article class="article">
${headerBlock(input)}
${takeawaysBlock(input, options)}
<div class="article-body prose">
${trustedHtml(renderLexicalHtml(article.body, options))}
</div>
${tagsBlock(input)}
${questionsBlock(input, options)}
${renderComments(input.comments, { language: site.language, loginUrl: site.loginUrl })}
</article>`;
  return renderDocumentShell({
    lang: site.language,
    title: article.headline ? `${article.headline} · ${site.title}` : site.title,
    description: article.summary || site.description,
    canonicalUrl: urls.canonical,
    cssHref: urls.css,
    headExtra: html`${jsonLdBlock(input.jsonLd)}${typeof input.headExtra === 'string' ? trustedHtml(input.headExtra) : input.headExtra}`,
    bodyClass: ['page-article', input.bodyClass].filter(Boolean).join(' '),
    body,
    siteTitle: site.title,
    homeHref: urls.home,
    ...(site.logoUrl ? { logoUrl: site.logoUrl } : {}),
  });
}
