import { afterEach, describe, expect, it } from 'vitest';
import { VotePageSchema } from '../../src/shared/remote/site-api';
import { VoteStore } from '../../src/site/store/votes';
import { useEngines } from '../site/engines';
import { siteArticle, startSite, type SiteUnderTest } from '../site/harness';
import { castVote, scriptHeaders, signedInReader } from '../site/readers';

const ENGINES = useEngines();
const sites: SiteUnderTest[] = [];
afterEach(async () => {
  while (sites.length) await sites.pop()!.running.close();
});

describe.each(ENGINES)('readers vote on $name', (engine) => {
  async function site(options: Parameters<typeof startSite>[0] extends infer O ? Partial<O> : never = {}) {
    const s = await startSite({ storage: await engine.storage(), ...options });
    sites.push(s);
    expect((await s.call('PUT', 'articles/art1', { body: siteArticle('Voted on') })).status).toBe(200);
    return s;
  }
  const tallyOf = (s: SiteUnderTest) => new VoteStore(s.running.site.db).tallies('art1');
  const recountOf = (s: SiteUnderTest) => new VoteStore(s.running.site.db).recount('art1');

  it('issue 14.2: answers, changes and withdrawals keep the tallies exact; the feed carries every change with its fraud signals', async () => {
    const s = await site();
    const url = s.running.listening;
    const ann = await signedInReader(s.running.site.db, { name: 'Ann', createdAt: '2026-03-01T08:00:00.000Z' });
    const bob = await signedInReader(s.running.site.db, { name: 'Bob' });

    expect((await castVote(url, 'art1', ann, 'interesting', 'yes')).status).toBe(200);
    expect((await castVote(url, 'art1', bob, 'interesting', 'yes')).status).toBe(200);
    expect((await castVote(url, 'art1', bob, 'support', 'no')).status).toBe(200);
    expect(await tallyOf(s)).toMatchObject({ interesting: { yes: 2, total: 2 }, support: { yes: 0, total: 1 } });

    // Ann changes her mind, then says the same again (no change), then takes the answer back.
    const changed = await castVote(url, 'art1', ann, 'interesting', 'no');
    expect(await changed.json()).toEqual({
      message: 'Your vote is saved.',
      tallies: { interesting: { yes: 1, total: 2 }, support: { yes: 0, total: 1 } },
      mine: { interesting: 'no', support: null },
    });
    expect(((await (await castVote(url, 'art1', ann, 'interesting', 'no')).json()) as { message: string }).message).toBe('That was already your answer.');
    expect((await castVote(url, 'art1', ann, 'interesting', 'withdraw')).status).toBe(200);
    expect(await tallyOf(s)).toMatchObject({ interesting: { yes: 1, total: 1 }, support: { yes: 0, total: 1 } });
    expect(await recountOf(s)).toEqual({ interesting: { yes: 1, total: 1 }, support: { yes: 0, total: 1 } });
    // Withdrawing twice changes nothing; answering again after a withdrawal counts again.
    await castVote(url, 'art1', ann, 'interesting', 'withdraw');
    await castVote(url, 'art1', ann, 'support', 'yes');
    expect(await tallyOf(s)).toMatchObject({ interesting: { yes: 1, total: 1 }, support: { yes: 1, total: 2 } });

    // The reader's own state is private and never cached.
    const me = await fetch(new URL('live/art1/me.json', url), { headers: { cookie: ann.cookie } });
    expect(me.headers.get('cache-control')).toBe('private, no-store');
    expect(await me.json()).toMatchObject({ signedIn: true, name: 'Ann', mine: { interesting: null, support: 'yes' }, refusal: null, formToken: ann.token });
    expect(await (await fetch(new URL('live/art1/me.json', url))).json()).toMatchObject({ signedIn: false, loginUrl: '/login?return=%2Fvoted-on%2F' });

    // The desktop's feed: one item per reader and axis in its latest state, with the signals.
    const page = VotePageSchema.parse((await s.call('GET', 'votes?limit=100')).json);
    const annInteresting = page.items.find((v) => v.voterId === ann.id && v.axis === 'interesting')!;
    expect(annInteresting).toMatchObject({ articleId: 'art1', value: false, withdrawn: true, voided: false, voterCreatedAt: '2026-03-01T08:00:00.000Z' });
    expect(annInteresting.ipHash).toMatch(/^ip1_[A-Za-z0-9_-]{32}$/);
    expect(annInteresting.deviceHash).toMatch(/^dv1_[A-Za-z0-9_-]{32}$/);
    expect(JSON.stringify(page)).not.toContain('127.0.0.1');
    expect(page.items).toHaveLength(4);
    // The same address on the same day hashes the same for both readers (the shared-IP signal).
    expect(new Set(page.items.map((v) => v.ipHash)).size).toBe(1);

    // A moderator's void takes the vote off the tallies; the reader changing it later keeps it void.
    const bobSupport = page.items.find((v) => v.voterId === bob.id && v.axis === 'support')!;
    expect((await s.call('POST', 'moderation', { body: { decisions: [{ action: 'void_vote', voteId: bobSupport.id }] } })).status).toBe(200);
    expect(await tallyOf(s)).toMatchObject({ support: { yes: 1, total: 1 } });
    await castVote(url, 'art1', bob, 'support', 'yes');
    expect(await tallyOf(s)).toMatchObject({ support: { yes: 1, total: 1 } });
    expect(await recountOf(s)).toEqual({ interesting: { yes: 1, total: 1 }, support: { yes: 1, total: 1 } });
    const next = VotePageSchema.parse((await s.call('GET', `votes?since=${page.nextCursor}`)).json);
    expect(next.items.map((v) => [v.id, v.voided, v.value])).toEqual([[bobSupport.id, true, true]]);
  });

  it('issue 14.2/14.5: signed-out, foreign-origin, tokenless, banned and suspended votes are refused in a sentence; too many get 429 with Retry-After', async () => {
    const s = await site({ readerLimits: { votesPerReader: { max: 3, windowMs: 60_000 }, votesPerIp: null } });
    const url = s.running.listening;
    const ann = await signedInReader(s.running.site.db);
    const body = JSON.stringify({ axis: 'support', answer: 'yes' });
    const post = (headers: Record<string, string>, path = 'live/art1/vote') => fetch(new URL(path, url), { method: 'POST', headers, body });
    const message = async (r: Response) => ((await r.json()) as { message: string }).message;

    const signedOut = await post({ ...scriptHeaders(url, ann), cookie: '' });
    expect([signedOut.status, await message(signedOut)]).toEqual([401, 'You are not signed in any more; sign in again to vote.']);
    const foreign = await post({ ...scriptHeaders(url, ann), origin: 'https://evil.example' });
    expect([foreign.status, await message(foreign)]).toEqual([403, 'This request did not come from this site’s own pages, so nothing was changed.']);
    const tokenless = await post({ ...scriptHeaders(url, ann), 'x-copydesk-csrf': 'forged' });
    expect([tokenless.status, await message(tokenless)]).toEqual([403, 'This form has expired. Reload the page and try again.']);
    expect((await post(scriptHeaders(url, ann), 'live/nope/vote')).status).toBe(404);
    const bad = await fetch(new URL('live/art1/vote', url), { method: 'POST', headers: scriptHeaders(url, ann), body: JSON.stringify({ axis: 'support', answer: 'maybe' }) });
    expect([bad.status, await message(bad)]).toEqual([400, 'Choose Yes or No for Interesting or Support.']);

    const banned = await signedInReader(s.running.site.db, { status: 'banned' });
    const suspended = await signedInReader(s.running.site.db, { status: 'suspended' });
    const desktopBanned = await signedInReader(s.running.site.db);
    expect((await s.call('POST', 'moderation', { body: { decisions: [{ action: 'ban', authorId: desktopBanned.id }] } })).status).toBe(200);
    for (const [reader, sentence] of [
      [banned, 'Your account is banned from this site, so you cannot vote or comment.'],
      [suspended, 'Your account is suspended for now, so you cannot vote or comment.'],
      [desktopBanned, 'Your account is banned from this site, so you cannot vote or comment.'],
    ] as const) {
      const refused = await post(scriptHeaders(url, reader));
      expect([refused.status, await message(refused)]).toEqual([403, sentence]);
      expect(((await (await fetch(new URL('live/art1/me.json', url), { headers: { cookie: reader.cookie } })).json()) as { refusal: string }).refusal).toBe(sentence);
    }
    expect(await tallyOf(s)).toMatchObject({ support: { yes: 0, total: 0 } });

    // Three votes a minute per reader here: the fourth is refused and changes nothing.
    for (const answer of ['yes', 'no', 'yes'] as const) expect((await castVote(url, 'art1', ann, 'support', answer)).status).toBe(200);
    const limited = await castVote(url, 'art1', ann, 'support', 'no');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await message(limited)).toMatch(/^You are doing that too often\. Try again in \d+ seconds\.$/);
    expect(await tallyOf(s)).toMatchObject({ support: { yes: 1, total: 1 } });
  });

  it('issue 14.2: without JavaScript, plain forms with the form token vote and come back with a 303 to a private page', async () => {
    const s = await site();
    const url = s.running.listening;
    const ann = await signedInReader(s.running.site.db, { name: '<img src=x onerror=alert(1)>' });
    const page = await fetch(new URL('respond/art1', url), { headers: { cookie: ann.cookie } });
    expect(page.headers.get('cache-control')).toBe('private, no-store');
    const text = await page.text();
    expect(text).toContain(`name="_csrf" value="${ann.token}"`);
    expect(text).toContain('Signed in as &lt;img src=x onerror=alert(1)&gt;');
    expect(text).not.toContain('<img');
    const form = (fields: Record<string, string>, origin = new URL(url).origin) =>
      fetch(new URL('live/art1/vote', url), { method: 'POST', redirect: 'manual', headers: { cookie: ann.cookie, origin, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
    const voted = await form({ axis: 'interesting', answer: 'yes', _csrf: ann.token });
    expect(voted.status).toBe(303);
    expect(voted.headers.get('location')).toBe('/respond/art1?said=voteSaved#votes');
    expect(voted.headers.get('set-cookie')).toMatch(/^copydesk_device=[A-Za-z0-9_-]{43}; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Lax$/);
    const after = await (await fetch(new URL('respond/art1?said=voteSaved', url), { headers: { cookie: ann.cookie } })).text();
    expect(after).toContain('<p role="status">Your vote is saved.</p>');
    expect(after).toContain('Interesting: 1/1 • Support: 0/0');
    expect(after).toContain('value="yes" aria-pressed="true"');
    // Without the token the form is refused in words, on the same page.
    const forged = await form({ axis: 'interesting', answer: 'no' });
    expect(forged.status).toBe(403);
    expect(await forged.text()).toContain('This form has expired. Reload the page and try again.');
    expect(await tallyOf(s)).toMatchObject({ interesting: { yes: 1, total: 1 } });
    // Signed out, the page offers sign-in and back.
    expect(await (await fetch(new URL('respond/art1', url))).text()).toContain('<a href="/login?return=%2Frespond%2Fart1">Log in to vote</a>');
  });
});

const HOSTILE = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', 'x'.repeat(100_000), 'yes\u0000\u0007\u001b[31m', '\u202eyes', 'interesting\r\nSet-Cookie: a=b'];

describe.each(ENGINES)('hostile vote input on $name', (engine) => {
  it('issue 14.5: hostile strings in every vote field are refused in a sentence and store nothing', async () => {
    const s = await startSite({ storage: await engine.storage() });
    sites.push(s);
    expect((await s.call('PUT', 'articles/art1', { body: siteArticle('Voted on') })).status).toBe(200);
    const url = s.running.listening;
    const ann = await signedInReader(s.running.site.db);
    const statuses = new Set<number>();
    const send = async (path: string, headers: Record<string, string>, body: string | Buffer) => {
      const response = await fetch(new URL(path, url), { method: 'POST', headers, body });
      const text = await response.text();
      statuses.add(response.status);
      expect(response.status, `${path} ${String(body).slice(0, 40)}`).toBeGreaterThanOrEqual(400);
      expect(text).not.toMatch(/<script|<img|onerror=/);
      expect(text).not.toContain(String.fromCharCode(0));
    };
    for (const bad of HOSTILE) {
      await send('live/art1/vote', scriptHeaders(url, ann), JSON.stringify({ axis: bad, answer: 'yes' }));
      await send('live/art1/vote', scriptHeaders(url, ann), JSON.stringify({ axis: 'support', answer: bad }));
      await send('live/art1/vote', { ...scriptHeaders(url, ann), 'x-copydesk-csrf': bad.replace(/[^\x20-\x7e]/g, '?').slice(0, 8_000) }, JSON.stringify({ axis: 'support', answer: 'yes' }));
      await send(`live/${encodeURIComponent(bad.slice(0, 2_000))}/vote`, scriptHeaders(url, ann), JSON.stringify({ axis: 'support', answer: 'yes' }));
      const form = { cookie: ann.cookie, origin: new URL(url).origin, 'content-type': 'application/x-www-form-urlencoded' };
      await send('live/art1/vote', form, new URLSearchParams({ axis: bad, answer: 'yes', _csrf: ann.token }).toString());
      await send('live/art1/vote', form, new URLSearchParams({ axis: 'support', answer: 'yes', _csrf: bad }).toString());
    }
    // Invalid UTF-8 in a JSON body and in a form body.
    await send('live/art1/vote', scriptHeaders(url, ann), Buffer.from([0x7b, 0x22, 0x61, 0x78, 0x69, 0x73, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]));
    await send('live/art1/vote', { cookie: ann.cookie, origin: new URL(url).origin, 'content-type': 'application/x-www-form-urlencoded' }, Buffer.from('axis=%ff%fe&answer=yes&_csrf=' + ann.token));
    // 414: an id longer than the router accepts in a path.
    expect([...statuses].sort()).toEqual([400, 403, 404, 413, 414]);
    expect(await s.running.site.db.selectFrom('votes').select('id').execute()).toEqual([]);
    expect(await s.running.site.db.selectFrom('vote_tallies').select('slot').execute()).toEqual([]);
  });
});
