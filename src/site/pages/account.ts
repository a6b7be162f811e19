import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import accountCss from '../../../resources/site/account.css?raw';
import { html, type SafeHtml } from '../../shared/render/html';
import { describeBrowser } from '../readers/browser';
import { formToken } from '../readers/csrf';
import { formAccepted, noStore, seeOther, type ReaderContext } from '../readers/context';
import { AccountQuery, DeleteFields, fieldsOf, NameFields, queryOf, ReturnQuery } from '../readers/inputs';
import { DisplayNameSchema } from '../readers/display-name';
import { clearedSessionCookie, revokeAllSessions, revokeSession, type SignedInReader } from '../readers/session';
import { say, type ReaderStringKey } from '../readers/strings';
import { AccountStore } from '../store/accounts';
import { notice, readerScope, sendPage, tokenField } from './reader-page';
import { refused } from './sign-in';

/**
 * The reader's own pages: /welcome (choose a display name after the first sign-in) and /account
 * (rename, the sessions with "sign out everywhere", download one's data, delete the account).
 * Every change is a plain form POST with the session's form token, answered by a redirect.
 */

/** Outcomes shown after a redirect; only these keys, so the query cannot put words on the page. */
const DONE: Record<string, ReaderStringKey> = { name: 'nameSaved', 'signed-out': 'signedOut', everywhere: 'signedOutEverywhere', deleted: 'deleted' };

const day = (ms: number) => new Date(Number(ms)).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';

