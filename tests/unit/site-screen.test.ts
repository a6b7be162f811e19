// Issue 14.3: the desktop's moderation rules applied on the site when a reader submits a comment.
// Real site databases on both engines; the same comments through the desktop's evaluator must
// give the same matches and outcomes.
import { afterEach, describe, expect, it } from 'vitest';
import { ingestComments } from '../../src/core/moderation/ingest';
import { siteRuleSet } from '../../src/core/remote/rules-push';
import type { ModerationRuleSet, SiteRule } from '../../src/shared/remote/site-api';
import { openSiteDb, type SiteDb } from '../../src/site/db/open';
import { writeTransaction } from '../../src/site/db/write';
import { screenComment, type Screening } from '../../src/site/readers/screen';
import { FeedStore } from '../../src/site/store/feeds';
import { currentRuleSet, readRuleSet, replaceRuleSet } from '../../src/site/store/moderation-rules';
import { useEngines } from '../site/engines';
import { startSite, type SiteUnderTest } from '../site/harness';
import { at, idOf, item, moderationWorkspace } from './moderation-helpers';

const ENGINES = useEngines();
const closing: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (closing.length) await closing.pop()!();
});

const rule = (id: number, kind: SiteRule['kind'], action: SiteRule['action'], pattern = '', threshold: number | null = null): SiteRule => ({ id, kind, pattern, action, threshold });

const RULES: ModerationRuleSet = {
  rules: [
    rule(1, 'banned_phrase', 'reject', 'kill yourself'),
    rule(2, 'suspect_phrase', 'report', 'idiot*'),
    rule(3, 'max_links', 'hold', '', 1),
    rule(4, 'repeat_text', 'hold', '', 10),
  ],
};

const T0 = Date.parse('2026-03-01T12:00:00.000Z');
const MINUTE = 60_000;

