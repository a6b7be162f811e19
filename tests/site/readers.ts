import { randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { ReaderStatus, SiteDatabase } from '../../src/site/db/schema';
import { formToken, FORM_TOKEN_HEADER, siteSecret } from '../../src/site/readers/csrf';
import { createSession, hashToken, SESSION_COOKIE, SESSION_LIFETIME_MS } from '../../src/site/readers/session';

/** A reader row plus a live session: what a browser holds after signing in. */
export interface TestReader {
  id: string;
  cookie: string;
  /** The session's form token (the field of plain forms, the header of script requests). */
  token: string;
}

/** Creates a reader and signs them in directly in the database (sign-in itself is tested elsewhere). */
export async function signedInReader(db: Kysely<SiteDatabase>, options: { name?: string; status?: ReaderStatus; createdAt?: string; id?: string } = {}): Promise<TestReader> {
  const id = options.id ?? `r${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  await db
    .insertInto('readers')
    .values({ id, email: `${id}@example.test`, sso_subject: null, display_name: options.name ?? `Reader ${id}`, status: options.status ?? 'active', created_at: options.createdAt ?? '2026-01-01T00:00:00.000Z', deleted_at: null })
    .execute();
  const { token: session } = await createSession(db, id, { now: Date.now() });
  const token = formToken(await siteSecret(db, 'forms'), hashToken(session));
  return { id, cookie: `${SESSION_COOKIE}=${session}`, token };
}

/** Many readers signed in at once, written in one transaction (load tests make thousands). */
export async function signedInReaders(db: Kysely<SiteDatabase>, count: number, prefix = 'reader'): Promise<TestReader[]> {
  const secret = await siteSecret(db, 'forms');
  const now = Date.now();
  const made = Array.from({ length: count }, (_, i) => ({ id: `${prefix}${i}`, session: randomBytes(32).toString('base64url') }));
  await db.transaction().execute(async (trx) => {
    for (let at = 0; at < made.length; at += 500) {
      const chunk = made.slice(at, at + 500);
      await trx
        .insertInto('readers')
        .values(chunk.map(({ id }) => ({ id, email: `${id}@example.test`, sso_subject: null, display_name: `Reader ${id}`, status: 'active' as const, created_at: '2026-01-01T00:00:00.000Z', deleted_at: null })))
        .execute();
      await trx
        .insertInto('reader_sessions')
        .values(chunk.map(({ id, session }) => ({ token_hash: hashToken(session), reader_id: id, created_at: now, last_seen_at: now, expires_at: now + SESSION_LIFETIME_MS, user_agent: 'tests', revoked_at: null })))
        .execute();
    }
  });
  return made.map(({ id, session }) => ({ id, cookie: `${SESSION_COOKIE}=${session}`, token: formToken(secret, hashToken(session)) }));
}

/** Headers of a script request from the site's own page. */
export const scriptHeaders = (site: string, reader: TestReader): Record<string, string> => ({
  cookie: reader.cookie,
  origin: new URL(site).origin,
  'content-type': 'application/json',
  [FORM_TOKEN_HEADER]: reader.token,
});

/** A vote sent as the page script sends it. */
export function castVote(site: string, articleId: string, reader: TestReader, axis: 'interesting' | 'support', answer: 'yes' | 'no' | 'withdraw'): Promise<Response> {
  return fetch(new URL(`live/${articleId}/vote`, site), { method: 'POST', headers: scriptHeaders(site, reader), body: JSON.stringify({ axis, answer }) });
}

/** A comment write sent as the page script sends it: `path` after /live/<id>/comments (e.g. `/c1/edit`). */
export function commentRequest(site: string, articleId: string, reader: TestReader, path: string, body: Record<string, unknown> = {}): Promise<Response> {
  return fetch(new URL(`live/${articleId}/comments${path}`, site), { method: 'POST', headers: scriptHeaders(site, reader), body: JSON.stringify(body) });
}
