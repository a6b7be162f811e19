import { afterEach, describe, expect, it } from 'vitest';
import type { RunningSite } from '../../src/site/index';
import { cleanCommentBody } from '../../src/site/store/comments';
import { useEngines } from '../site/engines';
import { activeParts, CORPUS } from '../site/hostile';
import { siteArticle, startSite } from '../site/harness';
import { signedInReader } from '../site/readers';
import { htmlProblems } from './site-fixtures';

/**
 * Issue 14.5: every string field of the comment endpoints (body, parentId, reason, note, the
 * comment id in the path) fed the hostile corpus, from the script (JSON) and from plain forms:
 * no 5xx, each comment is stored exactly as cleaned or not at all, and neither the article page,
 * its live JSON's HTML nor the forms page carries anything that could run.
 */

const LIMITS = { max: 100_000, windowMs: 60_000 };

describe.each(useEngines())('comment endpoints against hostile input on $name', (engine) => {
  let running: RunningSite | null = null;
  afterEach(async () => {
    await running?.close();
    running = null;
  });

  it('stores hostile comments whole or refuses them, and never lets them run', async () => {
    const s = await startSite({
      storage: await engine.storage(),
      readers: { commentModeration: { mode: 'post', trustAfter: 0 } },
      commentLimits: { commentsPerReader: LIMITS, commentsPerIp: null, reportsPerReader: LIMITS, reportsPerIp: null },
    });
    running = s.running;
    const site = running.site;
    expect((await s.call('PUT', 'articles/art1', { body: siteArticle('Hostile') })).status).toBe(200);
    const url = running.listening;
    const origin = new URL(url).origin;
    const ann = await signedInReader(site.db, { name: '<b>Ann</b>' });
    const bob = await signedInReader(site.db);
    const target = (await (await fetch(new URL('live/art1/comments', url), { method: 'POST', headers: { cookie: bob.cookie, origin, 'content-type': 'application/json', 'x-copydesk-csrf': bob.token }, body: JSON.stringify({ body: 'Target.' }) })).json()) as { comment: { id: string } };

    const script = (path: string, body: unknown) =>
      fetch(new URL(`live/art1/comments${path}`, url), { method: 'POST', headers: { cookie: ann.cookie, origin, 'content-type': 'application/json', 'x-copydesk-csrf': ann.token }, body: JSON.stringify(body) });
    const form = (path: string, fields: Record<string, string>) =>
      fetch(new URL(`live/art1/comments${path}`, url), {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie: ann.cookie, origin, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ ...fields, _csrf: ann.token }).toString(),
      });
    const safe = async (response: Response, what: string) => {
      expect(response.status, what).toBeLessThan(500);
      const text = await response.text();
      if ((response.headers.get('content-type') ?? '').startsWith('text/html')) {
        expect(activeParts(text), what).toEqual([]);
        expect(await htmlProblems(text), what).toEqual([]);
      }
      return response.status;
    };

    const expected: string[] = ['Target.'];
    for (const value of CORPUS) {
      // A path cannot hold a lone surrogate: the id in the path goes without it.
      const inPath = encodeURIComponent(value.replace(/\p{Cs}/gu, ''));
      const cleaned = cleanCommentBody(value);
      // Forms cannot carry a lone surrogate (URLSearchParams sends U+FFFD), so they differ there.
      const formCleaned = cleanCommentBody(value.replace(/\p{Cs}/gu, '\ufffd'));
      const viaScript = await safe(await script('', { body: value }), `script body ${value.slice(0, 30)}`);
      expect(viaScript, value.slice(0, 30)).toBe(cleaned.ok ? 201 : cleaned.status);
      if (cleaned.ok) expected.push(cleaned.text);
      const viaForm = await safe(await form('', { body: value }), `form body ${value.slice(0, 30)}`);
      expect(viaForm, value.slice(0, 30)).toBe(formCleaned.ok ? 303 : formCleaned.status);
      if (formCleaned.ok) expected.push(formCleaned.text);

      await safe(await script('', { body: 'Reply.', parentId: value }), `parentId ${value.slice(0, 30)}`);
      await safe(await form('', { body: 'Reply.', parentId: value }), `form parentId ${value.slice(0, 30)}`);
      await safe(await script(`/${target.comment.id}/report`, { reason: value }), `reason ${value.slice(0, 30)}`);
      await safe(await form(`/${target.comment.id}/report`, { reason: 'other', note: value }), `note ${value.slice(0, 30)}`);
      await safe(await script(`/${inPath}/edit`, { body: 'Edit.' }), `comment id ${value.slice(0, 30)}`);
      await safe(await form(`/${inPath}/delete`, {}), `form comment id ${value.slice(0, 30)}`);
    }

    // Every stored body is exactly a cleaned one: nothing truncated, mangled or half-written.
    const stored = await site.db.selectFrom('comments').select(['body', 'parent_id']).orderBy('created_at').orderBy('seq').execute();
    expect(stored.filter((c) => c.parent_id === null).map((c) => c.body).sort()).toEqual([...expected].sort());
    // Only valid parent ids made replies (none of the corpus is an id on this article).
    expect(stored.filter((c) => c.parent_id !== null)).toEqual([]);
    const reports = await site.db.selectFrom('comment_reports').select(['reason', 'note']).execute();
    expect(reports).toHaveLength(1);

    const page = await (await fetch(new URL('hostile/', url))).text();
    // The page's one script is its own live.js; nothing from the comments.
    expect(activeParts(page)).toEqual(['SCRIPT']);
    expect(page.match(/<script\b[^>]*>/g)).toEqual(['<script src="/assets/live.js" defer>']);
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    const live = (await (await fetch(new URL('live/art1.json', url))).json()) as { commentsHtml: string };
    expect(activeParts(`<!doctype html><html><body>${live.commentsHtml}</body></html>`)).toEqual([]);
    expect(live.commentsHtml).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(live.commentsHtml).toContain('&lt;b&gt;Ann&lt;/b&gt;');
  }, 240_000);
});