describe.each(ENGINES)('screening submitted comments on $name', (engine) => {
  async function site(): Promise<SiteDb> {
    const opened = await openSiteDb(await engine.storage());
    closing.push(() => opened.close());
    return opened;
  }
  const push = (s: SiteDb, set: ModerationRuleSet, now = T0) => writeTransaction(s.db, (trx) => replaceRuleSet(trx, set, new Date(now).toISOString()));
  let seq = 0;
  /** Stores a comment as the comment store would (the feed's upsert writes the same columns). */
  const store = (s: SiteDb, readerId: string, body: string, now: number) =>
    new FeedStore(s.db).upsertComments([
      { id: `c${++seq}`, articleId: 'art', parentId: null, authorId: readerId, authorName: 'Reader', body, status: 'pending', createdAt: new Date(now).toISOString(), updatedAt: new Date(now).toISOString() },
    ]);
  const screen = (s: SiteDb, body: string, now = T0, readerId = 'reader-1'): Promise<Screening> => screenComment(s.db, { readerId, articleId: 'art', parentId: null, body, now });

  it('before any push nothing matches; then banned words reject, suspect words report, links and repeats hold, with reasons in words', async () => {
    const s = await site();
    expect(await screen(s, 'Go kill yourself, see https://a.example https://b.example')).toEqual({ verdict: 'publish', report: false, reasons: [], matches: [] });
    await push(s, RULES);

    const banned = await screen(s, 'Go KILL, yourself!');
    expect(banned).toMatchObject({ verdict: 'reject', report: false, reasons: ['banned phrase "kill yourself"'] });
    expect(await screen(s, 'You IDIOTS')).toMatchObject({ verdict: 'publish', report: true, reasons: ['suspect word "idiots"'] });
    expect(await screen(s, 'see https://a.example and www.b.example')).toMatchObject({ verdict: 'hold', report: false, reasons: ['2 links (allowed 1)'] });
    expect(await screen(s, 'one link is fine: https://a.example')).toMatchObject({ verdict: 'publish', reasons: [] });
    // Rejection wins over everything else that matched.
    const both = await screen(s, 'idiots, kill yourself: https://a.example https://b.example');
    expect(both.verdict).toBe('reject');
    expect(both.report).toBe(true);
    expect(both.matches.map((m) => m.kind)).toEqual(['banned_phrase', 'suspect_phrase', 'max_links']);

    // Repeats: the same words (case, punctuation and spacing aside) by the same reader inside the window.
    await store(s, 'reader-1', 'Buy cheap watches now!', T0 - 5 * MINUTE);
    await store(s, 'reader-1', 'Something else entirely', T0 - 2 * MINUTE);
    const repeat = await screen(s, 'buy   CHEAP watches, now');
    expect(repeat).toMatchObject({ verdict: 'hold', reasons: [`the same text as this reader's comment c${seq - 1} within 10 min`] });
    expect((await screen(s, 'buy cheap watches now', T0 + 6 * MINUTE)).verdict).toBe('publish');
    expect((await screen(s, 'buy cheap watches now', T0, 'reader-2')).verdict).toBe('publish');
    // An empty comment repeats nothing.
    await store(s, 'reader-1', '   ', T0 - MINUTE);
    expect((await screen(s, '   ')).verdict).toBe('publish');
  });

  it('a comment already inserted in the transaction is not its own earlier copy', async () => {
    const s = await site();
    await push(s, RULES);
    await store(s, 'reader-1', 'Only once', T0);
    expect((await screenComment(s.db, { readerId: 'reader-1', articleId: 'art', parentId: null, body: 'only once', now: T0, commentId: `c${seq}` })).verdict).toBe('publish');
    expect((await screen(s, 'only once')).verdict).toBe('hold');
  });

  it('a new set applies from the next screening; the same set is compiled once and keeps its version', async () => {
    const s = await site();
    const first = await push(s, RULES);
    expect(first).toMatchObject({ version: 1, rules: RULES.rules });
    // Screenings arriving together after a push share one compile (the same object), as do later ones.
    const together = await Promise.all(Array.from({ length: 20 }, () => currentRuleSet(s.db)));
    expect(new Set(together).size).toBe(1);
    expect(await currentRuleSet(s.db)).toBe(together[0]);
    // The same rules in another order: the same set, no new version.
    expect(await push(s, { rules: [...RULES.rules].reverse() }, T0 + MINUTE)).toEqual(first);
    expect((await screen(s, 'a spamword here')).verdict).toBe('publish');

    const second = await push(s, { rules: [rule(9, 'banned_phrase', 'reject', 'spamword')] }, T0 + 2 * MINUTE);
    expect(second).toMatchObject({ version: 2, updatedAt: new Date(T0 + 2 * MINUTE).toISOString() });
    expect(await screen(s, 'a spamword here')).toMatchObject({ verdict: 'reject', reasons: ['banned word "spamword"'] });
    expect((await screen(s, 'kill yourself')).verdict).toBe('publish');
    // An empty set is a set: nothing matches any more.
    await push(s, { rules: [] });
    expect(await readRuleSet(s.db)).toMatchObject({ version: 3, rules: [] });
    expect((await screen(s, 'a spamword here')).verdict).toBe('publish');
  });

  it("gives the desktop evaluator's matches and outcomes on the same comments", async () => {
    const { ws, m, articleId } = moderationWorkspace();
    m.saveRule(null, { kind: 'banned_phrase', pattern: 'kill yourself', action: 'reject' });
    m.saveRule(null, { kind: 'banned_phrase', pattern: 'scam*', action: 'hold' });
    m.saveRule(null, { kind: 'suspect_phrase', pattern: 'idiot*', action: 'report' });
    m.saveRule(null, { kind: 'suspect_phrase', pattern: 'crème brûlée', action: 'hold' });
    m.saveRule(null, { kind: 'max_links', action: 'hold', threshold: 1 });
    m.saveRule(null, { kind: 'repeat_text', action: 'reject', threshold: 10 });
    // The site's share of the desktop's rules, as the desktop pushes it.
    const s = await site();
    await push(s, siteRuleSet(ws.db));

    const author = { remoteId: 'same', displayName: 'Same', createdAt: '2020-01-01T00:00:00.000Z' };
    const bodies = [
      'Go KILL yourself',
      'You idiots',
      'what a SCAMMER',
      'I love CRÈME Brûlée!',
      'https://a.example www.b.example',
      'Buy now!',
      'a perfectly fine comment',
      'buy   NOW',
      'idiots: https://a.example https://b.example kill yourself',
      'www.example.com only one',
    ];
    const outcomes: string[] = [];
    for (const [n, body] of bodies.entries()) {
      const createdAt = at(n * 60);
      ingestComments(ws, [item(n, articleId, { author, body, createdAt, publishedOnRemote: true })], 'site');
      const screened = await screen(s, body, Date.parse(createdAt), 'same');
      await store(s, 'same', body, Date.parse(createdAt));

      const desktop = ws.db.prepare('SELECT status, published, reported FROM comments WHERE id = ?').get(idOf(ws, `c${n}`)) as { status: string; published: number; reported: number };
      const matches = m.comment(idOf(ws, `c${n}`)).item.comment.ruleMatches;
      const comparable = (list: typeof matches) => list.map(({ ruleId, kind, action, detail }) => ({ ruleId, kind, action, detail: kind === 'repeat_text' ? '' : detail }));
      expect(comparable(screened.matches), body).toEqual(comparable(matches));
      const verdict = desktop.status === 'rejected' ? 'reject' : desktop.published === 0 ? 'hold' : 'publish';
      expect({ verdict: screened.verdict, report: screened.report }, body).toEqual({ verdict, report: desktop.reported === 1 });
      outcomes.push(`${screened.verdict}${screened.report ? '+report' : ''}`);
    }
    // Every branch of the decision table was exercised, not just "nothing matched".
    expect(outcomes).toEqual(['reject', 'publish+report', 'hold', 'hold', 'hold', 'publish', 'publish', 'reject', 'reject+report', 'publish']);
  });
});

