import { Window } from 'happy-dom';
import { afterEach, describe, expect, it } from 'vitest';
import { renderCommentForms } from '../../src/site/readers/comment-forms';
import { useEngines } from '../site/engines';
import { siteArticle, startSite, type SiteUnderTest } from '../site/harness';
import { signedInReader } from '../site/readers';
import { HOSTILE, htmlProblems } from './site-fixtures';

/**
 * Issue 14.3/14.5: the comments part of the plain-form page (/respond/<id>), for readers without
 * JavaScript: the thread with the reader's own comments awaiting review in place, and plain
 * forms for what this reader may do with each comment.
 */

const ENGINES = useEngines();
const sites: SiteUnderTest[] = [];
afterEach(async () => {
  while (sites.length) await sites.pop()!.running.close();
});

const MINUTE = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

function parse(html: string) {
  const window = new Window();
  window.document.write(html);
  return window.document;
}

describe.each(ENGINES)('the plain-form comments on $name', (engine) => {
  async function site() {
    const s = await startSite({ storage: await engine.storage() });
    sites.push(s);
    expect((await s.call('PUT', 'articles/art1', { body: siteArticle('Talked about') })).status).toBe(200);
    return s;
  }

  it('issue 14.3: own pending comment marked Awaiting review in its thread; reply forms on approved comments, edit only while editable, delete only on own; reader text escaped', async () => {
    const s = await site();
    const db = s.running.site.db;
    const ann = await signedInReader(db, { name: 'Ann' });
    const bob = await signedInReader(db, { name: `Bob ${HOSTILE}` });
    const now = Date.now();
    let seq = 0;
    const row = (id: string, author: { id: string }, name: string, status: string, at: number, parentId: string | null, body: string) => ({
      id,
      article_id: 'art1',
      parent_id: parentId,
      author_id: author.id,
      author_name: name,
      body,
      status,
      created_at: iso(at),
      updated_at: iso(at),
      seq: ++seq,
    });
    await db
      .insertInto('comments')
      .values([
        row('bob1', bob, `Bob ${HOSTILE}`, 'approved', now - 60 * MINUTE, null, `First ${HOSTILE}`),
        row('ann-old', ann, 'Ann', 'approved', now - 30 * MINUTE, null, 'An old one of mine'),
        row('ann-new', ann, 'Ann', 'approved', now - 2 * MINUTE, 'bob1', 'A fresh reply'),
        row('ann-wait', ann, 'Ann', 'pending', now - 1 * MINUTE, 'bob1', `Waiting ${HOSTILE}`),
        row('bob-wait', bob, 'Bob', 'pending', now - 1 * MINUTE, null, 'Not shown to Ann'),
        row('ann-gone', ann, 'Ann', 'rejected', now - 1 * MINUTE, null, 'Rejected, not shown'),
      ])
      .execute();

    const page = await fetch(new URL('respond/art1', s.running.listening), { headers: { cookie: ann.cookie } });
    expect(page.status).toBe(200);
    const text = await page.text();
    expect(await htmlProblems(text)).toEqual([]);
    expect(text).not.toContain('<script>alert');
    const doc = parse(text);
    const ids = [...doc.querySelectorAll('#comments li.comment')].map((li) => li.id);
    expect(ids).toEqual(['comment-bob1', 'comment-ann-new', 'comment-ann-wait', 'comment-ann-old']);
    // Ann's pending reply sits under Bob's comment, marked.
    const waiting = doc.querySelector('#comment-bob1 > ol > #comment-ann-wait')!;
    expect(waiting.querySelector('.comment__pending')!.textContent).toBe('Awaiting review');
    expect(waiting.querySelector('.comment__text')!.textContent).toBe(`Waiting ${HOSTILE}`);
    expect(doc.querySelectorAll('.comment__pending')).toHaveLength(1);
    expect(doc.querySelector('#comments script, #comments img')).toBeNull();
    expect(doc.querySelector('#comment-bob1 .comment__author')!.textContent).toBe(`Bob ${HOSTILE}`);

    const formsOf = (id: string) =>
      [...doc.querySelectorAll(`#comment-${id} > article form`)].map((f) => ({ action: f.getAttribute('action'), token: (f.querySelector('input[name="_csrf"]') as unknown as { value: string }).value }));
    expect(formsOf('bob1')).toEqual([
      { action: '/live/art1/comments', token: ann.token },
      { action: '/live/art1/comments/bob1/report', token: ann.token },
    ]);
    expect(doc.querySelector('#comment-bob1 input[name="parentId"]')!.getAttribute('value')).toBe('bob1');
    // Within 10 minutes: reply, edit (prefilled), delete; later: reply and delete only.
    expect(formsOf('ann-new').map((f) => f.action)).toEqual(['/live/art1/comments', '/live/art1/comments/ann-new/edit', '/live/art1/comments/ann-new/delete']);
    expect(doc.querySelector('#comment-ann-new textarea[name="body"][id^="edit-"]')!.textContent).toBe('A fresh reply');
    expect(formsOf('ann-old').map((f) => f.action)).toEqual(['/live/art1/comments', '/live/art1/comments/ann-old/delete']);
    // A comment awaiting review takes no replies yet; its author may still change or delete it.
    expect(formsOf('ann-wait').map((f) => f.action)).toEqual(['/live/art1/comments/ann-wait/edit', '/live/art1/comments/ann-wait/delete']);
    // Every form and field is labelled: the box, the replies, the edits.
    const box = doc.querySelector('form.comment-form--new')!;
    expect(box.getAttribute('action')).toBe('/live/art1/comments');
    expect(doc.querySelector(`label[for="${box.querySelector('textarea')!.id}"]`)!.textContent).toBe('Write a comment');
    for (const area of doc.querySelectorAll('#comments textarea')) expect(doc.querySelector(`label[for="${area.id}"]`), area.id).not.toBeNull();
  });

  it('issue 14.3: signed out the section offers sign-in and no form; a banned reader is told why and gets no box', async () => {
    const s = await site();
    const signedOut = parse(await (await fetch(new URL('respond/art1', s.running.listening))).text());
    const login = signedOut.querySelector('#comments .comments__login')!;
    expect(login.textContent).toContain('Only logged-in users can comment');
    expect(login.querySelector('a')!.textContent).toBe('Log in to comment');
    expect(login.querySelector('a')!.getAttribute('href')).toBe('/login?return=%2Frespond%2Fart1');
    expect(signedOut.querySelector('#comments form')).toBeNull();

    const banned = await signedInReader(s.running.site.db, { name: 'Banned', status: 'banned' });
    const page = parse(await (await fetch(new URL('respond/art1', s.running.listening), { headers: { cookie: banned.cookie } })).text());
    expect(page.querySelector('#comments form')).toBeNull();
    expect(page.querySelector('#comments .reader-refusal')!.textContent).toBe('Your account is banned from this site, so you cannot vote or comment.');
  });
});

