import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSiteServer, type RunningSite } from '../../src/site/index';
import type { SignInLimits } from '../../src/site/readers/context';
import { smtpMailer } from '../../src/site/readers/mail';
import { safeReturnPath } from '../../src/site/readers/return-path';
import { useEngines } from '../site/engines';
import { siteArticle, startSite } from '../site/harness';
import { startMailCatcher, type MailCatcher } from '../site/mail-catcher';
import { ReaderBrowser } from '../site/reader-browser';

/** Sign-in by emailed link, end to end over HTTP on both engines, with a real SMTP receiver. */

const NOW = Date.parse('2026-12-07T12:00:00Z');
const ROOMY: SignInLimits = { perAddress: { max: 100, windowMs: 60_000 }, perIp: { max: 100, windowMs: 60_000 } };

let mail: MailCatcher;
beforeAll(async () => {
  mail = await startMailCatcher();
});
afterAll(async () => {
  await mail.close();
});

describe.each(useEngines())('sign-in by mail on $name', (engine) => {
  let running: RunningSite | null = null;
  let now = NOW;
  afterEach(async () => {
    await running?.close();
    running = null;
    now = NOW;
    mail.skipAll();
  });

  async function start(options: { limits?: SignInLimits; trustProxy?: boolean } = {}) {
    running = await startSiteServer({
      storage: await engine.storage(),
      logger: false,
      now: () => now,
      trustProxy: options.trustProxy ?? false,
      readers: { mailer: smtpMailer(mail.url, 'Desk <desk@example.test>'), signInLimits: options.limits ?? ROOMY },
    });
    return running;
  }

  /** Asks for a link as the login page's form would; returns the mailed link. */
  async function requestLink(browser: ReaderBrowser, email: string, returnTo = '/a-story/') {
    const page = await browser.get(`/login?return=${encodeURIComponent(returnTo)}`);
    expect(page.status).toBe(200);
    const sent = await browser.post('/login', { _csrf: ReaderBrowser.tokenIn(page), email, return: returnTo });
    expect(sent.status).toBe(200);
    return mail.linkIn(await mail.next(email.trim().toLowerCase()));
  }

  /** Opens the link (the confirm page) and presses "Sign in". */
  async function follow(browser: ReaderBrowser, link: string) {
    const confirm = await browser.get(link.replace(/^https?:\/\/[^/]+/, ''));
    expect(confirm.status).toBe(200);
    return browser.post('/login/link', { _csrf: ReaderBrowser.tokenIn(confirm), token: new URL(link).searchParams.get('token')! });
  }

  it('mails a single-use link that survives a scanner opening it, asks a new reader for a name, and lands them back', async () => {
    const site = await start();
    const browser = new ReaderBrowser(site.listening);
    const link = await requestLink(browser, 'Ada@Example.test');
    expect(link.startsWith(site.url)).toBe(true);
    const token = new URL(link).searchParams.get('token')!;
    // Only a hash is stored: the token appears nowhere in the table.
    const rows = await site.site.db.selectFrom('sign_in_links').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.email).toBe('ada@example.test');
    expect(JSON.stringify(rows)).not.toContain(token);

    // A mail scanner's GETs show the confirm page and leave the link usable.
    const scanner = new ReaderBrowser(site.listening);
    expect((await scanner.get(`/login/link?token=${token}`)).status).toBe(200);
    expect(scanner.cookie).toBeNull();

    const signedIn = await follow(browser, link);
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.get('location')).toBe('/welcome?return=%2Fa-story%2F');
    expect(signedIn.headers.get('set-cookie')).toMatch(/^copydesk_reader=[A-Za-z0-9_-]{43}; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Lax$/);

    // Used once: the same link again signs nobody in.
    const again = new ReaderBrowser(site.listening);
    const second = await again.post('/login/link', { _csrf: ReaderBrowser.tokenIn(await again.get('/login')), token });
    expect(second.status).toBe(410);
    expect(second.text).toContain('already been used or has expired');
    expect(again.cookie).toBeNull();
    expect((await again.get(`/login/link?token=${token}`)).status).toBe(410);

    const welcome = await browser.get('/welcome?return=%2Fa-story%2F');
    expect(welcome.status).toBe(200);
    const named = await browser.post('/account/name', { _csrf: ReaderBrowser.tokenIn(welcome), display_name: '  Ada   Lovelace ', return: '/a-story/' });
    expect(named.status).toBe(303);
    expect(named.headers.get('location')).toBe('/a-story/');
    const reader = await site.site.db.selectFrom('readers').selectAll().executeTakeFirstOrThrow();
    expect(reader).toMatchObject({ email: 'ada@example.test', display_name: 'Ada Lovelace', status: 'active' });

    // Next time the same address is the same reader, straight back to the article.
    const laptop = new ReaderBrowser(site.listening);
    const back = await follow(laptop, await requestLink(laptop, 'ada@example.test', '/other/?page=2'));
    expect(back.headers.get('location')).toBe('/other/?page=2');
    expect(await site.site.db.selectFrom('readers').select('id').execute()).toHaveLength(1);
    const account = await laptop.get('/account');
    expect(account.status).toBe(200);
    expect(account.text).toContain('Signed in as Ada Lovelace.');
  });

  it('refuses a link after 15 minutes', async () => {
    const site = await start();
    const browser = new ReaderBrowser(site.listening);
    const link = await requestLink(browser, 'late@example.test');
    const confirm = await browser.get(link.replace(site.url, '/'));
    now = NOW + 15 * 60 * 1000;
    const late = await browser.post('/login/link', { _csrf: ReaderBrowser.tokenIn(confirm), token: new URL(link).searchParams.get('token')! });
    expect(late.status).toBe(410);
    expect(browser.cookie).toBeNull();
    now = NOW + 15 * 60 * 1000 - 1;
    // Still inside the window in a fresh request: the link had not been used up by the refusal.
    expect((await browser.get(link.replace(site.url, '/'))).status).toBe(200);
  });

  it('gives the same answer whether or not the address has an account', async () => {
    const site = await start();
    const first = new ReaderBrowser(site.listening);
    await follow(first, await requestLink(first, 'known@example.test'));
    const answer = async (email: string) => {
      const browser = new ReaderBrowser(site.listening);
      const page = await browser.get('/login?return=/s/');
      const sent = await browser.post('/login', { _csrf: ReaderBrowser.tokenIn(page), email, return: '/s/' });
      return { status: sent.status, text: sent.text.replace(email, 'ADDRESS') };
    };
    const known = await answer('known@example.test');
    const unknown = await answer('nobody@example.test');
    expect(unknown).toEqual(known);
    expect(known.text).toContain('a sign-in link is on its way');
    // Both were mailed: the unknown address gets an account only when its link is used.
    await mail.next('known@example.test');
    await mail.next('nobody@example.test');
    expect(await site.site.db.selectFrom('readers').select('email').execute()).toEqual([{ email: 'known@example.test' }]);
  });

  it('limits sign-in requests per address and per IP address with 429, Retry-After and a sentence', async () => {
    const site = await start({ limits: { perAddress: { max: 2, windowMs: 60_000 }, perIp: { max: 4, windowMs: 60_000 } } });
    const browser = new ReaderBrowser(site.listening);
    const ask = async (email: string) => {
      const page = await browser.get('/login');
      return browser.post('/login', { _csrf: ReaderBrowser.tokenIn(page), email, return: '/' });
    };
    expect((await ask('flood@example.test')).status).toBe(200);
    expect((await ask('FLOOD@example.test')).status).toBe(200);
    const third = await ask('flood@example.test');
    expect(third.status).toBe(429);
    expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(third.text).toContain('Too many sign-in requests have come from here. Please wait 1 minutes');
    expect((await ask('other@example.test')).status).toBe(200);
    // Four requests from this IP so far: the fifth is refused whatever the address.
    expect((await ask('fresh@example.test')).status).toBe(429);
    await mail.next('other@example.test');
    expect(mail.mails.filter((m) => m.to.includes('fresh@example.test'))).toHaveLength(0);
    // The next window starts afresh.
    now = NOW + 60_000;
    expect((await ask('fresh@example.test')).status).toBe(200);
  });

  it('counts per IP from X-Forwarded-For only with --trust-proxy', async () => {
    const limits = { perAddress: { max: 100, windowMs: 60_000 }, perIp: { max: 1, windowMs: 60_000 } };
    const askFrom = async (base: string, forwarded: string, email: string) => {
      const browser = new ReaderBrowser(base, { 'x-forwarded-for': forwarded });
      const page = await browser.get('/login');
      return (await browser.post('/login', { _csrf: ReaderBrowser.tokenIn(page), email, return: '/' })).status;
    };
    const trusting = await start({ limits, trustProxy: true });
    expect(await askFrom(trusting.listening, '203.0.113.1', 'a@example.test')).toBe(200);
    expect(await askFrom(trusting.listening, '203.0.113.2', 'b@example.test')).toBe(200);
    expect(await askFrom(trusting.listening, '203.0.113.1', 'c@example.test')).toBe(429);
    // Only the proxy's own entry counts: a client cannot pick a fresh address by prepending one.
    expect(await askFrom(trusting.listening, '198.51.100.9, 203.0.113.2', 'f@example.test')).toBe(429);
    await trusting.close();
    running = null;

    const direct = await start({ limits, trustProxy: false });
    expect(await askFrom(direct.listening, '203.0.113.1', 'd@example.test')).toBe(200);
    expect(await askFrom(direct.listening, '203.0.113.2', 'e@example.test')).toBe(429);
  });

  it('links "Log in to vote" to the plain-form page and the comments\' sign-in line to /login and back to the article', async () => {
    const s = await startSite({ storage: await engine.storage(), now: () => now });
    running = s.running;
    expect((await s.call('PUT', 'articles/p1', { body: siteArticle('Bridge reopens', { slug: 'bridge-reopens' }) })).status).toBe(200);
    const page = await new ReaderBrowser(s.running.listening).get('/bridge-reopens/');
    const expected = `${s.running.url}login?return=%2Fbridge-reopens%2F`;
    expect(page.text).toContain(`href="${s.running.url}respond/p1" class="vote-login"`);
    const live = JSON.parse((await new ReaderBrowser(s.running.listening).get('/live/p1.json')).text) as { commentsHtml: string };
    expect(live.commentsHtml).toContain(`href="${expected}"`);
  });

  it('clears the sign-in counts of windows long past', async () => {
    const site = await start({ limits: { perAddress: { max: 5, windowMs: 60_000 }, perIp: { max: 5, windowMs: 60_000 } } });
    const ask = async (email: string) => {
      const browser = new ReaderBrowser(site.listening);
      return browser.post('/login', { _csrf: ReaderBrowser.tokenIn(await browser.get('/login')), email, return: '/' });
    };
    await ask('one@example.test');
    await ask('two@example.test');
    const keys = async () => (await site.site.db.selectFrom('rate_limits').select('token_id').execute()).length;
    expect(await keys()).toBe(3);
    now = NOW + 3 * 60_000;
    await ask('three@example.test');
    expect(await keys()).toBe(2);
  });

  it('never redirects off the site after sign-in', async () => {
    const site = await start();
    const browser = new ReaderBrowser(site.listening);
    const login = await browser.get('/login?return=//evil.example/x');
    expect(login.text).toContain('name="return" value="/"');
    const page = await browser.get('/login');
    await browser.post('/login', { _csrf: ReaderBrowser.tokenIn(page), email: 'named@example.test', return: 'https://evil.example/' });
    const landed = await follow(browser, mail.linkIn(await mail.next('named@example.test')));
    expect(landed.headers.get('location')).toBe('/welcome?return=%2F');
    const welcome = await browser.get('/welcome?return=/%2F%2Fevil.example');
    const named = await browser.post('/account/name', { _csrf: ReaderBrowser.tokenIn(welcome), display_name: 'N', return: '/\\evil.example' });
    expect(named.headers.get('location')).toBe('/');
  });

  it('refuses cross-site posts and posts without the form token', async () => {
    const site = await start();
    const browser = new ReaderBrowser(site.listening);
    const page = await browser.get('/login');
    const token = ReaderBrowser.tokenIn(page);
    const fields = { _csrf: token, email: 'csrf@example.test', return: '/' };
    const crossSite = await browser.post('/login', fields, { origin: 'https://evil.example' });
    expect(crossSite.status).toBe(403);
    expect(crossSite.text).toContain('did not come from this site’s own page');
    expect((await browser.post('/login', { email: 'csrf@example.test', return: '/' })).status).toBe(403);
    expect((await browser.post('/login', { ...fields, _csrf: `${token.slice(0, -2)}AA` })).status).toBe(403);
    // No Origin at all (an old browser): the token alone decides.
    expect((await browser.post('/login', fields, { origin: null })).status).toBe(200);
    await follow(browser, mail.linkIn(await mail.next('csrf@example.test')));

    // Signed in, the signed-out token no longer works, and neither does a cross-site post.
    const account = await browser.get('/welcome');
    const own = ReaderBrowser.tokenIn(account);
    expect(own).not.toBe(token);
    expect((await browser.post('/account/name', { _csrf: token, display_name: 'Mallory', return: '/account' })).status).toBe(403);
    expect((await browser.post('/account/delete', { _csrf: own, confirm: 'yes' }, { origin: 'https://evil.example' })).status).toBe(403);
    expect((await browser.post('/account/sign-out-everywhere', { confirm: 'yes' })).status).toBe(403);
    const reader = await site.site.db.selectFrom('readers').selectAll().executeTakeFirstOrThrow();
    expect(reader).toMatchObject({ display_name: '', status: 'active' });
    expect((await site.site.db.selectFrom('reader_sessions').select('revoked_at').executeTakeFirstOrThrow()).revoked_at).toBeNull();
  });
});

describe('return paths', () => {
  it('keeps same-site paths and turns everything else into /', () => {
    expect(safeReturnPath('/a-story/')).toBe('/a-story/');
    expect(safeReturnPath('/a-story/?page=2#comments')).toBe('/a-story/?page=2#comments');
    expect(safeReturnPath('/../../etc')).toBe('/etc');
    for (const bad of ['//evil.example', '/\\evil.example', 'https://evil.example/', 'javascript:alert(1)', 'a-story/', '/\tevil', '/\n/evil.example', '', null, 42, '/'.padEnd(600, 'a')]) {
      expect(safeReturnPath(bad)).toBe('/');
    }
  });
});