describe.each(ENGINES)('PUT /api/moderation/rules on $name', (engine) => {
  async function running(scopes?: ('publish' | 'moderate')[]): Promise<SiteUnderTest> {
    const started = await startSite({ storage: await engine.storage() }, scopes);
    closing.push(() => started.running.close());
    return started;
  }

  it('replaces the set with the moderate scope, keeps the version for the same set, and refuses rules the desktop would refuse', async () => {
    const site = await running();
    expect((await site.call('GET', 'moderation/rules')).json).toEqual({ rules: [], version: 0, updatedAt: null });
    const put = await site.call('PUT', 'moderation/rules', { body: RULES });
    expect(put.status).toBe(200);
    expect(put.json).toMatchObject({ version: 1, rules: RULES.rules });
    expect((await site.call('PUT', 'moderation/rules', { body: RULES })).json).toEqual(put.json);
    expect((await site.call('GET', 'moderation/rules')).json).toEqual(put.json);
    // The screening of the server's own database sees it.
    expect((await screenComment(site.running.site.db, { readerId: 'r', articleId: 'a', parentId: null, body: 'kill yourself', now: Date.now() })).verdict).toBe('reject');

    const regex = await site.call('PUT', 'moderation/rules', { body: { rules: [rule(5, 'banned_phrase', 'reject', '(a+)+$')] } });
    expect(regex.status).toBe(400);
    expect(regex.json).toMatchObject({ error: { code: 'invalid_request', message: expect.stringContaining('regular expressions are not supported') } });
    const wrongAction = await site.call('PUT', 'moderation/rules', { body: { rules: [rule(5, 'suspect_phrase', 'reject', 'x')] } });
    expect(wrongAction.status).toBe(400);
    const twice = await site.call('PUT', 'moderation/rules', { body: { rules: [RULES.rules[0], RULES.rules[0]] } });
    expect(twice.json).toMatchObject({ error: { message: expect.stringContaining('Each rule id may appear once') } });
    const newAuthor = await site.call('PUT', 'moderation/rules', { body: { rules: [{ id: 7, kind: 'new_author', pattern: '', action: 'hold', threshold: 24 }] } });
    expect(newAuthor.status).toBe(400);
    expect((await site.call('GET', 'moderation/rules')).json).toEqual(put.json);
  });

  it('needs a token with the moderate scope, and a repeated Idempotency-Key replays the first answer', async () => {
    const publisher = await running(['publish']);
    expect((await publisher.call('PUT', 'moderation/rules', { body: RULES })).status).toBe(403);
    expect((await publisher.call('GET', 'moderation/rules')).status).toBe(403);
    expect((await publisher.call('GET', 'moderation/rules', { token: null })).status).toBe(401);

    const site = await running();
    const key = '6f1d2c1e-5a7b-4c1d-9e2f-0a1b2c3d4e5f';
    const first = await site.call('PUT', 'moderation/rules', { body: RULES, headers: { 'idempotency-key': key } });
    await site.call('PUT', 'moderation/rules', { body: { rules: [] } });
    const replay = await site.call('PUT', 'moderation/rules', { body: RULES, headers: { 'idempotency-key': key } });
    expect(replay.text).toBe(first.text);
    expect((await site.call('GET', 'moderation/rules')).json).toMatchObject({ version: 2, rules: [] });
  });
});
