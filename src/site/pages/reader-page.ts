import type { FastifyInstance, FastifyReply } from 'fastify';
import { html, renderDocumentShell, type SafeHtml } from '../../shared/render/html';
import { FORM_TOKEN_FIELD } from '../readers/csrf';
import { noStore, type ReaderContext } from '../readers/context';
import { UNREADABLE } from '../readers/form';

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

/**
 * Reader pages live in their own plugin scope, so their answers to a form that cannot be read
 * are pages, not the API's JSON. The app's form parser (server/app.ts) refuses a body past
 * FORM_BODY_LIMIT before parsing it, and marks one that is not valid UTF-8 unreadable, so it is
 * refused whole rather than stored with replacement characters.
 */
export function readerScope(app: FastifyInstance, context: ReaderContext, routes: (scope: FastifyInstance) => void): void {
  void app.register(async (scope) => {
    scope.addHook('preHandler', async (request, reply) => {
      if (request.body === UNREADABLE) return sendPage(context, reply, { status: 400, title: context.strings.signIn, body: html`<h1>${context.title}</h1>${notice(context.strings.formUnreadable, 'alert')}` });
    });
    scope.setErrorHandler((error: Error & { code?: string }, _request, reply) => {
      if (error.code !== 'FST_ERR_CTP_BODY_TOO_LARGE') throw error;
      reply.header('connection', 'close');
      return sendPage(context, reply, { status: 413, title: context.title, body: html`<h1>${context.title}</h1>${notice(context.strings.formTooLarge, 'alert')}` });
    });
    routes(scope);
  });
}
