import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { SiteDatabase } from '../db/schema';
import { hashToken } from '../readers/session';

/** How long an emailed sign-in link works. */
export const LINK_LIFETIME_MS = 15 * 60 * 1000;

/** Makes a one-time link token for an address; only its hash is stored. */
export async function createSignInLink(db: Kysely<SiteDatabase>, email: string, returnTo: string, now: number): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await db.insertInto('sign_in_links').values({ token_hash: hashToken(token), email, return_to: returnTo, created_at: now, expires_at: now + LINK_LIFETIME_MS, used_at: null }).execute();
  // Links past their time are cleared as new ones are made: nothing per process, no timer.
  await db.deleteFrom('sign_in_links').where('expires_at', '<', now - LINK_LIFETIME_MS).execute();
  return token;
}

export const isLinkToken = (token: unknown): token is string => typeof token === 'string' && /^[A-Za-z0-9_-]{43}$/.test(token);

/**
 * Uses a link: one conditional UPDATE marks it used only when it is unused and unexpired, so
 * two clicks racing (even on two processes) cannot both sign in. Null when it does not work.
 */
export async function consumeSignInLink(db: Kysely<SiteDatabase>, token: string, now: number): Promise<{ email: string; returnTo: string } | null> {
  if (!isLinkToken(token)) return null;
  const row = await db
    .updateTable('sign_in_links')
    .set({ used_at: now })
    .where('token_hash', '=', hashToken(token))
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returning(['email', 'return_to'])
    .executeTakeFirst();
  return row ? { email: row.email, returnTo: row.return_to } : null;
}

/** True when the link would still sign in (for the confirm page, which must not use it up). */
export async function signInLinkUsable(db: Kysely<SiteDatabase>, token: string, now: number): Promise<boolean> {
  if (!isLinkToken(token)) return false;
  const row = await db.selectFrom('sign_in_links').select('token_hash').where('token_hash', '=', hashToken(token)).where('used_at', 'is', null).where('expires_at', '>', now).executeTakeFirst();
  return row !== undefined;
}