export function registerAccount(app: FastifyInstance, context: ReaderContext): void {
  const accounts = new AccountStore(context.site.db);
  const s = context.strings;

  app.get('/assets/account.css', async (_request, reply) =>
    reply.header('content-type', 'text/css; charset=utf-8').header('cache-control', 'public, max-age=3600, s-maxage=86400').header('x-content-type-options', 'nosniff').send(accountCss),
  );

  /** Runs `fn` for a signed-in reader; sends anyone else to sign in and back. */
  const signedIn = (returnTo: (request: FastifyRequest) => string, fn: (request: FastifyRequest, reply: FastifyReply, reader: SignedInReader) => Promise<FastifyReply>) => async (request: FastifyRequest, reply: FastifyReply) => {
    const reader = await context.reader(request);
    if (!reader) return seeOther(reply, `/login?return=${encodeURIComponent(returnTo(request))}`);
    return fn(request, reply, reader);
  };

  /** A POST from the reader's own page: signed in, same origin, right form token. */
  const change = (fn: (request: FastifyRequest, reply: FastifyReply, reader: SignedInReader) => Promise<FastifyReply>) => async (request: FastifyRequest, reply: FastifyReply) => {
    const reader = await context.reader(request);
    if (!(await formAccepted(context, request, reader)) || !reader) return refused(context, reply);
    return fn(request, reply, reader);
  };

  const nameForm = (token: string, current: string, returnTo: string, error: string | null, button: string): SafeHtml => html`<form method="post" action="/account/name">
${tokenField(token)}<input type="hidden" name="return" value="${returnTo}">
<label for="display-name">${s.displayNameLabel}</label>
<p class="account-hint" id="display-name-hint">${error ?? s.displayNameHint}</p>
<input type="text" id="display-name" name="display_name" autocomplete="nickname" required maxlength="60" value="${current}" aria-describedby="display-name-hint"${error ? html` aria-invalid="true"` : ''}>
<button type="submit">${button}</button>
</form>`;

  async function welcome(reply: FastifyReply, reader: SignedInReader, returnTo: string, error: string | null, status = 200) {
    const token = formToken(await context.formSecret(), reader.sessionHash);
    const body = html`<h1>${s.welcomeTitle}</h1>
${notice(error, 'alert')}<p>${s.welcomeIntro}</p>
${nameForm(token, reader.displayName, returnTo, null, s.continue)}`;
    return sendPage(context, reply, { status, title: s.welcomeTitle, body });
  }

  async function accountPage(request: FastifyRequest, reply: FastifyReply, reader: SignedInReader, options: { message?: string | null; error?: string | null; status?: number } = {}) {
    const token = formToken(await context.formSecret(), reader.sessionHash);
    const sessions = await accounts.sessions(reader.id, context.now());
    const rows = sessions.map((session) => {
      const browser = describeBrowser(session.user_agent) ?? s.unknownBrowser;
      const name = session.token_hash === reader.sessionHash ? say(s, 'thisBrowser', { browser }) : browser;
      return html`<tr><td>${name}</td><td>${day(session.created_at)}</td><td>${day(session.last_seen_at)}</td></tr>\n`;
    });
    const body = html`<h1>${s.accountTitle}</h1>
${notice(options.message ?? null)}${notice(options.error ?? null, 'alert')}<p>${say(s, 'accountIntro', { name: reader.displayName })}${reader.email ? html` ${say(s, 'accountEmail', { email: reader.email })}` : ''}</p>
<form method="post" action="/account/sign-out" class="account-inline">${tokenField(token)}<button type="submit">${s.signOut}</button></form>
<h2>${s.accountNameHeading}</h2>
${nameForm(token, reader.displayName, '/account', null, s.saveName)}
<h2 id="sessions-heading">${s.sessionsHeading}</h2>
<table aria-labelledby="sessions-heading">
<thead><tr><th scope="col">${s.sessionBrowser}</th><th scope="col">${s.sessionSignedIn}</th><th scope="col">${s.sessionLastSeen}</th></tr></thead>
<tbody>
${rows}</tbody>
</table>
<form method="post" action="/account/sign-out-everywhere">${tokenField(token)}
<p class="account-hint">${s.signOutEverywhereHint}</p>
<button type="submit">${s.signOutEverywhere}</button>
</form>
<h2>${s.exportHeading}</h2>
<p>${s.exportIntro}</p>
<p><a href="/account/export" download>${s.exportLink}</a></p>
<h2>${s.deleteHeading}</h2>
<p>${context.deletedComments === 'remove' ? s.deleteIntroRemove : s.deleteIntroKeep}</p>
<form method="post" action="/account/delete">${tokenField(token)}
<p class="account-check"><input type="checkbox" id="delete-confirm" name="confirm" value="yes" required><label for="delete-confirm">${s.deleteConfirm}</label></p>
<button type="submit" class="account-danger">${s.deleteButton}</button>
</form>`;
    return sendPage(context, reply, { status: options.status ?? 200, title: s.accountTitle, body });
  }

  /** A page for someone just signed out or deleted: the notice and a way back. */
  const goodbye = (reply: FastifyReply, key: ReaderStringKey) =>
    sendPage(context, reply, { title: s.accountTitle, body: html`<h1>${s.accountTitle}</h1>${notice(s[key])}<p><a href="/">${say(s, 'backToSite', { site: context.title })}</a></p>` });

  readerScope(app, context, (scope) => {
    scope.get(
      '/welcome',
      signedIn(
        (request) => `/welcome?return=${encodeURIComponent(queryOf(ReturnQuery, request).return)}`,
        async (request, reply, reader) => welcome(reply, reader, queryOf(ReturnQuery, request).return, null),
      ),
    );

    scope.get(
      '/account',
      signedIn(
        () => '/account',
        async (request, reply, reader) => {
          const done = DONE[queryOf(AccountQuery, request).done ?? ''];
          return accountPage(request, reply, reader, { message: done ? s[done] : null });
        },
      ),
    );

    scope.post(
      '/account/name',
      change(async (request, reply, reader) => {
        const fields = fieldsOf(NameFields, request);
        const returnTo = fields.return;
        const name = DisplayNameSchema.safeParse(fields.display_name);
        if (!name.success) {
          if (reader.displayName === '') return welcome(reply, reader, returnTo, s.displayNameInvalid, 400);
          return accountPage(request, reply, reader, { error: s.displayNameInvalid, status: 400 });
        }
        await accounts.rename(reader.id, name.data);
        return seeOther(reply, returnTo === '/account' ? '/account?done=name' : returnTo);
      }),
    );

    scope.post(
      '/account/sign-out',
      change(async (_request, reply, reader) => {
        await revokeSession(context.site.db, reader.sessionHash, context.now());
        reply.header('set-cookie', clearedSessionCookie(context.https()));
        return goodbye(reply, 'signedOut');
      }),
    );

    scope.post(
      '/account/sign-out-everywhere',
      change(async (_request, reply, reader) => {
        await revokeAllSessions(context.site.db, reader.id, context.now());
        reply.header('set-cookie', clearedSessionCookie(context.https()));
        return goodbye(reply, 'signedOutEverywhere');
      }),
    );

    scope.post(
      '/account/delete',
      change(async (request, reply, reader) => {
        if (fieldsOf(DeleteFields, request).confirm !== 'yes') return accountPage(request, reply, reader, { error: s.deleteNotConfirmed, status: 400 });
        await accounts.delete(reader.id, { deletedComments: context.deletedComments, deletedName: s.deletedReader, now: context.now() });
        reply.header('set-cookie', clearedSessionCookie(context.https()));
        return goodbye(reply, 'deleted');
      }),
    );

    // A download, not a change: a GET with the session cookie. The JSON is served as an
    // attachment with nosniff and a CSP of none, so a browser never renders it as a page.
    scope.get(
      '/account/export',
      signedIn(
        () => '/account',
        async (_request, reply, reader) => {
          const data = await accounts.export(reader.id);
          noStore(reply).header('content-security-policy', "default-src 'none'").header('content-disposition', 'attachment; filename="my-account.json"');
          return reply.code(200).header('content-type', 'application/json; charset=utf-8').send(JSON.stringify(data, null, 2));
        },
      ),
    );
  });
}
