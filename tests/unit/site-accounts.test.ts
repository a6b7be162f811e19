import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT, UnsecuredJWT } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { startSiteServer, type RunningSite } from '../../src/site/index';
import type { DeletedComments } from '../../src/site/store/accounts';
import { loadReaderStrings, READER_STRINGS } from '../../src/site/readers/strings';
import { useEngines } from '../site/engines';
import { ReaderBrowser } from '../site/reader-browser';

/** Single sign-on and the account page (export, delete, sign out everywhere) on both engines. */

const NOW = Date.parse('2026-12-07T12:00:00Z');
const SECRET = 'a-newsroom-secret-that-is-long-enough-for-hs256';
const key = new TextEncoder().encode(SECRET);

/** A token as the newsroom's server would sign it; `claims` override or (undefined) drop. */
async function ssoToken(claims: Record<string, unknown> = {}, options: { secret?: Uint8Array; iat?: number; exp?: number | null } = {}) {
  const jwt = new SignJWT({ name: 'Grace Hopper', email: 'grace@example.test', ...claims }).setProtectedHeader({ alg: 'HS256' }).setIssuedAt(options.iat ?? NOW / 1000);
  if (claims.sub === undefined) jwt.setSubject('newsroom-user-7');
  if (options.exp !== null) jwt.setExpirationTime(options.exp ?? NOW / 1000 + 300);
  return jwt.sign(options.secret ?? key);
}

