import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import { appContentSecurityPolicy } from '../core/app-csp';

export const TOKEN_COOKIE = 'copydesk_token';

/** The app's policy (core/app-csp.ts), sent as a header, so it can also forbid framing. */
export const CONTENT_SECURITY_POLICY = appContentSecurityPolicy({ frameAncestors: true });

export const SECURITY_HEADERS: OutgoingHttpHeaders = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

export function tokensEqual(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The token from `Authorization: Bearer …` or from the session cookie set by the launch URL. */
export function presentedToken(req: IncomingMessage): string | undefined {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice('Bearer '.length).trim();
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name !== TOKEN_COOKIE) continue;
    // Any page can plant a cookie with a broken escape: that is no token, not a crash.
    try {
      return decodeURIComponent(rest.join('='));
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/**
 * Only our own authority is accepted in Host (defeats DNS rebinding: a hostile page whose name
 * resolves to 127.0.0.1 still sends its own name), and a cross-site Origin is refused outright.
 */
export function checkOrigin(req: IncomingMessage, port: number): string | null {
  const allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const host = req.headers.host;
  if (!host || !allowedHosts.has(host.toLowerCase())) return 'Host header is not this Copydesk server';
  const origin = req.headers.origin;
  if (origin !== undefined) {
    let parsed: URL;
    try {
      parsed = new URL(origin);
    } catch {
      return 'Origin header is malformed';
    }
    if (parsed.protocol !== 'http:' || !allowedHosts.has(parsed.host.toLowerCase())) return 'Origin is not this Copydesk server';
  }
  return null;
}
