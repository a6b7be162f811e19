import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { html } from '../../shared/render/html';
import { formToken } from '../readers/csrf';
import { formAccepted, seeOther, type ReaderContext } from '../readers/context';
import { fieldsOf, LinkFields, LinkQuery, queryOf, ReturnQuery, SignInFields } from '../readers/inputs';
import { EmailSchema } from '../readers/display-name';
import { safeReturnPath } from '../readers/return-path';
import { createSession, revokeSession, sessionCookie } from '../readers/session';
import { say } from '../readers/strings';
import { AccountStore } from '../store/accounts';
import { countRequest } from '../store/requests';
import { consumeSignInLink, createSignInLink, signInLinkUsable } from '../store/sign-in-links';
import { notice, readerScope, sendPage, tokenField } from './reader-page';

/**
 * Sign-in by emailed one-time link. GET /login shows the address form; POST /login mails a link
 * (the same answer whether or not the address has an account: one is made when the link is
 * used). Mail scanners open links to check them, so GET /login/link only shows a "Sign in"
 * button; its POST uses the link up and starts the session.
 */

const sha = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 32);

export function signInForm(context: ReaderContext, token: string, returnTo: string, options: { email?: string; error?: string | null } = {}) {
  const s = context.strings;
  const error = options.error ?? null;
  return html`<form method="post" action="/login" novalidate>
${tokenField(token)}<input type="hidden" name="return" value="${returnTo}">
<label for="email">${s.emailLabel}</label>
${error ? html`<p class="account-hint" id="email-error">${error}</p>` : ''}<input type="email" id="email" name="email" autocomplete="email" required maxlength="254" value="${options.email ?? ''}"${error ? html` aria-invalid="true" aria-describedby="email-error"` : ''}>
<button type="submit">${s.sendLink}</button>
</form>`;
}

/** A 429 page: the plain sentence plus Retry-After for clients that read it. */
function tooMany(context: ReaderContext, reply: FastifyReply, seconds: number) {
  reply.header('retry-after', String(seconds));
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  return sendPage(context, reply, { status: 429, title: say(context.strings, 'signInTitle', { site: context.title }), body: html`<h1>${say(context.strings, 'signInTitle', { site: context.title })}</h1>${notice(say(context.strings, 'tooManyRequests', { minutes }), 'alert')}` });
}

export function refused(context: ReaderContext, reply: FastifyReply) {
  return sendPage(context, reply, { status: 403, title: context.strings.signIn, body: html`<h1>${context.strings.signIn}</h1>${notice(context.strings.formRefused, 'alert')}` });
}

/** Starts a session for a reader and sends them on: first to choose a name if they have none. */
export async function signInAndGo(context: ReaderContext, request: FastifyRequest, reply: FastifyReply, reader: { id: string; displayName: string }, returnTo: string) {
  // The browser's previous session (maybe another reader's) ends: one browser, one session.
  const previous = await context.reader(request);
  if (previous) await revokeSession(context.site.db, previous.sessionHash, context.now());
  const session = await createSession(context.site.db, reader.id, { now: context.now(), userAgent: request.headers['user-agent'] ?? '' });
  reply.header('set-cookie', sessionCookie(session.token, context.https()));
  const next = reader.displayName === '' ? `/welcome?return=${encodeURIComponent(returnTo)}` : returnTo;
  return seeOther(reply, next);
}