describe.each(useEngines())('accounts on $name', (engine) => {
  let running: RunningSite | null = null;
  let now = NOW;
  afterEach(async () => {
    await running?.close();
    running = null;
    now = NOW;
  });

  async function start(options: { sso?: boolean; deletedComments?: DeletedComments; strings?: typeof READER_STRINGS } = {}) {
    running = await startSiteServer({
      storage: await engine.storage(),
      logger: false,
      now: () => now,
      readers: { ssoSecret: options.sso === false ? null : SECRET, deletedComments: options.deletedComments ?? 'keep', ...(options.strings ? { strings: options.strings } : {}) },
    });
    return running;
  }

  const viaSso = async (browser: ReaderBrowser, token: string, returnTo = '/story/') => browser.get(`/sso?token=${encodeURIComponent(token)}&return=${encodeURIComponent(returnTo)}`);

  it('signs a reader in from a good SSO token and refuses bad, expired and unsigned ones', async () => {
    const site = await start();
    const browser = new ReaderBrowser(site.listening);
    const good = await viaSso(browser, await ssoToken());
    expect(good.status).toBe(303);
    expect(good.headers.get('location')).toBe('/story/');
    expect(good.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Lax$/);
    const reader = await site.site.db.selectFrom('readers').selectAll().executeTakeFirstOrThrow();
    expect(reader).toMatchObject({ sso_subject: 'newsroom-user-7', display_name: 'Grace Hopper', email: 'grace@example.test' });
    expect((await browser.get('/account')).text).toContain('Signed in as Grace Hopper.');

    // The same subject is the same reader; a POST works too, and a bad return path goes home.
    const posted = await new ReaderBrowser(site.listening).post('/sso', { token: await ssoToken({ name: 'Renamed' }), return: '//evil.example' }, { origin: 'https://login.newsroom.example' });
    expect(posted.status).toBe(303);
    expect(posted.headers.get('location')).toBe('/');
    expect(await site.site.db.selectFrom('readers').select('id').execute()).toHaveLength(1);

    // Signing in again in the same browser ends the session it had.
    const before = browser.cookie;
    await viaSso(browser, await ssoToken({ sub: 'newsroom-user-8' }));
    expect(browser.cookie).not.toBe(before);
    expect(await site.site.db.selectFrom('reader_sessions').select('token_hash').where('revoked_at', 'is', null).execute()).toHaveLength(2);

    const refused = async (token: string) => {
      const stranger = new ReaderBrowser(site.listening);
      const page = await viaSso(stranger, token);
      expect(page.text).toContain('could not be accepted');
      expect(stranger.cookie).toBeNull();
      return page.status;
    };
    expect(await refused(await ssoToken({}, { secret: new TextEncoder().encode('another-secret-of-the-same-kind-0123456789') }))).toBe(401);
    expect(await refused(await ssoToken({}, { exp: NOW / 1000 - 60 }))).toBe(401);
    expect(await refused(await ssoToken({}, { exp: null }))).toBe(401);
    expect(await refused(await ssoToken({}, { iat: NOW / 1000 + 3600, exp: NOW / 1000 + 7200 }))).toBe(401);
    expect(await refused(await ssoToken({ sub: '' }))).toBe(401);
    expect(await refused(new UnsecuredJWT({ sub: 'x' }).setExpirationTime(NOW / 1000 + 60).encode())).toBe(401);
    expect(await refused('not-a-token')).toBe(401);
    expect(await site.site.db.selectFrom('readers').select('id').execute()).toHaveLength(2);
  });

  it('has no SSO without a secret', async () => {
    const site = await start({ sso: false });
    const browser = new ReaderBrowser(site.listening);
    const page = await viaSso(browser, await ssoToken());
    expect(page.status).toBe(404);
    expect(browser.cookie).toBeNull();
  });

  it('lists sessions and signs out everywhere', async () => {
    const site = await start();
    const phone = new ReaderBrowser(site.listening, { 'user-agent': 'Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/131.0 Mobile Safari/537.36' });
    const laptop = new ReaderBrowser(site.listening, { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0' });
    await viaSso(phone, await ssoToken());
    now += 60_000;
    await viaSso(laptop, await ssoToken());
    const page = await laptop.get('/account');
    expect(page.text).toContain('Chrome on Android');
    expect(page.text).toContain('Firefox on Linux (this browser)');
    expect(page.text).not.toMatch(/[0-9a-f]{64}/);

    const out = await laptop.post('/account/sign-out-everywhere', { _csrf: ReaderBrowser.tokenIn(page) });
    expect(out.status).toBe(200);
    expect(out.text).toContain('You are signed out on every browser.');
    expect(out.headers.get('set-cookie')).toMatch(/^copydesk_reader=; Path=\/; Max-Age=0/);
    const phoneAccount = await phone.get('/account');
    expect(phoneAccount.status).toBe(303);
    expect(phoneAccount.headers.get('location')).toBe('/login?return=%2Faccount');
  });

  it('signs out this browser only', async () => {
    const site = await start();
    const one = new ReaderBrowser(site.listening);
    const two = new ReaderBrowser(site.listening);
    await viaSso(one, await ssoToken());
    await viaSso(two, await ssoToken());
    const page = await one.get('/account');
    expect((await one.post('/account/sign-out', { _csrf: ReaderBrowser.tokenIn(page) })).text).toContain('You are signed out.');
    expect(one.cookie).toBeNull();
    expect((await two.get('/account')).status).toBe(200);
  });

  /** A signed-in reader with two comments and a vote, and another reader's reply. */
  async function readerWithActivity(site: RunningSite) {
    const browser = new ReaderBrowser(site.listening);
    await viaSso(browser, await ssoToken());
    const reader = await site.site.db.selectFrom('readers').select('id').executeTakeFirstOrThrow();
    const comment = (id: string, author: string, seq: number, parent: string | null = null) => ({
      id,
      article_id: 'art-1',
      parent_id: parent,
      author_id: author,
      author_name: author === reader.id ? 'Grace Hopper' : 'Other',
      body: `Body of ${id}`,
      status: 'approved',
      created_at: `2026-12-07T10:0${seq}:00.000Z`,
      updated_at: `2026-12-07T10:0${seq}:00.000Z`,
      seq,
    });
    await site.site.db.insertInto('comments').values([comment('c1', reader.id, 1), comment('c2', reader.id, 2), comment('c3', 'someone-else', 3, 'c1')]).execute();
    // As if they came through the store: the comments feed has handed out numbers 1 to 3.
    await site.site.db.updateTable('feed_counters').set({ value: 3 }).where('name', '=', 'comments').execute();
    await site.site.db
      .insertInto('votes')
      .values([
        { id: 'v1', article_id: 'art-1', voter_id: reader.id, axis: 'support', value: 1, voided: 0, withdrawn: 0, created_at: '2026-12-07T10:00:00.000Z', voter_created_at: null, ip_hash: null, device_hash: null, seq: 1 },
        { id: 'v2', article_id: 'art-1', voter_id: 'someone-else', axis: 'support', value: 0, voided: 0, withdrawn: 0, created_at: '2026-12-07T10:00:00.000Z', voter_created_at: null, ip_hash: null, device_hash: null, seq: 2 },
      ])
      .execute();
    return { browser, readerId: reader.id };
  }

  it('exports everything held about the reader, without session hashes', async () => {
    const site = await start();
    const { browser, readerId } = await readerWithActivity(site);
    const download = await browser.get('/account/export');
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toBe('attachment; filename="my-account.json"');
    expect(download.headers.get('cache-control')).toBe('no-store');
    const data = JSON.parse(download.text);
    expect(data.account).toMatchObject({ id: readerId, email: 'grace@example.test', ssoSubject: 'newsroom-user-7', displayName: 'Grace Hopper' });
    expect(data.sessions).toHaveLength(1);
    expect(data.sessions[0]).toMatchObject({ signedInAt: '2026-12-07T12:00:00.000Z', signedOutAt: null });
    expect(data.comments.map((c: { id: string }) => c.id)).toEqual(['c1', 'c2']);
    expect(data.votes).toEqual([{ id: 'v1', articleId: 'art-1', axis: 'support', value: true, voided: false, createdAt: '2026-12-07T10:00:00.000Z' }]);
    const hashes = await site.site.db.selectFrom('reader_sessions').select('token_hash').execute();
    expect(download.text).not.toContain(hashes[0]!.token_hash);
    expect((await new ReaderBrowser(site.listening).get('/account/export')).status).toBe(303);
  });

  it.each(['keep', 'remove'] as const)('deletes an account (%s comments): sessions end, votes stay counted but unlinked', async (mode) => {
    const site = await start({ deletedComments: mode });
    const { browser, readerId } = await readerWithActivity(site);
    const page = await browser.get('/account');
    expect(page.text).toContain(mode === 'keep' ? 'shown as from a deleted reader' : 'with all of your comments');
    const unconfirmed = await browser.post('/account/delete', { _csrf: ReaderBrowser.tokenIn(page) });
    expect(unconfirmed.status).toBe(400);
    expect(unconfirmed.text).toContain('Tick the box');
    const deleted = await browser.post('/account/delete', { _csrf: ReaderBrowser.tokenIn(page), confirm: 'yes' });
    expect(deleted.status).toBe(200);
    expect(deleted.text).toContain('Your account is deleted.');
    expect((await browser.get('/account')).status).toBe(303);

    const db = site.site.db;
    expect(await db.selectFrom('readers').selectAll().where('id', '=', readerId).executeTakeFirstOrThrow()).toMatchObject({ status: 'deleted', email: null, sso_subject: null, display_name: '' });
    expect(await db.selectFrom('reader_sessions').select('revoked_at').where('revoked_at', 'is', null).execute()).toHaveLength(0);
    const comments = await db.selectFrom('comments').select(['id', 'author_id', 'author_name', 'body', 'deleted_at', 'seq']).orderBy('id').execute();
    if (mode === 'keep') {
      expect(comments.map((c) => [c.id, c.author_name, c.body])).toEqual([
        ['c1', 'a deleted reader', 'Body of c1'],
        ['c2', 'a deleted reader', 'Body of c2'],
        ['c3', 'Other', 'Body of c3'],
      ]);
    } else {
      // Removed: emptied and marked deleted, the row kept so the desktop's feed tells it to drop them.
      expect(comments.map((c) => [c.id, c.body, c.deleted_at !== null])).toEqual([
        ['c1', '', true],
        ['c2', '', true],
        ['c3', 'Body of c3', false],
      ]);
    }
    // Either way the changes took new feed numbers, after the untouched c3.
    expect(comments.map((c) => Number(c.seq))).toEqual([4, 5, 3]);
    expect(comments.some((c) => c.author_id === readerId)).toBe(false);
    const votes = await db.selectFrom('votes').select(['id', 'voter_id', 'voided']).orderBy('id').execute();
    expect(votes).toHaveLength(2);
    expect(votes[0]!.voter_id).not.toBe(readerId);
    expect(votes[0]!.voided).toBe(0);

    // The same newsroom user signing in again is a new, empty account.
    const again = new ReaderBrowser(site.listening);
    await viaSso(again, await ssoToken());
    const fresh = JSON.parse((await again.get('/account/export')).text);
    expect(fresh.account.id).not.toBe(readerId);
    expect(fresh.comments).toEqual([]);
    expect(fresh.votes).toEqual([]);
  });

  it('shows a site’s own wording from --strings', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'copydesk-strings-'));
    const file = join(dir, 'strings.json');
    writeFileSync(file, JSON.stringify({ accountTitle: 'Mein Konto', accountIntro: 'Angemeldet als {name}.' }));
    const site = await start({ strings: loadReaderStrings(file) as typeof READER_STRINGS });
    const browser = new ReaderBrowser(site.listening);
    await viaSso(browser, await ssoToken({ name: '<b>Grace</b>' }));
    const page = await browser.get('/account');
    expect(page.text).toContain('<h1>Mein Konto</h1>');
    expect(page.text).toContain('Angemeldet als &lt;b&gt;Grace&lt;/b&gt;.');
    expect(page.text).toContain('Where you are signed in');
  });
});

describe('the strings file', () => {
  it('refuses unknown keys and unreadable files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'copydesk-strings-'));
    const typo = join(dir, 'typo.json');
    writeFileSync(typo, JSON.stringify({ acountTitle: 'x' }));
    expect(() => loadReaderStrings(typo)).toThrow('"acountTitle" is not one of the site\'s sentences.');
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{');
    expect(() => loadReaderStrings(broken)).toThrow('could not be read as JSON');
    expect(loadReaderStrings(undefined)).toEqual(READER_STRINGS);
  });
});
