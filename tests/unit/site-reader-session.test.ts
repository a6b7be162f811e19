import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { openSiteDb, type SiteDb } from '../../src/site/db/open';
import { FORM_TOKEN_FIELD, formToken, formTokenValid, sameOrigin, siteSecret } from '../../src/site/readers/csrf';
import { createSession, readCookie, readerFromRequest, revokeAllSessions, revokeSession, SESSION_COOKIE, SESSION_LIFETIME_MS, sessionCookie } from '../../src/site/readers/session';
import { useEngines } from '../site/engines';

/** Reader sessions and form tokens, on both engines: the base every reader feature stands on. */

const NOW = Date.parse('2026-12-07T12:00:00Z');

async function addReader(site: SiteDb, status: 'active' | 'deleted' = 'active'): Promise<string> {
  const id = randomUUID();
  await site.db.insertInto('readers').values({ id, email: `${id}@example.test`, sso_subject: null, display_name: 'Ada', status, created_at: '2026-11-01T00:00:00.000Z', deleted_at: null }).execute();
  return id;
}

/** A real fastify app whose one route answers who is signed in, so cookies go through HTTP parsing. */
function whoAmI(site: SiteDb, now: () => number): FastifyInstance {
  const app = Fastify({ logger: false });
  app.get('/me', async (request) => (await readerFromRequest(site.db, request, now())) ?? { signedOut: true });
  return app;
}

describe.each(useEngines())('reader sessions on $name', (engine) => {
  let site: SiteDb;
  let app: FastifyInstance;
  afterEach(async () => {
    await app?.close();
    await site?.close();
  });

  const me = async (cookie?: string) => (await app.inject({ method: 'GET', url: '/me', headers: cookie ? { cookie } : {} })).json();

  it('signs a reader in by cookie, keeps only a hash, and ends on revoke, expiry or deletion', async () => {
    site = await openSiteDb(await engine.storage());
    let now = NOW;
    app = whoAmI(site, () => now);
    const readerId = await addReader(site);
    const { token, expiresAt } = await createSession(site.db, readerId, { now, userAgent: 'Firefox' });
    expect(expiresAt).toBe(NOW + SESSION_LIFETIME_MS);
    const stored = await site.db.selectFrom('reader_sessions').selectAll().execute();
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain(token);

    const cookie = `other=1; ${SESSION_COOKIE}=${token}`;
    expect(await me(cookie)).toMatchObject({ id: readerId, displayName: 'Ada', status: 'active' });
    expect(await me()).toEqual({ signedOut: true });
    expect(await me(`${SESSION_COOKIE}=${token.slice(1)}x`)).toEqual({ signedOut: true });

    now = expiresAt;
    expect(await me(cookie)).toEqual({ signedOut: true });
    now = NOW;
    await revokeSession(site.db, stored[0]!.token_hash, now);
    expect(await me(cookie)).toEqual({ signedOut: true });
  });

  it('signs out everywhere, and a deleted reader is signed out', async () => {
    site = await openSiteDb(await engine.storage());
    app = whoAmI(site, () => NOW);
    const readerId = await addReader(site);
    const first = await createSession(site.db, readerId, { now: NOW });
    const second = await createSession(site.db, readerId, { now: NOW });
    expect(await revokeAllSessions(site.db, readerId, NOW)).toBe(2);
    expect(await me(`${SESSION_COOKIE}=${first.token}`)).toEqual({ signedOut: true });
    expect(await me(`${SESSION_COOKIE}=${second.token}`)).toEqual({ signedOut: true });

    const gone = await addReader(site, 'deleted');
    const session = await createSession(site.db, gone, { now: NOW });
    expect(await me(`${SESSION_COOKIE}=${session.token}`)).toEqual({ signedOut: true });
  });

  it('shares one secret between processes and binds form tokens to the session', async () => {
    site = await openSiteDb(await engine.storage());
    const [a, b] = await Promise.all([siteSecret(site.db, 'forms'), siteSecret(site.db, 'forms')]);
    expect(a.equals(b)).toBe(true);
    expect(a).toHaveLength(32);
    const token = formToken(a, 'session-1');
    expect(formTokenValid(a, 'session-1', token)).toBe(true);
    expect(formTokenValid(a, 'session-2', token)).toBe(false);
    expect(formTokenValid(a, null, token)).toBe(false);
    expect(formTokenValid(a, 'session-1', { [FORM_TOKEN_FIELD]: token })).toBe(false);
  });
});

describe('cookies and origins', () => {
  it('reads one cookie, ignoring malformed escapes', () => {
    expect(readCookie('a=1; copydesk_reader=abc; b=2', SESSION_COOKIE)).toBe('abc');
    expect(readCookie('copydesk_reader=%E0%A4%A', SESSION_COOKIE)).toBeNull();
    expect(readCookie(undefined, SESSION_COOKIE)).toBeNull();
  });

  it('sets HttpOnly SameSite=Lax cookies, Secure only over HTTPS', () => {
    expect(sessionCookie('t', false)).toMatch(/HttpOnly; SameSite=Lax$/);
    expect(sessionCookie('t', true)).toMatch(/; Secure$/);
  });

  it('tells own-origin changes from cross-site ones', async () => {
    const app = Fastify({ logger: false });
    app.post('/change', async (request) => ({ result: sameOrigin(request, 'https://news.example/') }));
    const post = async (headers: Record<string, string>) => (await app.inject({ method: 'POST', url: '/change', headers })).json().result;
    expect(await post({ origin: 'https://news.example' })).toBe(true);
    expect(await post({ origin: 'https://evil.example' })).toBe(false);
    expect(await post({ origin: 'null' })).toBe(false);
    expect(await post({ referer: 'https://news.example/a-story/' })).toBe(true);
    expect(await post({ referer: 'https://evil.example/' })).toBe(false);
    expect(await post({})).toBe('unknown');
    await app.close();
  });
});