describe('renderCommentForms', () => {
  const approved = [{ id: 'c1', parentId: null, authorName: 'Cy', body: 'Hello', createdAt: '2026-01-01T00:00:00.000Z' }];
  const input = {
    articleId: 'art1',
    approved,
    own: [],
    reader: { token: 'tok', canComment: true, refusal: null },
    reportReasons: [
      { value: 'spam', label: 'Spam or advertising' },
      { value: 'other', label: `Something <b>else</b>` },
    ],
    loginUrl: '/login',
    maxChars: 5000,
    now: Date.parse('2026-01-01T00:05:00.000Z'),
  };

  it("issue 14.3: another reader's comment can be reported with a reason (radio group in a labelled fieldset) and an optional note", async () => {
    const doc = parse(`<!doctype html><html lang="en"><head><title>t</title></head><body>${renderCommentForms(input).value}</body></html>`);
    const report = doc.querySelector('form.comment-form--report')!;
    expect(report.getAttribute('action')).toBe('/live/art1/comments/c1/report');
    expect(report.querySelector('legend')!.textContent).toBe('Why are you reporting this comment?');
    expect([...report.querySelectorAll('input[name="reason"]')].map((r) => r.getAttribute('value'))).toEqual(['spam', 'other']);
    expect(report.querySelector('input[name="reason"][required]')).not.toBeNull();
    expect(report.querySelector('b')).toBeNull();
    expect(report.querySelector('textarea[name="note"]')!.hasAttribute('required')).toBe(false);
    expect(doc.querySelector('.comment-form__hint')!.textContent).toContain('5,000');
    // Not on one's own comment, and not for a reader who may not comment.
    const own = parse(renderCommentForms({ ...input, own: [{ ...approved[0]!, status: 'approved' as const, editableUntil: null, mine: true as const }] }).value);
    expect(own.querySelector('form.comment-form--report')).toBeNull();
    const refused = parse(renderCommentForms({ ...input, reader: { token: 'tok', canComment: false, refusal: 'Suspended.' } }).value);
    expect(refused.querySelector('form')).toBeNull();
    expect(refused.querySelector('.reader-refusal')!.textContent).toBe('Suspended.');
  });

  it('issue 14.3: threads nest like the article page and deeper replies line up at the last level', () => {
    const chain = Array.from({ length: 8 }, (_, i) => ({ id: `d${i}`, parentId: i === 0 ? null : `d${i - 1}`, authorName: 'R', body: `level ${i}`, createdAt: `2026-01-01T00:0${i}:00.000Z` }));
    const doc = parse(renderCommentForms({ ...input, approved: chain }).value);
    const depth = (id: string) => {
      let n = 0;
      for (let el = doc.getElementById(id)!.parentElement; el; el = el.parentElement) if (el.tagName === 'OL') n++;
      return n;
    };
    expect(chain.map((c) => depth(`comment-${c.id}`))).toEqual([1, 2, 3, 4, 5, 6, 6, 6]);
  });
});
