import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SiteDb } from '../db/open';
import type { DeletedComments } from '../store/accounts';
import type { CommentModeration } from '../store/comments';
import type { RateLimit } from '../store/requests';
import { formTokenValid, sameOrigin, siteSecret } from './csrf';
import { logMailer, type Mailer } from './mail';
import { readerFromRequest, type SignedInReader } from './session';
import { READER_STRINGS, type ReaderStrings } from './strings';

/** What the sign-in, SSO and account pages share; built once per app from the server options. */
export interface ReaderContext {
  site: SiteDb;
  title: string;
  publicUrl: () => string;
  now: () => number;
  strings: ReaderStrings;
  mailer: Mailer;
  /** The shared secret of `--sso-secret`; SSO is off without it. */
  ssoSecret: string | null;
  deletedComments: DeletedComments;
  signInLimits: SignInLimits;
  /** The secret form tokens are signed with (made once, shared by every process). */
  formSecret(): Promise<Buffer>;
  https(): boolean;
  reader(request: FastifyRequest): Promise<SignedInReader | null>;
}

export interface SignInLimits {
  /** Sign-in mails one address may be sent per window. */
  perAddress: RateLimit;
  /** Sign-in requests one IP address may make per window. */
  perIp: RateLimit;
}

export const DEFAULT_SIGN_IN_LIMITS: SignInLimits = {
  perAddress: { max: 5, windowMs: 15 * 60 * 1000 },
  perIp: { max: 30, windowMs: 15 * 60 * 1000 },
};

export interface ReaderOptions {
  strings?: ReaderStrings;
  mailer?: Mailer;
  ssoSecret?: string | null;
  deletedComments?: DeletedComments;
  signInLimits?: SignInLimits;
  /** Pre-, new-reader or post-moderation of readers' comments (`--comment-moderation`, `--trust-after`). */
  commentModeration?: CommentModeration;
}

export function readerContext(base: { site: SiteDb; title: string; publicUrl: () => string; now: () => number }, options: ReaderOptions = {}): ReaderContext {
  let secret: Promise<Buffer> | null = null;
  return {
    ...base,
    strings: options.strings ?? { ...READER_STRINGS },
    mailer: options.mailer ?? logMailer,
    ssoSecret: options.ssoSecret ?? null,
    deletedComments: options.deletedComments ?? 'keep',
    signInLimits: options.signInLimits ?? DEFAULT_SIGN_IN_LIMITS,
    formSecret: () => {
      secret ??= siteSecret(base.site.db, 'forms').catch((error: unknown) => {
        secret = null;
        throw error;
      });
      return secret;
    },
    https: () => base.publicUrl().startsWith('https:'),
    reader: (request) => readerFromRequest(base.site.db, request, base.now()),
  };
}

/** The fields of a form body (always an object of strings after the parser above). */
export const formFields = (request: FastifyRequest): Record<string, string> => (request.body && typeof request.body === 'object' ? (request.body as Record<string, string>) : {});

/**
 * CSRF check for a reader's POST: the Origin (or Referer) must not be another site's, and the
 * form token must match the reader's session (or the signed-out token for signed-out forms).
 */
export async function formAccepted(context: ReaderContext, request: FastifyRequest, reader: SignedInReader | null): Promise<boolean> {
  if (sameOrigin(request, context.publicUrl()) === false) return false;
  return formTokenValid(await context.formSecret(), reader?.sessionHash ?? null, formFields(request)._csrf);
}

/** Private pages: never cached by a browser or a shared cache. */
export function noStore(reply: FastifyReply): FastifyReply {
  return reply.header('cache-control', 'no-store').header('referrer-policy', 'same-origin');
}

/** 303 See Other to a path on this site: after a form POST the browser GETs the new page. */
export function seeOther(reply: FastifyReply, path: string): FastifyReply {
  return noStore(reply).code(303).header('location', path).send();
}
