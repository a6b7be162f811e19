import { SignJWT } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { startSiteServer, type RunningSite } from '../../src/site/index';
import type { Mailer } from '../../src/site/readers/mail';
import { useEngines } from '../site/engines';
import { ReaderBrowser, type PageResponse } from '../site/reader-browser';
import { htmlProblems } from './site-fixtures';
import { activeParts, CORPUS } from '../site/hostile';

/**
 * Every string field of every reader endpoint (sign-in, link, SSO, display name, return paths,
 * query parameters) fed XSS payloads and oversize, invalid-UTF-8 and control-character strings:
 * no page breaks (5xx), no payload reaches the HTML unescaped, every page is valid HTML, no
 * redirect leaves the site, and nothing is stored changed or half-written.
 */

const NOW = Date.parse('2026-12-07T12:00:00Z');
const SECRET = 'hostile-input-test-secret-that-is-long-enough';

describe.each(useEngines())('reader endpoints against hostile input on $name', (engine) => {
  let running: RunningSite | null = null;
  afterEach(async () => {
    await running?.close();
    running = null;
  });

  async function start() {
    const sent: string[] = [];
    const mailer: Mailer = { send: async (message) => void sent.push(message.to) };
    running = await startSiteServer({
      storage: await engine.storage(),
      logger: false,
      now: () => NOW,
      readers: { mailer, ssoSecret: SECRET, signInLimits: { perAddress: { max: 1000, windowMs: 60_000 }, perIp: { max: 100_000, windowMs: 60_000 } } },
    });
    return { site: running, sent };
  }

  async function expectSafe(response: PageResponse, what: string) {
    expect(response.status, what).toBeLessThan(500);
    const location = response.headers.get('location');
    if (location !== null) expect(location.startsWith('/') && !location.startsWith('//') && !location.includes('\\'), `${what} → ${location}`).toBe(true);
    if (!(response.headers.get('content-type') ?? '').startsWith('text/html')) return;
    expect(activeParts(response.text), what).toEqual([]);
    expect(await htmlProblems(response.text), what).toEqual([]);
  }

  it('escapes, refuses or ignores every hostile string, and stores none half-written', async () => {
    const { site, sent } = await start();
    const db = site.site.db;
    const token = await new SignJWT({ name: 'Start' }).setProtectedHeader({ alg: 'HS256' }).setSubject('reader-1').setIssuedAt(NOW / 1000).setExpirationTime(NOW / 1000 + 300).sign(new TextEncoder().encode(SECRET));
    const reader = new ReaderBrowser(site.listening);
    await reader.get(`/sso?token=${token}`);
    const stranger = new ReaderBrowser(site.listening);

    for (const value of CORPUS) {
      // A lone surrogate cannot be percent-encoded as UTF-8: send the bytes a broken client would.
      const q = /\p{Cs}/u.test(value) ? `${encodeURIComponent(value.replace(/\p{Cs}/gu, ''))}%ED%A0%80` : encodeURIComponent(value);
      for (const path of [`/login?return=${q}`, `/login/link?token=${q}`, `/welcome?return=${q}`, `/account?done=${q}`, `/sso?token=${q}&return=${q}`, `/sso?token=${token}&return=${q}`]) {
        await expectSafe(await (path.startsWith('/welcome') || path.startsWith('/account') ? reader : stranger).get(path), `GET ${path.slice(0, 80)}`);
      }
      const anonymous = ReaderBrowser.tokenIn(await stranger.get('/login'));
      await expectSafe(await stranger.post('/login', { _csrf: anonymous, email: value, return: '/' }), `login email ${value.slice(0, 40)}`);
      await expectSafe(await stranger.post('/login', { _csrf: anonymous, email: 'ok@example.test', return: value }), `login return ${value.slice(0, 40)}`);
      await expectSafe(await stranger.post('/login/link', { _csrf: anonymous, token: value }), `link token ${value.slice(0, 40)}`);
      await expectSafe(await stranger.post('/sso', { token: value, return: value }), `sso ${value.slice(0, 40)}`);
      await expectSafe(await stranger.post('/login', { _csrf: value, email: 'ok@example.test', return: '/' }), `csrf ${value.slice(0, 40)}`);

      const before = (await db.selectFrom('readers').select('display_name').where('sso_subject', '=', 'reader-1').executeTakeFirstOrThrow()).display_name;
      const own = ReaderBrowser.tokenIn(await reader.get('/account'));
      const renamed = await reader.post('/account/name', { _csrf: own, display_name: value, return: value });
      await expectSafe(renamed, `display name ${value.slice(0, 40)}`);
      const after = (await db.selectFrom('readers').select('display_name').where('sso_subject', '=', 'reader-1').executeTakeFirstOrThrow()).display_name;
      if (renamed.status === 303) {
        // Accepted: stored whole, exactly as the page will show it (spaces folded, NFC). A form
        // cannot carry a lone surrogate: the browser (here URLSearchParams) sends U+FFFD for it.
        expect(after).toBe(value.replace(/\p{Cs}/gu, '\ufffd').normalize('NFC').replace(/\s+/gu, ' ').trim());
        const page = await reader.get('/account');
        expect(page.text).toContain(`value="${after.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')}"`);
        await expectSafe(page, `account page with name ${value.slice(0, 40)}`);
      } else {
        expect(after, `refused name ${value.slice(0, 40)}`).toBe(before);
      }
    }

    // Only well-formed addresses were mailed, and each mail has its one stored link.
    expect(sent.every((to) => /^[^\s<>"']+@[^\s<>"']+$/.test(to))).toBe(true);
    expect(await db.selectFrom('sign_in_links').select('token_hash').execute()).toHaveLength(sent.length);
    expect(await db.selectFrom('readers').select('id').execute()).toHaveLength(1);
  }, 240_000);

  it('refuses forms that are not valid UTF-8 or too large, whole', async () => {
    const { site, sent } = await start();
    const post = async (body: Buffer | string) => {
      const response = await fetch(new URL('/login', site.listening), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: new URL(site.listening).origin }, body });
      return { status: response.status, headers: response.headers, text: await response.text() };
    };
    const anonymous = ReaderBrowser.tokenIn(await new ReaderBrowser(site.listening).get('/login'));
    const prefix = `_csrf=${anonymous}&return=%2F&email=`;
    for (const bad of [Buffer.concat([Buffer.from(prefix), Buffer.from([0xff, 0xfe, 0x40])]), `${prefix}a%FF%FE@example.test`, `${prefix}%ED%A0%80@example.test`, `${prefix}%E0%A4%A`]) {
      const response = await post(bad);
      expect(response.status).toBe(400);
      expect(response.text).toContain('held bytes that are not valid text');
      await expectSafe(response, 'invalid UTF-8');
    }
    const huge = await post(`${prefix}${'a'.repeat(20_000)}@example.test`);
    expect(huge.status).toBe(413);
    expect(huge.text).toContain('larger than the site accepts');
    expect(sent).toEqual([]);
    expect(await site.site.db.selectFrom('sign_in_links').select('token_hash').execute()).toHaveLength(0);
  });
});