export function registerSignIn(app: FastifyInstance, context: ReaderContext): void {
  const accounts = new AccountStore(context.site.db);
  const s = context.strings;
  const title = () => say(s, 'signInTitle', { site: context.title });

  async function loginPage(request: FastifyRequest, reply: FastifyReply, options: { status?: number; email?: string; error?: string | null; message?: string | null; returnTo: string }) {
    const reader = await context.reader(request);
    const token = formToken(await context.formSecret(), reader?.sessionHash ?? null);
    const body = html`<h1>${title()}</h1>
${notice(options.message ?? null, 'alert')}<p>${s.signInIntro}</p>
${signInForm(context, token, options.returnTo, options)}`;
    return sendPage(context, reply, { status: options.status ?? 200, title: title(), body });
  }

  readerScope(app, context, (scope) => {
    scope.get('/login', async (request, reply) => loginPage(request, reply, { returnTo: queryOf(ReturnQuery, request).return }));

    scope.post('/login', async (request, reply) => {
      const reader = await context.reader(request);
      if (!(await formAccepted(context, request, reader))) return refused(context, reply);
      const fields = fieldsOf(SignInFields, request);
      const returnTo = fields.return;
      const email = EmailSchema.safeParse(fields.email);
      if (!email.success) return loginPage(request, reply, { status: 400, email: fields.email.slice(0, 254), error: s.emailInvalid, returnTo });
      // Per IP first (one client trying many addresses), then per address (many clients
      // flooding one inbox). Counted in the database, so every server process shares them.
      const now = context.now();
      const { engine, db } = context.site;
      const ipWait = await countRequest(db, engine, `sign-in-ip:${sha(request.ip)}`, context.signInLimits.perIp, now);
      if (ipWait > 0) return tooMany(context, reply, ipWait);
      const addressWait = await countRequest(db, engine, `sign-in-address:${sha(email.data)}`, context.signInLimits.perAddress, now);
      if (addressWait > 0) return tooMany(context, reply, addressWait);
      // countRequest clears old windows of the same key only; windows of addresses and IPs that
      // never come back are cleared here, so the table holds about one window's worth of keys.
      const longest = Math.max(context.signInLimits.perAddress.windowMs, context.signInLimits.perIp.windowMs);
      await db.deleteFrom('rate_limits').where('token_id', 'like', 'sign-in-%').where('window_start', '<', now - 2 * longest).execute();

      const token = await createSignInLink(db, email.data, returnTo, now);
      const link = new URL(`login/link?token=${token}`, context.publicUrl()).href;
      try {
        await context.mailer.send({ to: email.data, subject: say(s, 'mailSubject', { site: context.title }), text: say(s, 'mailBody', { site: context.title, link }), link }, request.log);
      } catch (error) {
        request.log.error({ err: error }, 'the sign-in mail could not be sent');
        return loginPage(request, reply, { status: 503, email: email.data, message: s.mailUnavailable, returnTo });
      }
      const body = html`<h1>${s.linkSentTitle}</h1>${notice(say(s, 'linkSent', { email: email.data }))}`;
      return sendPage(context, reply, { title: s.linkSentTitle, body });
    });

    scope.get('/login/link', async (request, reply) => {
      const token = queryOf(LinkQuery, request).token;
      if (typeof token !== 'string' || !(await signInLinkUsable(context.site.db, token, context.now()))) {
        return loginPage(request, reply, { status: 410, message: s.linkInvalid, returnTo: '/' });
      }
      const reader = await context.reader(request);
      const csrf = formToken(await context.formSecret(), reader?.sessionHash ?? null);
      const heading = say(s, 'confirmTitle', { site: context.title });
      const body = html`<h1>${heading}</h1>
<p>${s.confirmIntro}</p>
<form method="post" action="/login/link">${tokenField(csrf)}<input type="hidden" name="token" value="${token}">
<button type="submit">${s.signIn}</button>
</form>`;
      return sendPage(context, reply, { title: heading, body });
    });

    scope.post('/login/link', async (request, reply) => {
      const current = await context.reader(request);
      if (!(await formAccepted(context, request, current))) return refused(context, reply);
      const used = await consumeSignInLink(context.site.db, fieldsOf(LinkFields, request).token, context.now());
      if (!used) return loginPage(request, reply, { status: 410, message: s.linkInvalid, returnTo: '/' });
      const reader = await accounts.byEmail(used.email, context.now());
      return signInAndGo(context, request, reply, reader, safeReturnPath(used.returnTo));
    });
  });
}
