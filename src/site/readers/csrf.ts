import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { SiteDatabase } from '../db/schema';

/**
 * CSRF defence for everything a reader can change, in three layers: the session cookie is
 * SameSite=Lax (a cross-site POST carries no session), the Origin (or Referer) of a state change
 * must be the site's own, and the plain no-JavaScript forms carry a token bound to the session
 * (HMAC of the session hash under a site secret), which script requests send as a header.
 */

export const FORM_TOKEN_FIELD = '_csrf';
export const FORM_TOKEN_HEADER = 'x-copydesk-csrf';

/**
 * A secret shared by every server process, made once and kept in site_settings. The insert is
 * "first writer wins" on both engines, so processes starting together agree on one value.
 */
export async function siteSecret(db: Kysely<SiteDatabase>, name: string): Promise<Buffer> {
  const key = `secret.${name}`;
  await db
    .insertInto('site_settings')
    .values({ key, value: randomBytes(32).toString('base64url') })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const row = await db.selectFrom('site_settings').select('value').where('key', '=', key).executeTakeFirstOrThrow();
  return Buffer.from(row.value, 'base64url');
}

/** The form token of a session ("anonymous" for signed-out forms such as the sign-in request). */
export function formToken(secret: Buffer, sessionHash: string | null): string {
  return createHmac('sha256', secret).update(`form:${sessionHash ?? 'anonymous'}`).digest('base64url');
}

export function formTokenValid(secret: Buffer, sessionHash: string | null, presented: unknown): boolean {
  if (typeof presented !== 'string' || presented.length > 100) return false;
  const expected = Buffer.from(formToken(secret, sessionHash));
  const given = Buffer.from(presented);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * True when a state-changing request comes from the site's own pages. Browsers send Origin on
 * every POST; Referer is the fallback for the few that strip it. A request with neither is
 * allowed only by the caller's form-token check.
 */
export function sameOrigin(request: FastifyRequest, publicUrl: string): boolean | 'unknown' {
  const own = new URL(publicUrl).origin;
  const origin = request.headers.origin;
  if (typeof origin === 'string' && origin !== 'null') return origin === own;
  if (origin === 'null') return false;
  const referer = request.headers.referer;
  if (typeof referer !== 'string') return 'unknown';
  try {
    return new URL(referer).origin === own;
  } catch {
    return false;
  }
}
