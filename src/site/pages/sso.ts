import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errors, jwtVerify } from 'jose';
import { z } from 'zod';
import { html } from '../../shared/render/html';
import type { ReaderContext } from '../readers/context';
import { fieldsOf, queryOf, SsoFields } from '../readers/inputs';
import { DisplayNameSchema, EmailSchema } from '../readers/display-name';
import { AccountStore } from '../store/accounts';
import { notice, readerScope, sendPage } from './reader-page';
import { signInAndGo } from './sign-in';

/**
 * Single sign-on from the newsroom's own login (`--sso-secret`): its server signs a short-lived
 * JWT (HS256) with the shared secret and sends the reader to /sso?token=…&return=/path (or POSTs
 * the same fields). The site checks the signature, that `exp` is present and not past, that
 * `iat` is not in the future, and that `sub` (the newsroom's user id) is present; it then finds or
 * makes the reader with that subject and starts a session. docs/site.md shows the token shape.
 */

/** Seconds of clock difference forgiven between the newsroom's server and this one. */
const CLOCK_TOLERANCE_S = 30;

const ClaimsSchema = z.object({
  sub: z.string().min(1).max(200),
  exp: z.number(),
  iat: z.number().optional(),
  name: z.unknown().optional(),
  email: z.unknown().optional(),
});

/** Verifies an SSO token; null when it is not one this site should accept. */
export async function verifySsoToken(token: string, secret: string, now: number) {
  if (token.length > 8192) return null;
  try {
    const { payload } = await jwtVerify(token, new TextEncoder().encode(secret), {
      algorithms: ['HS256'],
      requiredClaims: ['exp', 'sub'],
      currentDate: new Date(now),
      clockTolerance: CLOCK_TOLERANCE_S,
    });
    const claims = ClaimsSchema.safeParse(payload);
    if (!claims.success) return null;
    if (claims.data.iat !== undefined && claims.data.iat > now / 1000 + CLOCK_TOLERANCE_S) return null;
    // A bad name or address is left out rather than refusing the reader: the subject is what counts.
    const name = DisplayNameSchema.safeParse(claims.data.name);
    const email = EmailSchema.safeParse(claims.data.email);
    return { subject: claims.data.sub, name: name.success ? name.data : undefined, email: email.success ? email.data : undefined };
  } catch (error) {
    if (error instanceof errors.JOSEError) return null;
    throw error;
  }
}

export function registerSso(app: FastifyInstance, context: ReaderContext): void {
  const accounts = new AccountStore(context.site.db);
  const s = context.strings;

  async function handle(request: FastifyRequest, reply: FastifyReply, fields: z.infer<typeof SsoFields>) {
    if (context.ssoSecret === null) return sendPage(context, reply, { status: 404, title: s.signIn, body: html`<h1>${s.signIn}</h1>${notice(s.ssoDisabled, 'alert')}` });
    const claims = fields.token !== undefined ? await verifySsoToken(fields.token, context.ssoSecret, context.now()) : null;
    if (!claims) return sendPage(context, reply, { status: 401, title: s.signIn, body: html`<h1>${s.signIn}</h1>${notice(s.ssoRefused, 'alert')}` });
    const reader = await accounts.bySsoSubject(claims.subject, claims, context.now());
    return signInAndGo(context, request, reply, reader, fields.return);
  }

  readerScope(app, context, (scope) => {
    scope.get('/sso', async (request, reply) => handle(request, reply, queryOf(SsoFields, request)));
    // The newsroom's login page posts here from its own origin: the signed token, not the
    // Origin, is what proves the request, so no form token is asked for.
    scope.post('/sso', async (request, reply) => handle(request, reply, fieldsOf(SsoFields, request)));
  });
}
