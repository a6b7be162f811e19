import { afterEach, describe, expect, it } from 'vitest';
import { CommentPageSchema, type RemoteComment } from '../../src/shared/remote/site-api';
import type { Screening } from '../../src/site/readers/screen';
import { READER_STRINGS } from '../../src/site/readers/strings';
import type { CommentModeration } from '../../src/site/store/comments';
import { useEngines } from '../site/engines';
import { siteArticle, startSite, type SiteUnderTest } from '../site/harness';
import { commentRequest, signedInReader, type TestReader } from '../site/readers';

/**
 * Readers' comments on the site (issue 14.3 and the comment parts of 14.4 and 14.5): writing,
 * replying, the 10-minute edit window, deleting, reporting, the three moderation modes, and the
 * feed that carries all of it to the desktop. Real servers on 127.0.0.1, both engines.
 */

const ENGINES = useEngines();
const sites: SiteUnderTest[] = [];
afterEach(async () => {
  while (sites.length) await sites.pop()!.running.close();
});

interface Answer {
  message: string;
  comment?: { id: string; parentId: string | null; authorName: string; body: string; status: string; createdAt: string; editableUntil: string | null; mine: boolean };
}

describe.each(ENGINES)('reader comments on $name', (engine) => {
  let clock = Date.now();
  async function site(moderation: CommentModeration, extra: Partial<Parameters<typeof startSite>[0]> = {}) {
    clock = Date.now();
    const s = await startSite({ storage: await engine.storage(), now: () => clock, readers: { commentModeration: moderation }, ...extra });
    sites.push(s);
    for (const [id, headline] of [['art1', 'Commented on'], ['art2', 'Another one']]) {
      expect((await s.call('PUT', `articles/${id}`, { body: siteArticle(headline!) })).status).toBe(200);
    }
    return s;
  }
  const send = async (s: SiteUnderTest, reader: TestReader, path: string, body: Record<string, unknown> = {}, article = 'art1') => {
    const response = await commentRequest(s.running.listening, article, reader, path, body);
    return { status: response.status, headers: response.headers, ...((await response.json()) as Answer) };
  };
  const live = async (s: SiteUnderTest) =>
    (await (await fetch(new URL('live/art1.json', s.running.listening))).json()) as { comments: { id: string; parentId: string | null; body: string }[]; commentsHtml: string };
  const me = async (s: SiteUnderTest, reader: TestReader) =>
    (await (await fetch(new URL('live/art1/me.json', s.running.listening), { headers: { cookie: reader.cookie } })).json()) as {
      comments: Answer['comment'][];
      myApproved: { id: string; editableUntil: string | null }[];
      canComment: boolean;
      reportReasons: { value: string; label: string }[];
      words: Record<string, string>;
    };
  const feed = async (s: SiteUnderTest): Promise<RemoteComment[]> => CommentPageSchema.parse((await s.call('GET', 'comments?limit=1000')).json).items;
  const latest = async (s: SiteUnderTest, id: string) => (await feed(s)).find((c) => c.id === id)!;

  it('issue 14.3: post-moderation shows comments and replies at once; the author edits within 10 minutes and deletes; every change reaches the feed', async () => {
    const s = await site({ mode: 'post', trustAfter: 3 });
    const ann = await signedInReader(s.running.site.db, { name: 'Ann' });
    const bob = await signedInReader(s.running.site.db, { name: 'Bob' });

    const first = await send(s, ann, '', { body: '  First paragraph.\r\n\r\n\r\n\r\nSecond <b>paragraph</b>.  ' });
    expect(first.status).toBe(201);
    expect(first.message).toBe('Your comment is published.');
    expect(first.comment).toMatchObject({ parentId: null, authorName: 'Ann', body: 'First paragraph.\n\nSecond <b>paragraph</b>.', status: 'approved', mine: true });
    expect(Date.parse(first.comment!.editableUntil!) - Date.parse(first.comment!.createdAt)).toBe(10 * 60 * 1000);
    expect((await me(s, ann)).myApproved).toEqual([{ id: first.comment!.id, editableUntil: first.comment!.editableUntil }]);
    clock += 1000;
    const reply = await send(s, bob, '', { body: 'A reply.', parentId: first.comment!.id });
    expect([reply.status, reply.comment!.parentId]).toEqual([201, first.comment!.id]);

    // The public live JSON has both, with ids and parents for the page's buttons; markup stays text.
    const shown = await live(s);
    expect(shown.comments.map((c) => [c.id, c.parentId])).toEqual([
      [first.comment!.id, null],
      [reply.comment!.id, first.comment!.id],
    ]);
    expect(shown.commentsHtml).toContain('Second &lt;b&gt;paragraph&lt;/b&gt;.');
    expect(shown.commentsHtml).not.toContain('<b>');

    // Ann edits hers; Bob may not edit or delete it.
    const edited = await send(s, ann, `/${first.comment!.id}/edit`, { body: 'First paragraph, corrected.' });
    expect([edited.status, edited.message, edited.comment!.body]).toEqual([200, 'Your comment is changed.', 'First paragraph, corrected.']);
    expect((await live(s)).comments[0]!.body).toBe('First paragraph, corrected.');
    const foreign = await send(s, bob, `/${first.comment!.id}/edit`, { body: 'Hijacked.' });
    expect([foreign.status, foreign.message]).toEqual([403, 'You can only change or delete your own comments.']);
    expect((await send(s, bob, `/${first.comment!.id}/delete`)).status).toBe(403);
    // The feed carries the edit, told apart from a moderator's change by editedAt.
    expect(await latest(s, first.comment!.id)).toMatchObject({ body: 'First paragraph, corrected.', status: 'approved', editedAt: new Date(clock).toISOString(), deletedAt: null });

    // Eleven minutes on, the window has closed.
    clock += 11 * 60 * 1000;
    const late = await send(s, ann, `/${first.comment!.id}/edit`, { body: 'Too late.' });
    expect([late.status, late.message]).toEqual([409, 'A comment can only be edited in the first 10 minutes after posting.']);

    // Deleting leaves the page at once; the feed tells the desktop, and the row is not editable.
    const deleted = await send(s, bob, `/${reply.comment!.id}/delete`);
    expect([deleted.status, deleted.message]).toEqual([200, 'Your comment is deleted.']);
    expect((await live(s)).comments.map((c) => c.id)).toEqual([first.comment!.id]);
    expect(await latest(s, reply.comment!.id)).toMatchObject({ deletedAt: new Date(clock).toISOString() });
    expect((await send(s, bob, `/${reply.comment!.id}/delete`)).status).toBe(404);
  });

  it('issue 14.3: pre-moderation holds every comment, shown to its author as awaiting review; a moderator decision freezes the text', async () => {
    const s = await site({ mode: 'pre', trustAfter: 3 });
    const ann = await signedInReader(s.running.site.db, { name: 'Ann' });
    const posted = await send(s, ann, '', { body: 'Waiting for a moderator.' });
    expect([posted.status, posted.message, posted.comment!.status]).toEqual([201, 'Your comment is saved and awaits review before other readers see it.', 'pending']);
    expect((await live(s)).comments).toEqual([]);
    const mine = await me(s, ann);
    expect(mine.comments.map((c) => [c!.id, c!.status])).toEqual([[posted.comment!.id, 'pending']]);
    expect(mine.canComment).toBe(true);
    expect(mine.reportReasons.map((r) => r.value)).toEqual(['spam', 'abuse', 'off_topic', 'illegal', 'personal_data', 'other']);
    expect(mine.words.commentAwaitingReview).toBe('Awaiting review');

    // Editing a pending comment keeps it pending, under a new feed number.
    const before = await latest(s, posted.comment!.id);
    expect((await send(s, ann, `/${posted.comment!.id}/edit`, { body: 'Waiting, edited.' })).comment!.status).toBe('pending');
    expect(await latest(s, posted.comment!.id)).toMatchObject({ body: 'Waiting, edited.', status: 'pending' });
    expect((await feed(s)).at(-1)!.id).toBe(before.id);

    expect((await s.call('POST', 'moderation', { body: { decisions: [{ action: 'approve', commentId: posted.comment!.id }] } })).status).toBe(200);
    expect((await live(s)).comments.map((c) => c.body)).toEqual(['Waiting, edited.']);
    expect((await me(s, ann)).comments).toEqual([]);
    // Decided: hers, shown, and no longer editable.
    expect((await me(s, ann)).myApproved).toEqual([{ id: posted.comment!.id, editableUntil: null }]);
    const frozen = await send(s, ann, `/${posted.comment!.id}/edit`, { body: 'Swapped after approval.' });
    expect([frozen.status, frozen.message]).toEqual([409, 'This comment has been reviewed by a moderator, so it can no longer be edited. You can still delete it.']);
    expect((await live(s)).comments.map((c) => c.body)).toEqual(['Waiting, edited.']);
  });

  it('issue 14.3: new-reader moderation holds a reader until N approved comments, then shows theirs at once', async () => {
    const s = await site({ mode: 'new', trustAfter: 2 });
    const ann = await signedInReader(s.running.site.db);
    for (let i = 0; i < 2; i++) {
      const held = await send(s, ann, '', { body: `Early comment ${i}.` });
      expect(held.comment!.status).toBe('pending');
      expect((await s.call('POST', 'moderation', { body: { decisions: [{ action: 'approve', commentId: held.comment!.id }] } })).status).toBe(200);
    }
    expect((await send(s, ann, '', { body: 'Trusted now.' })).comment!.status).toBe('approved');
    // Another new reader still waits.
    expect((await send(s, await signedInReader(s.running.site.db), '', { body: 'New here.' })).comment!.status).toBe('pending');
  });

  it('issue 14.3: the screening decides before the mode: reject is stored as spam, hold waits under post-moderation, report files the rules\u2019 reasons', async () => {
    const verdicts: Record<string, Screening> = {
      'buy pills': { verdict: 'reject', report: false, reasons: ['banned word "pills"'], matches: [] },
      'look here': { verdict: 'hold', report: false, reasons: ['too many links'], matches: [] },
      'you idiot': { verdict: 'publish', report: true, reasons: ['suspect word "idiot"'], matches: [] },
    };
    const s = await site({ mode: 'post', trustAfter: 0 }, { screenComment: async (_trx, comment) => verdicts[comment.body] ?? { verdict: 'publish', report: false, reasons: [], matches: [] } });
    const ann = await signedInReader(s.running.site.db);

    const spam = await send(s, ann, '', { body: 'buy pills' });
    // The author is not told that the rules caught it: it reads as awaiting review, to them alone.
    expect([spam.status, spam.comment!.status, spam.message]).toEqual([201, 'pending', 'Your comment is saved and awaits review before other readers see it.']);
    expect((await me(s, ann)).comments.map((c) => c!.id)).toContain(spam.comment!.id);
    expect(await latest(s, spam.comment!.id)).toMatchObject({ status: 'spam' });
    expect((await send(s, ann, `/${spam.comment!.id}/edit`, { body: 'buy nothing' })).status).toBe(409);

    expect((await send(s, ann, '', { body: 'look here' })).comment!.status).toBe('pending');
    const reported = await send(s, ann, '', { body: 'you idiot' });
    expect(reported.comment!.status).toBe('approved');
    expect(await latest(s, reported.comment!.id)).toMatchObject({ reports: { count: 1, reasons: ['rule: suspect word "idiot"'] } });
    expect((await live(s)).comments.map((c) => c.id)).toEqual([reported.comment!.id]);
    // Edited into words no rule reports, the rules' report goes (a reader's report would stay).
    expect((await send(s, ann, `/${reported.comment!.id}/edit`, { body: 'you are right' })).status).toBe(200);
    expect((await latest(s, reported.comment!.id)).reports ?? { count: 0 }).toMatchObject({ count: 0 });
  });

  it('issue 14.3: the rules the desktop pushed screen a comment sent through the route: banned is spam, too many links wait, suspect is reported, a repeat is caught', async () => {
    const s = await site({ mode: 'post', trustAfter: 0 });
    const rules = [
      { id: 1, kind: 'banned_phrase', pattern: 'cheap pills', action: 'reject', threshold: null },
      { id: 2, kind: 'suspect_phrase', pattern: 'idiot*', action: 'report', threshold: null },
      { id: 3, kind: 'max_links', pattern: '', action: 'hold', threshold: 1 },
      { id: 4, kind: 'repeat_text', pattern: '', action: 'hold', threshold: 10 },
    ];
    expect((await s.call('PUT', 'moderation/rules', { body: { rules } })).status).toBe(200);
    const ann = await signedInReader(s.running.site.db, { name: 'Ann' });

    const banned = await send(s, ann, '', { body: 'Buy CHEAP pills here.' });
    const links = await send(s, ann, '', { body: 'See https://a.example and https://b.example' });
    const suspect = await send(s, ann, '', { body: 'What idiots wrote this?' });
    const plain = await send(s, ann, '', { body: 'A fair point about the budget.' });
    clock += 60_000;
    const again = await send(s, ann, '', { body: 'A fair point, about the budget!' });
    // The author sees nothing of the rules: caught comments read as awaiting review.
    expect([banned, links, suspect, plain, again].map((a) => [a.status, a.comment!.status])).toEqual([
      [201, 'pending'],
      [201, 'pending'],
      [201, 'approved'],
      [201, 'approved'],
      [201, 'pending'],
    ]);
    const items = await feed(s);
    const stored = (id: string) => items.find((c) => c.id === id)!;
    expect(stored(banned.comment!.id).status).toBe('spam');
    expect(stored(links.comment!.id).status).toBe('pending');
    expect(stored(suspect.comment!.id)).toMatchObject({ status: 'approved', reports: { count: 1 } });
    expect(stored(again.comment!.id).status).toBe('pending');
    // The public page shows only what passed.
    // (Posted within the same millisecond of the test's clock: compared as a set.)
    expect((await live(s)).comments.map((c) => c.body).sort()).toEqual(['A fair point about the budget.', 'What idiots wrote this?']);
  });

  it('issue 14.6: a site\u2019s own wording (--strings) reaches the vote and comment answers, me.json and the plain-form page', async () => {
    const strings = { ...READER_STRINGS, voteQuestionInteresting: 'Interessant?', commentPosted: 'Ihr Kommentar ist veröffentlicht.', writeComment: 'Kommentar schreiben', reportReasonSpam: 'Werbung', commentsHeading: 'Kommentare' };
    const s = await site({ mode: 'post', trustAfter: 0 }, { readers: { commentModeration: { mode: 'post', trustAfter: 0 }, strings } });
    const ann = await signedInReader(s.running.site.db, { name: 'Ann' });
    expect((await send(s, ann, '', { body: 'Guten Morgen.' })).message).toBe('Ihr Kommentar ist veröffentlicht.');
    // Another reader's comment, which Ann's page offers to report.
    await send(s, await signedInReader(s.running.site.db, { name: 'Bob' }), '', { body: 'Guten Tag.' });
    const mine = await me(s, ann);
    expect(mine.words).toMatchObject({ voteQuestionInteresting: 'Interessant?', writeComment: 'Kommentar schreiben' });
    expect(mine.reportReasons).toContainEqual({ value: 'spam', label: 'Werbung' });
    const page = await (await fetch(new URL('respond/art1', s.running.listening), { headers: { cookie: ann.cookie } })).text();
    for (const words of ['Interessant?', 'Kommentar schreiben', 'Werbung', 'Kommentare']) expect(page).toContain(words);
    expect(page).not.toContain('Interesting?');
  });

  it('issue 14.3: readers report a visible comment once, with a reason and a note; the feed carries the count and reasons', async () => {
    const s = await site({ mode: 'post', trustAfter: 0 });
    const [ann, bob, cat] = [await signedInReader(s.running.site.db), await signedInReader(s.running.site.db), await signedInReader(s.running.site.db)];
    const target = (await send(s, ann, '', { body: 'Something contentious.' })).comment!;
    const firstNumber = (await feed(s)).length;

    const own = await send(s, ann, `/${target.id}/report`, { reason: 'spam' });
    expect([own.status, own.message]).toEqual([403, 'You cannot report your own comment.']);
    expect((await send(s, bob, `/${target.id}/report`, { reason: 'abuse', note: 'Insults another reader.' })).message).toBe('Thank you. The moderators will look at this comment.');
    expect((await send(s, bob, `/${target.id}/report`, { reason: 'spam' })).message).toBe('You have already reported this comment; the moderators will look at it.');
    clock += 1000;
    expect((await send(s, cat, `/${target.id}/report`, { reason: 'off_topic' })).status).toBe(200);
    const bad = await send(s, cat, `/${target.id}/report`, { reason: 'boring' });
    expect([bad.status, bad.message]).toEqual([400, 'Choose a reason for your report. A note can be up to 500 characters.']);
    expect((await send(s, cat, `/${target.id}/report`, { reason: 'other', note: 'x\u0007y' })).status).toBe(400);
    expect((await send(s, cat, '/nope/report', { reason: 'spam' })).status).toBe(404);

    const item = await latest(s, target.id);
    expect(item.reports).toEqual({ count: 2, reasons: ['abuse: Insults another reader.', 'off_topic'] });
    expect(firstNumber).toBeGreaterThan(0);
    // Each new report took a new feed number: a desktop that synced before sees the comment again.
    const page = CommentPageSchema.parse((await s.call('GET', 'comments?limit=1')).json);
    const after = CommentPageSchema.parse((await s.call('GET', `comments?since=${page.nextCursor}`)).json);
    expect(after.items.map((c) => c.id)).toEqual([]);
    expect(page.items.map((c) => c.id)).toEqual([target.id]);
  });

  it('issue 14.3/14.5: replies stay on their article and within the desktop\u2019s thread depth', async () => {
    const s = await site({ mode: 'post', trustAfter: 0 }, { commentLimits: { commentsPerReader: { max: 100, windowMs: 60_000 }, commentsPerIp: null, reportsPerReader: { max: 100, windowMs: 60_000 }, reportsPerIp: null } });
    const ann = await signedInReader(s.running.site.db);
    const other = (await send(s, ann, '', { body: 'On the other article.' }, 'art2')).comment!;
    const crossed = await send(s, ann, '', { body: 'Reply across articles.', parentId: other.id });
    expect([crossed.status, crossed.message]).toEqual([404, 'That comment is not on this page any more.']);
    let parent: string | null = null;
    for (let depth = 1; depth <= 5; depth++) {
      const made = await send(s, ann, '', { body: `Level ${depth}.`, parentId: parent });
      expect(made.status).toBe(201);
      parent = made.comment!.id;
    }
    const tooDeep = await send(s, ann, '', { body: 'Level 6.', parentId: parent });
    expect([tooDeep.status, tooDeep.message]).toEqual([409, 'This conversation cannot go deeper. Reply to an earlier comment in it instead.']);
  });

  it('issue 14.3/14.5: banned, suspended, signed-out, foreign, tokenless and malformed comments are refused in a sentence and leave nothing written; too many get 429', async () => {
    const s = await site({ mode: 'post', trustAfter: 0 }, { commentLimits: { commentsPerReader: { max: 2, windowMs: 60_000 }, commentsPerIp: null, reportsPerReader: { max: 5, windowMs: 60_000 }, reportsPerIp: null } });
    const url = s.running.listening;
    const ann = await signedInReader(s.running.site.db);
    const post = (headers: Record<string, string>, body: unknown = { body: 'Hello.' }) =>
      fetch(new URL('live/art1/comments', url), { method: 'POST', headers: { cookie: ann.cookie, origin: new URL(url).origin, 'content-type': 'application/json', 'x-copydesk-csrf': ann.token, ...headers }, body: JSON.stringify(body) });
    const said = async (r: Response) => [r.status, ((await r.json()) as { message: string }).message];

    expect(await said(await post({ cookie: '' }))).toEqual([401, 'You are not signed in any more; sign in again to comment.']);
    expect(await said(await post({ origin: 'https://evil.example' }))).toEqual([403, 'This request did not come from this site’s own pages, so nothing was changed.']);
    expect(await said(await post({ 'x-copydesk-csrf': 'forged' }))).toEqual([403, 'This form has expired. Reload the page and try again.']);
    expect(await said(await post({}, { body: 'x'.repeat(5001) }))).toEqual([413, 'A comment can be at most 5,000 characters; yours has 5,001. Shorten it and try again.']);
    expect(await said(await post({}, { body: 'bell\u0007' }))).toEqual([400, 'Your comment holds characters that are not ordinary text. Remove them and try again.']);
    expect(await said(await post({}, { body: 'flip \u202Eevil' }))).toEqual([400, 'Your comment holds characters that are not ordinary text. Remove them and try again.']);
    expect(await said(await post({}, { body: '  \n\n ' }))).toEqual([400, 'Write something before posting.']);
    // A lone surrogate arrives as a JSON escape; it is not text and is refused, not mangled.
    const lone = await fetch(new URL('live/art1/comments', url), {
      method: 'POST',
      headers: { cookie: ann.cookie, origin: new URL(url).origin, 'content-type': 'application/json', 'x-copydesk-csrf': ann.token },
      body: '{"body":"broken \\ud800 text"}',
    });
    expect(await said(lone)).toEqual([400, 'Your comment could not be read: write it as text and try again.']);
    expect(await said(await post({}, { body: 42 }))).toEqual([400, 'Your comment could not be read: write it as text and try again.']);

    const banned = await signedInReader(s.running.site.db, { status: 'banned' });
    const suspended = await signedInReader(s.running.site.db, { status: 'suspended' });
    const desktopBanned = await signedInReader(s.running.site.db);
    expect((await s.call('POST', 'moderation', { body: { decisions: [{ action: 'ban', authorId: desktopBanned.id }] } })).status).toBe(200);
    for (const [reader, sentence] of [
      [banned, 'Your account is banned from this site, so you cannot vote or comment.'],
      [suspended, 'Your account is suspended for now, so you cannot vote or comment.'],
      [desktopBanned, 'Your account is banned from this site, so you cannot vote or comment.'],
    ] as const) {
      const refused = await send(s, reader, '', { body: 'Let me in.' });
      expect([refused.status, refused.message]).toEqual([403, sentence]);
      expect((await me(s, reader)).canComment).toBe(false);
    }
    expect(await feed(s)).toEqual([]);

    // Two comments a minute here: the third is refused with Retry-After and is not stored.
    expect((await send(s, ann, '', { body: 'One.' })).status).toBe(201);
    expect((await send(s, ann, '', { body: 'Two.' })).status).toBe(201);
    const limited = await send(s, ann, '', { body: 'Three.' });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.message).toMatch(/^You are doing that too often\. Try again in \d+ seconds\.$/);
    expect((await feed(s)).map((c) => c.body)).toEqual(['One.', 'Two.']);
  });

  it('issue 14.5: without JavaScript, plain forms post, edit and delete, and are answered with a redirect or the forms page with the sentence', async () => {
    const s = await site({ mode: 'pre', trustAfter: 0 });
    const url = s.running.listening;
    const ann = await signedInReader(s.running.site.db);
    const form = (path: string, fields: Record<string, string>, reader = ann) =>
      fetch(new URL(`live/art1/comments${path}`, url), {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie: reader.cookie, origin: new URL(url).origin, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields).toString(),
      });
    const posted = await form('', { body: 'From a plain form.\r\n\r\nTwo paragraphs.', _csrf: ann.token });
    expect([posted.status, posted.headers.get('location')]).toEqual([303, '/respond/art1?said=commentAwaiting#comments']);
    const [stored] = await feed(s);
    expect(stored).toMatchObject({ body: 'From a plain form.\n\nTwo paragraphs.', status: 'pending' });
    const page = await fetch(new URL('respond/art1?said=commentAwaiting', url), { headers: { cookie: ann.cookie } });
    expect(await page.text()).toContain('Your comment is saved and awaits review before other readers see it.');

    const edited = await form(`/${stored!.id}/edit`, { body: 'Edited by form.', _csrf: ann.token });
    expect(edited.headers.get('location')).toBe('/respond/art1?said=commentEditedAwaiting#comments');
    const refused = await form('', { body: '', _csrf: ann.token });
    expect(refused.status).toBe(400);
    expect(refused.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await refused.text()).toContain('Write something before posting.');
    // A malformed field is named as such, not taken for an expired form.
    const badParent = await form('', { body: 'Reply.', parentId: '<not an id>', _csrf: ann.token });
    expect(badParent.status).toBe(404);
    expect(await badParent.text()).toContain('That comment is not on this page any more.');
    const noToken = await form('', { body: 'No token.' });
    expect(noToken.status).toBe(403);
    expect(await noToken.text()).toContain('This form has expired. Reload the page and try again.');
    const deleted = await form(`/${stored!.id}/delete`, { _csrf: ann.token });
    expect(deleted.headers.get('location')).toBe('/respond/art1?said=commentDeleted#comments');
    expect((await feed(s)).map((c) => [c.body, c.deletedAt !== null])).toEqual([['Edited by form.', true]]);
  });

  it('issue 14.4: authors editing, readers reporting and moderators deciding the same comments at once never fail and end consistent', async () => {
    const limits = { max: 1000, windowMs: 60_000 };
    const s = await site({ mode: 'post', trustAfter: 0 }, { commentLimits: { commentsPerReader: limits, commentsPerIp: null, reportsPerReader: limits, reportsPerIp: null } });
    const readers = await Promise.all(Array.from({ length: 12 }, () => signedInReader(s.running.site.db)));
    const made = await Promise.all(readers.map(async (reader, i) => (await send(s, reader, '', { body: `Comment ${i}.` })).comment!.id));
    const decide = (ids: string[], action: string) => s.call('POST', 'moderation', { body: { decisions: ids.map((commentId) => ({ action, commentId })) } });
    const statuses = await Promise.all([
      ...readers.map(async (reader, i) => (await send(s, reader, `/${made[i]}/edit`, { body: `Comment ${i}, edited.` })).status),
      ...readers.map(async (reader, i) => (await send(s, reader, `/${made[(i + 1) % made.length]}/report`, { reason: 'spam' })).status),
      decide(made, 'approve').then((r) => r.status),
      decide([...made].reverse(), 'spam').then((r) => r.status),
    ]);
    expect(statuses.filter((status) => status >= 500)).toEqual([]);
    // Edits that lost the race to a decision were refused as decided (409), never half-applied.
    expect(statuses.every((status) => [200, 404, 409].includes(status))).toBe(true);
    const items = await feed(s);
    expect(new Set(items.map((c) => c.id)).size).toBe(made.length);
    const rows = await s.running.site.db.selectFrom('comments').select(['id', 'body', 'status', 'decided_at', 'edited_at']).execute();
    for (const row of rows) {
      expect(items.find((c) => c.id === row.id)).toMatchObject({ body: row.body, status: row.status });
      expect(row.decided_at).not.toBeNull();
    }
  });
});
