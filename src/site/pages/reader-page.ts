import type { FastifyReply } from 'fastify';
import { html, renderDocumentShell, type SafeHtml } from '../../shared/render/html';
import { FORM_TOKEN_FIELD } from '../readers/csrf';
import { noStore, type ReaderContext } from '../readers/context';

/**
 * The shell of the sign-in and account pages: the site's own header, footer and stylesheet (so
 * they look like the article pages) plus account.css. No script at all: every action is a plain
 * form, so the pages work with JavaScript off, and the CSP allows none.
 */

export const READER_PAGE_CSP = "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

export function sendPage(context: ReaderContext, reply: FastifyReply, page: { title: string; body: SafeHtml; status?: number }): FastifyReply {
  const document = renderDocumentShell({
    lang: 'en',
    title: `${page.title} · ${context.title}`,
    cssHref: '/assets/site.css',
    headExtra: html`<link rel="stylesheet" href="/assets/account.css">`,
    bodyClass: 'page-account',
    body: html`<div class="account">${page.body}</div>`,
    siteTitle: context.title,
    homeHref: '/',
    contentSecurityPolicy: READER_PAGE_CSP,
  });
  noStore(reply).header('content-security-policy', READER_PAGE_CSP).header('x-frame-options', 'DENY');
  if (context.https()) reply.header('strict-transport-security', 'max-age=31536000');
  return reply.code(page.status ?? 200).header('content-type', 'text/html; charset=utf-8').send(document);
}

/** The hidden field every reader form carries. */
export const tokenField = (token: string): SafeHtml => html`<input type="hidden" name="${FORM_TOKEN_FIELD}" value="${token}">`;

/** A message at the top of a page; role=status or alert so screen readers announce it. */
export function notice(text: string | null, kind: 'status' | 'alert' = 'status'): SafeHtml {
  return text ? html`<p class="account-notice account-notice--${kind}" role="${kind}">${text}</p>` : html``;
}
