import { createHmac } from 'node:crypto';
import { CopydeskError } from '../../../shared/errors';

/** Ghost Admin API tokens live at most five minutes; the client reuses one for a minute at most. */
export const GHOST_TOKEN_TTL_SECONDS = 5 * 60;

const KEY_PATTERN = /^([0-9a-f]{1,64}):((?:[0-9a-f]{2}){16,128})$/i;

/**
 * Turns an Admin API key `id:secret` into the short-lived HS256 JWT Ghost expects
 * (`Authorization: Ghost <token>`): header {alg: HS256, typ: JWT, kid: id}, payload {iat, exp,
 * aud: "/admin/"}, signed with the hex-DECODED secret. node:crypto is all it takes.
 */
export function ghostAdminToken(adminKey: string, nowSeconds = Math.floor(Date.now() / 1000)): string {
  const match = KEY_PATTERN.exec(adminKey.trim());
  // The message never includes the key itself.
  if (!match) throw new CopydeskError('invalid_input', 'A Ghost Admin API key looks like <24 hex>:<64 hex> (Ghost Admin → Integrations)');
  const [, id, secret] = match;
  const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT', kid: id }));
  const payload = base64url(JSON.stringify({ iat: nowSeconds, exp: nowSeconds + GHOST_TOKEN_TTL_SECONDS, aud: '/admin/' }));
  const signature = createHmac('sha256', Buffer.from(secret!, 'hex')).update(`${header}.${payload}`).digest('base64url');
  return `${header}.${payload}.${signature}`;
}

function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}
