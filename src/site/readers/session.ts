import { createHash, randomBytes } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { ReaderStatus, SiteDatabase } from '../db/schema';

/**
 * Reader sessions. The browser holds a random token in an HttpOnly, SameSite=Lax cookie; the
 * database holds only its SHA-256, so neither a leaked backup nor a log line signs anyone in.
 * Every server process reads sessions from the database: nothing here lives in memory, so any
 * process behind the load balancer can answer any reader.
 */

export const SESSION_COOKIE = 'copydesk_reader';
export const SESSION_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000;
/** last_seen_at is rewritten at most this often, so reading a page is not a write per request. */
const TOUCH_EVERY_MS = 5 * 60 * 1000;

export interface SignedInReader {
  id: string;
  displayName: string;
  email: string | null;
  status: ReaderStatus;
  /** When the account was made (ISO 8601): vote-fraud signals use the account's age. */
  createdAt: string;
  /** Hash of this session's token: names the session (sign out, form tokens) without the token. */
  sessionHash: string;
}

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/** The value of one cookie in a Cookie header, or null; malformed escapes count as absent. */
export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const at = part.indexOf('=');
    if (at < 0 || part.slice(0, at).trim() !== name) continue;
    try {
      return decodeURIComponent(part.slice(at + 1).trim());
    } catch {
      return null;
    }
  }
  return null;
}

/** Set-Cookie for a new session; Secure whenever readers reach the site over HTTPS. */
export function sessionCookie(token: string, secure: boolean, maxAgeMs = SESSION_LIFETIME_MS): string {
  return `${SESSION_COOKIE}=${token}; Path=/; Max-Age=${Math.floor(maxAgeMs / 1000)}; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
}

export const clearedSessionCookie = (secure: boolean): string => `${SESSION_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;

export async function createSession(db: Kysely<SiteDatabase>, readerId: string, options: { now: number; userAgent?: string }): Promise<{ token: string; expiresAt: number }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = options.now + SESSION_LIFETIME_MS;
  await db
    .insertInto('reader_sessions')
    .values({ token_hash: hashToken(token), reader_id: readerId, created_at: options.now, last_seen_at: options.now, expires_at: expiresAt, user_agent: (options.userAgent ?? '').slice(0, 300), revoked_at: null })
    .execute();
  return { token, expiresAt };
}

/** The session token a request presents, as stored (its hash), or null when it carries none that could be one. */
export function sessionHashOf(request: FastifyRequest): string | null {
  const token = readCookie(request.headers.cookie, SESSION_COOKIE);
  return token && /^[A-Za-z0-9_-]{43}$/.test(token) ? hashToken(token) : null;
}

/** A session joined with its reader, as the queries that sign a request in read it. */
export interface SessionRow {
  id: string;
  display_name: string;
  email: string | null;
  status: ReaderStatus;
  created_at: string;
  expires_at: number;
  revoked_at: number | null;
  last_seen_at: number;
}

/**
 * The signed-in reader a session row stands for, or null (expired, revoked, deleted); notes the
 * session as seen when last_seen_at is older than TOUCH_EVERY_MS. Shared by readerFromRequest
 * and the queries that read the session together with other rows (the vote's one statement).
 */
export async function readerOfSession(db: Kysely<SiteDatabase>, row: SessionRow, tokenHash: string, now: number): Promise<SignedInReader | null> {
  if (row.revoked_at !== null || Number(row.expires_at) <= now || row.status === 'deleted') return null;
  if (now - Number(row.last_seen_at) > TOUCH_EVERY_MS) {
    await db.updateTable('reader_sessions').set({ last_seen_at: now }).where('token_hash', '=', tokenHash).execute();
  }
  return { id: row.id, displayName: row.display_name, email: row.email, status: row.status, createdAt: row.created_at, sessionHash: tokenHash };
}

/** The signed-in reader of a request, or null (no cookie, unknown, expired, revoked, deleted). */
export async function readerFromRequest(db: Kysely<SiteDatabase>, request: FastifyRequest, now: number): Promise<SignedInReader | null> {
  const tokenHash = sessionHashOf(request);
  if (!tokenHash) return null;
  const row = await db
    .selectFrom('reader_sessions as s')
    .innerJoin('readers as r', 'r.id', 's.reader_id')
    .select(['r.id', 'r.display_name', 'r.email', 'r.status', 'r.created_at', 's.expires_at', 's.revoked_at', 's.last_seen_at'])
    .where('s.token_hash', '=', tokenHash)
    .executeTakeFirst();
  return row ? readerOfSession(db, row, tokenHash, now) : null;
}

export async function revokeSession(db: Kysely<SiteDatabase>, tokenHash: string, now: number): Promise<void> {
  await db.updateTable('reader_sessions').set({ revoked_at: now }).where('token_hash', '=', tokenHash).where('revoked_at', 'is', null).execute();
}

/** "Sign out everywhere": every session of the reader ends, this one included. */
export async function revokeAllSessions(db: Kysely<SiteDatabase>, readerId: string, now: number): Promise<number> {
  const result = await db.updateTable('reader_sessions').set({ revoked_at: now }).where('reader_id', '=', readerId).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows);
}
